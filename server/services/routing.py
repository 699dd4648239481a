"""Where a ticket goes when it enters its group's queue (on create, transfer, reopen,
unassign, lapse): ``held`` (存单) until the next shift when the group is not working;
otherwise ``queued`` and, when it heads the queue and someone is free, offered at once in
the same transaction. The engine's rounds serve whatever waits."""

from __future__ import annotations

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
    ticket.assignee_id = None
    ticket.accept_deadline = None
    if not schedules.is_open(group.hours, now):
        ticket.status = Status.HELD
        ticket.held_until = schedules.next_open(group.hours, now)
        until = ticket.held_until.isoformat().replace("+00:00", "Z") if ticket.held_until else None
        return [events.record(
            session,
            kind=EventKind.HELD,
            actor=actor,
            ticket=ticket,
            data={"group_id": ticket.group_id, "until": until, **(data or {})},
        )]
    ticket.status = Status.QUEUED
    ticket.held_until = None
    queued = events.record(
        session,
        kind=EventKind.QUEUED,
        actor=actor,
        ticket=ticket,
        data={"group_id": ticket.group_id, **(data or {})},
    )
    # "At once": offered in this very transaction when someone is free; otherwise the
    # engine's rounds take it from the queue in order.
    if behind:
        return [queued]
    offered = engine.offer_now(session, ticket, default_capacity=group.default_capacity,
                               accept_timeout_seconds=group.accept_timeout_seconds, now=now)
    return [queued, offered] if offered is not None else [queued]
