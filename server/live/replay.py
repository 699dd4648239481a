"""Backlogs for resuming clients: which events each may see is asked of PostgreSQL (cursors
only), the events themselves are read and encoded once for all of them.

After a server restart every client resumes at once, the agents of one group from nearly the
same cursor. Reading each client's backlog whole (events joined with their tickets, JSON
decoded, ORM rows built, then encoded) cost a thousand clients a hundred thousand rows for
five thousand distinct events: the py-spy profile of the storm bench had two thirds of the
restarted server in ``read_after``. Now a client's batch is its events' cursors (two integers
a row, filtered by its audience in the database), and the events come from a bounded cache
of encoded items shared by every resuming client; only the ones no one has asked for
recently are read, in one query by id.

A cached item carries its ticket as it stood when the item was first encoded, not when it is
replayed; that is never older than the event itself, and every later change of the ticket is
an event of its own further on in the backlog (or live), so a client ends with the ticket as
it stands (it keeps the higher ``version``)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..store.schema import Event, Ticket
from .cursor import Cursor
from .feed import Item, encode, window

CACHE_ITEMS = 10_000
"""Encoded events kept for resuming clients (about 2 KB each: some 20 MB when full). As many
as a single client may replay (``live_replay_limit``'s default), so a storm whose clients
share their backlogs reads each event once."""


class ReplayCache:
    """Encoded items by event cursor, least recently used dropped first; thread-safe (the
    reads run in worker threads). Keyed by (xid, id), not the id alone: an id can come again
    (a database restored from an older backup, a test's emptied tables), a cursor cannot."""

    def __init__(self, capacity: int = CACHE_ITEMS) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Cursor, Item] = OrderedDict()
        self._lock = threading.Lock()
        self.reads = 0
        """Events read from the database and encoded (the cache's misses)."""

    def __len__(self) -> int:
        return len(self._items)

    def _get(self, cursors: list[Cursor]) -> dict[Cursor, Item]:
        with self._lock:
            found = {}
            for cursor in cursors:
                item = self._items.get(cursor)
                if item is not None:
                    self._items.move_to_end(cursor)
                    found[cursor] = item
            return found

    def _put(self, items: list[Item]) -> dict[Cursor, Item]:
        with self._lock:
            kept = {}
            for item in items:
                # Another thread may have encoded it meanwhile: keep one copy.
                kept[item.cursor] = self._items.setdefault(item.cursor, item)
                self._items.move_to_end(item.cursor)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
            return kept

    def items(self, session: Session, cursors: list[Cursor]) -> list[Item]:
        """The encoded events at ``cursors``, in that order."""
        found = self._get(cursors)
        missing = [c.id for c in cursors if c not in found]
        if missing:
            rows = session.execute(
                select(Event, Ticket).outerjoin(Ticket, Ticket.id == Event.ticket_id)
                .where(Event.id.in_(missing))
            ).all()
            self.reads += len(rows)
            found.update(self._put([encode(event, ticket) for event, ticket in rows]))
        # A cursor without its row cannot happen (the record is append-only); skip rather
        # than fail.
        return [found[c] for c in cursors if c in found]


def read_batch(
    session_factory: sessionmaker[Session],
    cache: ReplayCache,
    after: Cursor,
    *,
    limit: int,
    upto: Cursor,
    audience: tuple[frozenset[int], int] | None,
) -> tuple[list[Item], bool]:
    """The next at most ``limit`` events in (after, upto] that ``audience`` may see, oldest
    first, and whether there may be more after them."""
    query = window(select(Event.xid, Event.id), after, upto, audience)
    query = query.order_by(Event.xid, Event.id).limit(limit)
    with session_factory() as session:
        cursors = [Cursor(xid, ident) for xid, ident in session.execute(query)]
        items = cache.items(session, cursors) if cursors else []
    return items, len(cursors) == limit
