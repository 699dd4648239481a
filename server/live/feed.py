"""Reading the events table in commit-safe order, and encoding events for the wire."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, any_, func, literal, or_, select, text, tuple_, update
from sqlalchemy.orm import Session, sessionmaker

from ticketdesk.common.enums import ADMIN_KINDS, EventKind
from ticketdesk.common.models import EventPublic, LiveMessage, TicketPublic

from .. import clock
from ..store.schema import Event, Ticket, User
from .cursor import Cursor

PUBLIC_KINDS = frozenset(
    {
        EventKind.GROUP_CREATED,
        EventKind.GROUP_UPDATED,
        EventKind.TYPE_CREATED,
        EventKind.TYPE_UPDATED,
    }
)
"""Events every signed-in user may see: group and ticket-type settings are public."""

_HORIZON = text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
_XMAX = text("pg_snapshot_xmax(pg_current_snapshot())::text::bigint")


@dataclass(frozen=True, slots=True)
class Item:
    """One event ready to push: who may see it, and its message encoded once for everyone."""

    cursor: Cursor
    kind: EventKind
    audience_groups: frozenset[int]
    audience_users: frozenset[int]
    data: dict
    message: str | None
    """The encoded wire message (encoded once for all recipients); None when nobody listened."""
    redacted: str | None = None
    """For an admin change: the message agents get instead, saying only what changed (ids),
    not how (before → after is for supervisors and admins)."""

    def message_for(self, supervises: bool) -> str | None:
        return self.message if supervises or self.redacted is None else self.redacted

    @property
    def public(self) -> bool:
        return self.kind in PUBLIC_KINDS


def horizon(session_factory: sessionmaker[Session]) -> Cursor:
    """A cursor before every event that may still commit: where a fresh reader starts."""
    with session_factory() as session:
        xmin = session.scalar(select(_HORIZON))
    return Cursor(int(xmin), 0)


def from_elsewhere(session_factory: sessionmaker[Session], cursor: Cursor) -> bool:
    """Whether ``cursor`` names a transaction this database has not begun yet: a cursor from
    before a backup was restored on another PostgreSQL. Resuming from it would skip every
    event until the counter got there; the client has to reload instead. (A cursor a
    server gave out is below the snapshot's ``xmin`` then, and ``xmax`` only grows — so a
    client that fails over to a server still catching up is never taken for one.)"""
    with session_factory() as session:
        xmax = session.scalar(select(_XMAX))
    return cursor.xid > int(xmax)


def touch(session_factory: sessionmaker[Session], user_ids: list[int]) -> None:
    """Record that these users have a live connection right now — by the application's clock,
    which the presence sweep compares it with (the database's would differ by any skew)."""
    with session_factory() as session:
        session.execute(
            update(User).where(User.id.in_(user_ids)).values(last_seen_at=clock.now())
        )
        session.commit()


def window(
    query: Select,
    after: Cursor,
    upto: Cursor | None,
    audience: tuple[frozenset[int], int] | None,
) -> Select:
    """Restrict ``query`` to committed events in (after, upto], and to what ``audience``
    (group ids, user id) may see."""
    query = query.where(
        tuple_(Event.xid, Event.id) > tuple_(literal(after.xid), literal(after.id))
    ).where(Event.xid < _HORIZON)
    if upto is not None:
        query = query.where(
            tuple_(Event.xid, Event.id) <= tuple_(literal(upto.xid), literal(upto.id))
        )
    if audience is not None:
        groups, user_id = audience
        query = query.where(
            or_(
                Event.audience_groups.overlap(sorted(groups) or [-1]),
                literal(user_id) == any_(Event.audience_users),
                and_(Event.ticket_id.is_(None), Event.kind.in_(PUBLIC_KINDS)),
            )
        )
    return query


def read_after(
    session_factory: sessionmaker[Session],
    after: Cursor,
    *,
    limit: int,
    upto: Cursor | None = None,
    audience: tuple[frozenset[int], int] | None = None,
    messages: bool = True,
) -> list[Item]:
    """Committed events after ``after`` (up to ``upto``), oldest first. With ``audience``
    (group ids, user id) only the events that agent may see. Without ``messages`` (nobody
    is listening) the tickets are not read and nothing is encoded. (Resuming clients read
    through ``replay``, which shares the encoded items between them.)"""
    base = (
        select(Event, Ticket).outerjoin(Ticket, Ticket.id == Event.ticket_id)
        if messages
        else select(Event)
    )
    query = window(base, after, upto, audience).order_by(Event.xid, Event.id).limit(limit)
    with session_factory() as session:
        if not messages:
            return [encode(event, None, message=False) for event in session.scalars(query)]
        rows = session.execute(query).all()
        return [encode(event, ticket) for event, ticket in rows]


def count_after(
    session_factory: sessionmaker[Session],
    after: Cursor,
    *,
    upto: Cursor,
    audience: tuple[frozenset[int], int] | None = None,
    limit: int,
) -> int:
    """How many events ``read_after`` would find in (after, upto], counting no further than
    ``limit`` (enough to tell whether a backlog is too long to replay)."""
    ids = window(select(Event.id), after, upto, audience).limit(limit).subquery()
    with session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(ids)) or 0)


_REDACTED_KEEPS = ("group_id", "user_id", "type_id", "key")
"""What an agent's client learns of an admin change: enough to fetch the directory again."""


def encode(event: Event, ticket: Ticket | None, *, message: bool = True) -> Item:
    cursor = Cursor(event.xid, event.id)
    text = redacted = None
    if message:
        public = EventPublic.model_validate(event)
        text = LiveMessage(
            type="event",
            cursor=str(cursor),
            event=public,
            ticket=TicketPublic.model_validate(ticket) if ticket is not None else None,
        ).model_dump_json()
        if event.kind in ADMIN_KINDS:
            kept = {k: v for k, v in event.data.items() if k in _REDACTED_KEEPS}
            redacted = LiveMessage(
                type="event", cursor=str(cursor), event=public.model_copy(update={"data": kept})
            ).model_dump_json()
    return Item(
        cursor=cursor,
        kind=event.kind,
        audience_groups=frozenset(event.audience_groups),
        audience_users=frozenset(event.audience_users),
        data=event.data,
        message=text,
        redacted=redacted,
    )
