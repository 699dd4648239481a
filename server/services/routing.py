"""Where a ticket goes when it enters its group's queue (on create, transfer, reopen,
unassign, lapse): ``held`` (存单) until the next shift when the group is not working;
otherwise ``queued`` and, when it heads the queue and someone is free, offered at once in
the same transaction. The engine's rounds serve whatever waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ticketdesk.common import schedules
from ticketdesk.common.enums import EventKind, Status

from .. import clock
from ..store.schema import Event, Group, Ticket
from . import events
from .actors import Actor
from .assignment import engine
from .reference import GroupRef


def hold_queue_or_offer(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    *,
    data: dict[str, Any] | None = None,
    group: GroupRef | None = None,
    behind: bool = False,
) -> list[Event]:
    """Hold the ticket (its group is off shift), or queue it and — when it heads the queue
    and someone is free — assign it on the spot. ``group``: the ticket's group as the
    caller already has it (else it is read). ``behind``: the caller knows another ticket
    waits in that queue (one it queued itself, under the group's lock it still holds), so
    no offer on the spot is tried — the engine's would find the same and make none.
    Returns the events it recorded."""
    if group is None:
        group = GroupRef.of(session.get_one(Group, ticket.group_id))
    now = clock.now()
    kind, payload = _hold_or_queue(ticket, group, now, data)
    entered = events.record(session, kind=kind, actor=actor, ticket=ticket, data=payload)
    # "At once": offered in this very transaction when someone is free; otherwise the
    # engine's rounds take it from the queue in order.
    if kind is EventKind.HELD or behind:
        return [entered]
    offered = engine.offer_now(session, ticket, default_capacity=group.default_capacity,
                               accept_timeout_seconds=group.accept_timeout_seconds, now=now)
    return [entered, offered] if offered is not None else [entered]


@dataclass
class Routed:
    """Where a new ticket went: the events that say so (built, not yet written), and the
    agent it was offered to on the spot, whose ``last_assigned_at`` the writer stamps."""

    events: list[Event]
    offered_to: int | None


def route_new(session: Session, ticket: Ticket, actor: Actor, *, group: GroupRef) -> Routed:
    """``hold_queue_or_offer`` for a ticket not yet inserted, which its creation writes
    with its events in one statement: the same rules, the same events; it only reads."""
    now = clock.now()
    kind, payload = _hold_or_queue(ticket, group, now, None)
    entered = events.build(kind=kind, actor=actor, ticket=ticket, data=payload)
    if kind is EventKind.HELD:
        return Routed([entered], None)
    offer = engine.choose_now(session, ticket_id=None, group_id=ticket.group_id,
                              order_no=ticket.order_no, last_handler_id=None, lapsed_ids=None,
                              default_capacity=group.default_capacity)
    if offer is None:
        return Routed([entered], None)
    data = engine.offered(ticket, offer, accept_timeout_seconds=group.accept_timeout_seconds,
                          now=now)
    assigned = events.build(kind=EventKind.ASSIGNED, actor=engine.ENGINE, ticket=ticket,
                            data=data)
    return Routed([entered, assigned], offer.choice.agent_id)


def _hold_or_queue(ticket: Ticket, group: GroupRef, now: datetime,
                   data: dict[str, Any] | None) -> tuple[EventKind, dict[str, Any]]:
    """The ticket held (its group is off shift) or queued: its fields set, and the event
    that says which with what it records."""
    ticket.assignee_id = None
    ticket.accept_deadline = None
    if not schedules.is_open(group.hours, now):
        ticket.status = Status.HELD
        ticket.held_until = schedules.next_open(group.hours, now)
        until = ticket.held_until.isoformat().replace("+00:00", "Z") if ticket.held_until else None
        return EventKind.HELD, {"group_id": ticket.group_id, "until": until, **(data or {})}
    ticket.status = Status.QUEUED
    ticket.held_until = None
    return EventKind.QUEUED, {"group_id": ticket.group_id, **(data or {})}
