"""Resuming clients planned together: for each, whether its backlog is too long to replay and
the cursors of its first batch — from one read of the events their backlogs span.

After a restart every client resumes at once, nearly all from about the same cursor. Asked
one by one, each cost two worker-thread hops and sessions (the count that decides between a
replay and a reset, then its first batch) and PostgreSQL scanned the whole window for each —
the same 5,000 events a thousand times over in the storm bench, where these reads kept the
worker threads busy for seconds while the clients waited for their ``hello``. Here the
resumes that arrive within a few milliseconds of each other share one hop, one session and
one query: the window from the earliest cursor among them, a few small columns a row (who may
see each event), read once and indexed in memory by group and user; each client's plan is
then a few list slices. The rules are ``feed.window``'s, applied to those columns.

The read is bounded (``scan_limit`` rows). A client whose window reaches past it — far
behind, where the count may exceed the replay limit — is planned one by one as before
(:meth:`Hub.too_far_behind` and ``replay.read_batch``): exact, only slower.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from heapq import merge

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..store.schema import Event
from .cursor import Cursor
from .feed import PUBLIC_KINDS, Item, window
from .replay import ReplayCache

AudienceKey = tuple[frozenset[int], int] | None
"""(group ids, user id) of an agent; None for whoever sees everything (supervisors, keys)."""


@dataclass(frozen=True, slots=True)
class Request:
    after: Cursor
    upto: Cursor
    audience: AudienceKey


@dataclass(frozen=True, slots=True)
class Plan:
    too_far: bool
    """More than the replay limit for this client: it reloads instead (``reset``)."""
    first: list[Item]
    """Its first batch (empty when too far, or nothing is for it)."""
    last: Cursor
    """Where the next batch starts: the first batch's last cursor (or ``after``)."""
    more: bool
    """Whether events for it remain in (last, upto] after the first batch."""


class Window:
    """The events in (after, upto] read for a batch of resumes — all of them, or when the
    read stopped at its limit those up to ``end`` — indexed by who may see them: positions
    into ``keys`` (ascending (xid, id)) per group, per user, and public.

    Events up to a hub cursor never change and none can still appear among them (a hub
    cursor is below the snapshot horizon), so a window stays true after its read: the next
    batch of resumes is planned from it when it covers them, without reading again."""

    def __init__(self, rows: list[tuple[int, int, str, bool, list[int], list[int]]],
                 after: Cursor, upto: Cursor, end: tuple[int, int] | None) -> None:
        self.after = after
        self.upto = upto
        self.end = end
        """The last key read when the read stopped at its limit; None when it read the
        whole window."""
        self.keys: list[tuple[int, int]] = []
        self.by_group: dict[int, list[int]] = {}
        self.by_user: dict[int, list[int]] = {}
        self.public: list[int] = []
        for position, (xid, ident, kind, ticketless, groups, users) in enumerate(rows):
            self.keys.append((xid, ident))
            for group_id in set(groups):
                self.by_group.setdefault(group_id, []).append(position)
            for user_id in set(users):
                self.by_user.setdefault(user_id, []).append(position)
            if ticketless and kind in PUBLIC_KINDS:
                self.public.append(position)

    def covers(self, request: Request) -> bool:
        """Whether every event in the request's (after, upto] was read."""
        if request.after < self.after:
            return False
        if self.end is None:
            return request.upto <= self.upto
        return (request.upto.xid, request.upto.id) <= self.end

    def plan(
        self, request: Request, *, replay_limit: int, batch: int
    ) -> tuple[bool, list[int], bool]:
        """(too far, positions of the first batch, more after it) — as ``feed.window`` with
        ``count_after`` and ``read_batch`` would find them."""
        lo = bisect_right(self.keys, (request.after.xid, request.after.id))
        hi = bisect_right(self.keys, (request.upto.xid, request.upto.id))
        if request.audience is None:
            if hi - lo > replay_limit:
                return True, [], False
            return False, list(range(lo, min(hi, lo + batch))), hi - lo > batch
        groups, user_id = request.audience
        lists = [self.by_group.get(g, []) for g in groups]
        lists += [self.by_user.get(user_id, []), self.public]
        slices = [(positions, bisect_left(positions, lo), bisect_left(positions, hi))
                  for positions in lists if positions]
        if hi - lo > replay_limit:  # only then is the client's own count needed
            mine: set[int] = set()
            for positions, start, stop in slices:
                mine.update(positions[start:stop])
            if len(mine) > replay_limit:
                return True, [], False
        # The first batch + 1 of the union, deduplicated (an event can be for two of the
        # client's groups): only the head of each list is needed.
        heads = [positions[start:min(stop, start + batch + 1)]
                 for positions, start, stop in slices]
        first: list[int] = []
        for position in merge(*heads):
            if not first or first[-1] != position:
                first.append(position)
                if len(first) > batch:
                    break
        return False, first[:batch], len(first) > batch


def read_window(session: Session, after: Cursor, upto: Cursor, limit: int) -> Window:
    """The events in (after, upto] with who may see them, at most ``limit`` of them."""
    query = window(
        select(Event.xid, Event.id, Event.kind, Event.ticket_id.is_(None),
               Event.audience_groups, Event.audience_users),
        after, upto, None,
    ).order_by(Event.xid, Event.id).limit(limit)
    rows = [tuple(row) for row in session.execute(query)]
    end = (rows[-1][0], rows[-1][1]) if len(rows) == limit else None
    return Window(rows, after, upto, end)  # type: ignore[arg-type]


def plan_all(
    session: Session,
    cache: ReplayCache,
    requests: list[Request],
    *,
    replay_limit: int,
    batch: int,
    scan_limit: int,
    known: Window | None = None,
    rounds: int = 3,
) -> tuple[list[Plan | None], Window | None]:
    """A plan for each request, or None for one the bounded reads did not cover (plan it
    alone); and the window last read (or ``known``), for the next batch. The requests
    ``known`` covers are planned from it; for the rest, each round reads from the earliest
    cursor still unplanned, and that earliest one is always settled by its round (planned,
    or left alone when its own window is longer than a read), so a client far behind does
    not leave the others unplanned."""
    found: dict[int, tuple[bool, list[tuple[int, int]], bool]] = {}
    waiting = sorted(range(len(requests)), key=lambda i: requests[i].after)
    # the known window (free), then up to ``rounds`` reads
    for read in [*([known] if known else []), *[None] * rounds]:
        if not waiting:
            break
        fresh = read is None
        if read is None:
            read = read_window(session, requests[waiting[0]].after,
                               max(requests[i].upto for i in waiting), scan_limit)
        still = []
        for index in waiting:
            request = requests[index]
            if read.covers(request):
                too_far, positions, more = read.plan(request, replay_limit=replay_limit,
                                                     batch=batch)
                found[index] = (too_far, [read.keys[p] for p in positions], more)
            elif not (fresh and request.after == read.after):
                still.append(index)
            # else: its own window is longer than a read; planned alone
        waiting, known = still, read
    wanted = sorted({key for _, keys, _ in found.values() for key in keys})
    # By (xid, id) tuples, not Cursors: a thousand clients' hundred keys each, and a
    # dataclass's hash and == are Python code (a third of this function in the profile).
    items = {(item.cursor.xid, item.cursor.id): item
             for item in cache.items(session, [Cursor(*k) for k in wanted])}
    plans: list[Plan | None] = []
    for index, request in enumerate(requests):
        if index not in found:
            plans.append(None)
            continue
        too_far, keys, more = found[index]
        first = [items[k] for k in keys if k in items]
        last = Cursor(*keys[-1]) if keys else request.after
        plans.append(Plan(too_far=too_far, first=first, last=last, more=more))
    return plans, known


_Pending = tuple[Request, "asyncio.Future[Plan | None]"]


class ResumePlanner:
    """Plans resumes in batches, one batch at a time: the resumes that arrive while a batch
    is planned form the next one (the first waits ``window_seconds`` for company). Run
    concurrently, the batches of a storm each read and encoded the same events (every
    batch missing from the cache what the others were still reading) and held them at the
    same time; one at a time, each batch is as large as the storm makes it, and the events
    are read once."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        cache: ReplayCache,
        *,
        replay_limit: int,
        batch: int,
        window_seconds: float = 0.005,
        max_batch: int = 1000,
        scan_limit: int | None = None,
    ) -> None:
        self._sessions = session_factory
        self._cache = cache
        self._replay_limit = replay_limit
        self._batch = batch
        self._window = window_seconds
        self._max = max_batch
        # Enough for any window of up to the replay limit, so only a client that may be
        # too far behind is left to the single path.
        self._scan_limit = scan_limit if scan_limit is not None else replay_limit + 1
        self._known: Window | None = None
        """The last window read (at most ``scan_limit`` rows of a few integers each)."""
        self._pending: list[_Pending] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: asyncio.Task[None] | None = None
        self.batches = 0
        """Batches planned so far (one session each, and a read of the window unless the
        last one covered it)."""
        self.clients = 0

    async def plan(self, after: Cursor, upto: Cursor, audience: AudienceKey) -> Plan | None:
        """This client's plan; None when it must be planned alone (its window is longer than
        a batch's read)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Plan | None] = loop.create_future()
        self._pending.append((Request(after, upto, audience), future))
        if self._running is None and self._timer is None:
            self._timer = loop.call_later(self._window, self._flush)
        return await future

    def _flush(self) -> None:
        self._timer = None
        if self._running is not None or not self._pending:
            return  # the running batch flushes again when done
        pending, self._pending = self._pending[:self._max], self._pending[self._max:]
        self._running = asyncio.get_running_loop().create_task(self._resolve(pending))

    async def _resolve(self, pending: list[_Pending]) -> None:
        try:
            plans = await asyncio.to_thread(self._plan, [request for request, _ in pending])
        except Exception as exc:  # the database is away: every waiting client hears it
            for _, future in pending:
                if not future.done():
                    future.set_exception(exc)
        else:
            self.batches += 1
            self.clients += len(pending)
            for (_, future), plan in zip(pending, plans, strict=True):
                if not future.done():  # its connection was given up meanwhile
                    future.set_result(plan)
        finally:
            self._running = None
            if self._pending:
                self._flush()

    def _plan(self, requests: list[Request]) -> list[Plan | None]:
        with self._sessions() as session:
            plans, self._known = plan_all(
                session, self._cache, requests, replay_limit=self._replay_limit,
                batch=self._batch, scan_limit=self._scan_limit, known=self._known,
            )
        return plans
