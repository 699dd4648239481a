"""The audit search: events of the whole record (ticket steps and admin changes) by who,
what, when, where and words, newest first, paged by a keyset cursor (never OFFSET, so the
hundredth page of ten million events costs what the first does)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Select, and_, any_, cast, literal, or_, select, text, tuple_
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from ticketdesk.common import limits, numbers
from ticketdesk.common.enums import ADMIN_KINDS, EventKind

from ..store.schema import Event, Ticket
from . import search_text
from .errors import Invalid


class Subject(StrEnum):
    TICKET = "ticket"
    """Steps of tickets."""
    ADMIN = "admin"
    """Changes to users, groups, members and ticket types."""


@dataclass
class EventFilter:
    kinds: list[EventKind] = field(default_factory=list)
    actor_ids: list[int] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)
    """Events that concern these groups (a ticket's group before or after, a group's
    settings or members)."""
    user_id: int | None = None
    """Events that concern this user (assigned to them, their account, their memberships)."""
    ticket_id: int | None = None
    order_no: str | None = None
    subject: Subject | None = None
    q: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    cursor: str | None = None
    limit: int = limits.PAGE_SIZE_DEFAULT


def encode_cursor(event: Event) -> str:
    micros = int(event.created_at.timestamp() * 1_000_000)
    raw = f"e{micros}.{event.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("e"):
            raise ValueError
        micros_text, _, id_text = raw[1:].partition(".")
        micros, event_id = numbers.parse_int(micros_text), numbers.parse_int(id_text)
        if micros is None or event_id is None:
            raise ValueError
        when = datetime.fromtimestamp(micros / 1_000_000, UTC)
        return when, event_id
    except (ValueError, OverflowError, OSError, binascii.Error, UnicodeDecodeError) as exc:
        raise Invalid(
            "malformed cursor; pass next_cursor back as given", code="invalid_cursor"
        ) from exc


def search_events(*, session: Session, filt: EventFilter) -> tuple[list[Event], str | None]:
    """One page of events matching every given criterion, newest first, and the cursor of
    the next page (None at the end). For supervisors and admins: no visibility filter."""
    query = filtered(select(Event), filt)
    if filt.cursor:
        when, event_id = _decode_cursor(filt.cursor)
        query = query.where(
            tuple_(Event.created_at, Event.id) < tuple_(literal(when), literal(event_id))
        )
    limit = max(1, min(filt.limit, limits.PAGE_SIZE_MAX))
    query = query.order_by(Event.created_at.desc(), Event.id.desc()).limit(limit + 1)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]) if more else None


def filtered(query: Select, filt: EventFilter) -> Select:
    """The query narrowed to the events matching every given criterion (the search's and
    the export's one filter)."""
    if filt.kinds:
        query = query.where(Event.kind.in_(filt.kinds))
    if filt.subject is Subject.ADMIN:
        query = query.where(Event.kind.in_(ADMIN_KINDS))
    elif filt.subject is Subject.TICKET:
        query = query.where(Event.ticket_id.is_not(None))
    if filt.actor_ids:
        query = query.where(Event.actor_id.in_(filt.actor_ids))
    if filt.group_ids:
        query = query.where(Event.audience_groups.overlap(sorted(set(filt.group_ids))))
    if filt.user_id is not None:
        query = query.where(literal(filt.user_id) == any_(Event.audience_users))
    if filt.ticket_id is not None:
        query = query.where(Event.ticket_id == filt.ticket_id)
    if filt.order_no:
        query = query.where(
            Event.ticket_id.in_(select(Ticket.id).where(Ticket.order_no == filt.order_no))
        )
    if filt.created_from is not None:
        query = query.where(Event.created_at >= filt.created_from)
    if filt.created_to is not None:
        query = query.where(Event.created_at < filt.created_to)
    if filt.q:
        query = _text_filter(query, filt.q)
    return query


def _text_filter(query: Select, q: str) -> Select:
    """Words of the event's own text, or a ticket number (``123`` or ``#123``)."""
    q = q.strip()
    number = q.lstrip("#")
    conditions = []
    ticket_id = numbers.parse_int(number)
    if ticket_id is not None:
        conditions.append(Event.ticket_id == ticket_id)
        if q.startswith("#"):  # "#123" is a ticket number and nothing else
            return query.where(conditions[0])
    tsq = search_text.query(q)
    if tsq is not None:
        conditions.append(
            and_(
                text("events.search <> ''::tsvector"),  # the partial index's predicate
                Event.search.op("@@")(cast(tsq, TSQUERY)),
            )
        )
    if not conditions:
        return query.where(False)
    return query.where(or_(*conditions))
