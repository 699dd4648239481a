"""Reading tickets: what an actor may see, one ticket, its record, and pages of a search."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, cast, or_, select
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from ticketdesk.common import limits, numbers
from ticketdesk.common.enums import Priority, Status

from ...store.schema import Event, Ticket
from .. import search_text
from ..actors import Actor
from ..errors import Invalid, NotFound


def visible(query: Select, actor: Actor) -> Select:
    """Restrict a ticket query to what the actor may see."""
    if actor.reads_all_tickets:
        return query
    me = actor.user_id if actor.user_id is not None else -1
    return query.where(
        or_(
            Ticket.group_id.in_(actor.group_ids or {-1}),
            Ticket.assignee_id == me,
            Ticket.created_by_id == me,
        )
    )


def get_ticket(*, session: Session, ticket_id: int, actor: Actor) -> Ticket:
    ticket = session.scalars(
        visible(select(Ticket).where(Ticket.id == ticket_id), actor)
    ).one_or_none()
    if ticket is None:
        # Not visible and not there answer alike, so ids cannot be probed.
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def ticket_events(*, session: Session, ticket_id: int) -> list[Event]:
    return list(
        session.scalars(select(Event).where(Event.ticket_id == ticket_id).order_by(Event.id))
    )


@dataclass
class TicketFilter:
    status: list[Status] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)
    assignee: int | str | None = None
    """A user id, ``me`` or ``none``."""
    order_no: str | None = None
    source: str | None = None
    external_id: str | None = None
    type_ids: list[int] = field(default_factory=list)
    priority: list[Priority] = field(default_factory=list)
    q: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    cursor: str | None = None
    limit: int = limits.PAGE_SIZE_DEFAULT


def encode_cursor(ticket_id: int) -> str:
    return base64.urlsafe_b64encode(f"t{ticket_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ticket_id = numbers.parse_int(raw[1:]) if raw.startswith("t") else None
        if ticket_id is None:
            raise ValueError
        return ticket_id
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise Invalid(
            "malformed cursor; pass next_cursor back as given", code="invalid_cursor"
        ) from exc


def list_tickets(
    *, session: Session, actor: Actor, filt: TicketFilter
) -> tuple[list[Ticket], str | None]:
    """One page of tickets, newest first, and the cursor of the next page (None at the end)."""
    query = filtered(select(Ticket), actor, filt)
    if filt.cursor:
        query = query.where(Ticket.id < _decode_cursor(filt.cursor))
    limit = max(1, min(filt.limit, limits.PAGE_SIZE_MAX))
    rows = list(session.scalars(query.order_by(Ticket.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1].id) if more else None


def filtered(query: Select, actor: Actor, filt: TicketFilter) -> Select:
    """``query`` (of tickets, or of some of their columns) narrowed to what the actor may see
    and the filter asks for — every filter but the cursor and the limit. The list, the search
    and the export all narrow through here, so a file never holds other rows than the screen."""
    query = visible(query, actor)
    if filt.status:
        query = query.where(Ticket.status.in_(filt.status))
    if filt.group_ids:
        query = query.where(Ticket.group_id.in_(filt.group_ids))
    if filt.assignee == "me":
        query = query.where(Ticket.assignee_id == (actor.user_id or -1))
    elif filt.assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif filt.assignee is not None:
        assignee = numbers.parse_int(str(filt.assignee), max_digits=9)
        query = query.where(Ticket.assignee_id == (assignee if assignee is not None else -1))
    if filt.order_no:
        query = query.where(Ticket.order_no == filt.order_no)
    if filt.source:
        query = query.where(Ticket.source == filt.source)
    if filt.external_id:
        query = query.where(Ticket.external_id == filt.external_id)
    if filt.type_ids:
        query = query.where(Ticket.type_id.in_(filt.type_ids))
    if filt.priority:
        query = query.where(Ticket.priority.in_(filt.priority))
    if filt.created_from:
        query = query.where(Ticket.created_at >= filt.created_from)
    if filt.created_to:
        query = query.where(Ticket.created_at < filt.created_to)
    if filt.q:
        query = _text_filter(query, filt.q)
    return query


def _text_filter(query: Select, q: str) -> Select:
    q = q.strip()
    number = q.lstrip("#")
    conditions = []
    ticket_id = numbers.parse_int(number)
    if ticket_id is not None:
        conditions.append(Ticket.id == ticket_id)
    # A call id or chat session id, as the other system shows it (exact: they are not words).
    conditions.append(Ticket.external_id == q)
    tsq = search_text.query(q)
    if tsq is not None:
        conditions.append(Ticket.search.op("@@")(cast(tsq, TSQUERY)))
    if not conditions:
        return query.where(False)
    return query.where(or_(*conditions))
