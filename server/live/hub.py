"""The per-process fan-out: reads new events once, pushes each to the clients that may see it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ticketdesk.common.enums import EventKind, Role

from .. import clock
from . import feed, replay
from .audience import Audience
from .cursor import Cursor
from .reader import ReadBatch, Reader
from .resume import Plan, ResumePlanner
from .subscriber import CLOSE_SESSION_ENDED, Subscriber
from .timing import PushTimings

log = logging.getLogger(__name__)


class Hub:
    def __init__(
        self,
        *,
        engine: Engine,
        session_factory: sessionmaker[Session],
        queue_size: int,
        poll_seconds: float,
        replay_limit: int,
        replay_batch: int = 200,
        heartbeat_seconds: float = 10.0,
        also_wake: Callable[[], None] | None = None,
        wake_on_every_event: Callable[[], None] | None = None,
        observe: Callable[[EventKind, dict], None] | None = None,
    ) -> None:
        self._observe = observe
        self._session_factory = session_factory
        self._queue_size = queue_size
        self._poll_seconds = poll_seconds
        self.replay_limit = replay_limit
        self.replay_batch = replay_batch
        self.replay_buffered = 0
        """Backlog events read for resuming clients and not yet sent, across all of them."""
        self.replay_buffered_peak = 0
        self.replay_cache = replay.ReplayCache()
        self.resumes = ResumePlanner(
            session_factory, self.replay_cache, replay_limit=replay_limit, batch=replay_batch
        )
        self._engine = engine
        self._also_wake = also_wake
        self._wake_on_every_event = wake_on_every_event
        self._reader: Reader | None = None
        self._subscribers = Audience()
        self._heartbeat_task: asyncio.Task[None] | None = None
        self._heartbeat_seconds = heartbeat_seconds
        self._connected: Counter[int] = Counter()
        self.cursor: Cursor | None = None
        self.delivered = 0
        self.timings = PushTimings()
        self._probe_task: asyncio.Task[None] | None = None

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @property
    def listening(self) -> bool:
        return self._reader is not None and self._reader.connected

    async def start(self) -> None:
        self.cursor = await asyncio.to_thread(feed.horizon, self._session_factory)
        loop = asyncio.get_running_loop()
        # The dispatcher's and the deliverer's wake-ups are thread-safe: the reader calls
        # them from its thread, as soon as a notification arrives.
        self._reader = Reader(
            engine=self._engine,
            session_factory=self._session_factory,
            start=self.cursor,
            poll_seconds=self._poll_seconds,
            loop=loop,
            deliver=self._take,
            listening=lambda: bool(self._subscribers),
            also=self._also_wake,
            always=self._wake_on_every_event,
        )
        self._reader.start()
        self._heartbeat_task = loop.create_task(self._heartbeat(), name="live-heartbeat")
        self._probe_task = loop.create_task(self.timings.probe_loop(), name="loop-lag-probe")

    async def stop(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            await asyncio.to_thread(reader.stop)
        for task in (self._heartbeat_task, self._probe_task):
            if task:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def wake(self) -> None:
        if self._reader is not None:
            self._reader.wake()

    def subscribe(
        self,
        *,
        user_id: int,
        role: Role,
        group_ids: frozenset[int],
        session_id: int | None = None,
        expires_at: datetime | None = None,
        key_id: int | None = None,
    ) -> tuple[Subscriber, Cursor]:
        """Register a client; it receives every event after the returned cursor."""
        assert self.cursor is not None, "hub not started"
        sub = Subscriber(
            user_id=user_id,
            role=role,
            group_ids=group_ids,
            queue_size=self._queue_size,
            timings=self.timings,
            session_id=session_id,
            expires_at=expires_at,
            key_id=key_id,
        )
        self._subscribers.add(sub)
        self._connected[user_id] += 1
        return sub, self.cursor

    def unsubscribe(self, sub: Subscriber) -> None:
        if sub in self._subscribers:
            self._subscribers.remove(sub)
            self._connected[sub.user_id] -= 1
            if self._connected[sub.user_id] <= 0:
                del self._connected[sub.user_id]

    def connected_users(self) -> list[int]:
        return sorted(self._connected)

    async def _heartbeat(self) -> None:
        # A connected client is a sign of life: it keeps its user from being swept offline.
        while True:
            await asyncio.sleep(self._heartbeat_seconds)
            now = clock.now()
            for sub in self._subscribers:
                if sub.expires_at is not None and sub.expires_at <= now:
                    sub.drop(CLOSE_SESSION_ENDED, "session_expired")
            users = self.connected_users()
            if users:
                try:
                    await asyncio.to_thread(feed.touch, self._session_factory, users)
                except Exception:
                    log.exception("recording live clients' heartbeat failed")

    def _audience(self, sub: Subscriber) -> tuple[frozenset[int], int] | None:
        return None if sub.role.supervises else (frozenset(sub.group_ids), sub.user_id)

    async def too_far_behind(self, sub: Subscriber, after: Cursor, upto: Cursor) -> bool:
        """Whether more than ``replay_limit`` events in (after, upto] are for this client: it
        should reload over HTTP instead of replaying them. Counted, not read: nothing is
        held in memory to decide."""
        limit = self.replay_limit + 1
        total = await asyncio.to_thread(
            feed.count_after, self._session_factory, after, upto=upto, limit=limit
        )
        audience = self._audience(sub)
        if total <= self.replay_limit or audience is None:
            return total > self.replay_limit
        mine = await asyncio.to_thread(
            feed.count_after,
            self._session_factory,
            after,
            upto=upto,
            audience=audience,
            limit=limit,
        )
        return mine > self.replay_limit

    async def from_elsewhere(self, after: Cursor) -> bool:
        """Whether a client's cursor is not of this database (``feed.from_elsewhere``)."""
        return await asyncio.to_thread(feed.from_elsewhere, self._session_factory, after)

    async def resume(
        self, sub: Subscriber, after: Cursor, upto: Cursor
    ) -> AsyncIterator[list[feed.Item]] | None:
        """The backlog in (after, upto] for this client, a batch at a time (as ``replay``);
        None when it is too long to replay (the client reloads). Decided, with the first
        batch read, together with the other clients resuming at the moment
        (``resume.ResumePlanner``); alone when its window is too long for that."""
        plan = await self.resumes.plan(after, upto, self._audience(sub))
        if plan is None:
            if await self.too_far_behind(sub, after, upto):
                return None
            return self.replay(sub, after, upto)
        if plan.too_far:
            return None
        return self._planned(sub, plan, upto)

    async def _planned(
        self, sub: Subscriber, plan: Plan, upto: Cursor
    ) -> AsyncIterator[list[feed.Item]]:
        if plan.first:
            with self._holding(plan.first):
                yield plan.first
        if plan.more:
            async with contextlib.aclosing(self.replay(sub, plan.last, upto)) as batches:
                async for batch in batches:
                    yield batch

    @contextlib.contextmanager
    def _holding(self, batch: list[feed.Item]) -> Iterator[None]:
        """Counts ``batch`` as buffered while the caller sends it."""
        self.replay_buffered += len(batch)
        self.replay_buffered_peak = max(self.replay_buffered_peak, self.replay_buffered)
        try:
            yield
        finally:
            self.replay_buffered -= len(batch)

    async def replay(
        self, sub: Subscriber, after: Cursor, upto: Cursor
    ) -> AsyncIterator[list[feed.Item]]:
        """The events in (after, upto] the client may see, oldest first, a batch of at most
        ``replay_batch`` at a time: the next batch is read only when the caller asks for it
        (after sending this one), so a resuming client never holds more than one batch —
        after a restart every client resumes at once. The events themselves are read and
        encoded once for all resuming clients (``replay.ReplayCache``)."""
        audience = self._audience(sub)
        cursor = after
        more = True
        while more and cursor < upto:
            batch, more = await asyncio.to_thread(
                replay.read_batch,
                self._session_factory,
                self.replay_cache,
                cursor,
                limit=self.replay_batch,
                upto=upto,
                audience=audience,
            )
            if not batch:
                return
            with self._holding(batch):
                yield batch
            cursor = batch[-1].cursor

    def _take(self, batch: ReadBatch) -> None:
        """On the event loop, for each batch the reader hands over, in order: offer its
        events to the clients that may see them."""
        reader = self._reader
        if reader is None:  # stopped
            return
        reader.taken()
        if batch.after != self.cursor:
            return  # read before the re-read asked for below: it comes again
        if not batch.encoded and self._subscribers:
            # someone connected while it was read without encoding: read that batch again
            reader.reread(self.cursor)
            return
        stamp = self.timings.batch(batch.notified, batch.started, batch.read,
                                   time.perf_counter())
        try:
            for item in batch.items:
                if self._observe is not None:
                    self._observe(item.kind, item.data)
                user_id = item.data.get("user_id")
                if isinstance(user_id, int):  # an event about someone connected
                    for sub in self._subscribers.of_user(user_id):
                        if sub.follow(item):
                            self._subscribers.reindex(sub)
                for sub in self._subscribers.recipients(item):
                    sub.offer(item, stamp)
        except Exception:
            # Read it again: a client offered part of it skips what it has already sent.
            log.exception("offering new events failed")
            reader.reread(self.cursor)
            return
        self.cursor = batch.items[-1].cursor
        self.delivered += len(batch.items)
