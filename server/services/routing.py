"""Where a ticket goes when it enters its group's queue (on create, transfer, reopen,
unassign, lapse): ``queued`` when the group is working now, else ``held`` (存单) until its
next shift starts. The assignment engine takes it from there."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind, Status
from ticketdesk.common.models import WorkingHours

from .. import clock
from ..store.schema import Group, Ticket
from . import events, schedules
from .actors import Actor


def enter_queue(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    *,
    data: dict[str, Any] | None = None,
    hours: WorkingHours | None = None,
) -> None:
    """``hours``: the group's working hours, when the caller has them at hand."""
    if hours is None:
        hours = WorkingHours.model_validate(session.get_one(Group, ticket.group_id).working_hours)
    now = clock.now()
    ticket.assignee_id = None
    ticket.accept_deadline = None
    if schedules.is_open(hours, now):
        ticket.status = Status.QUEUED
        ticket.held_until = None
        events.record(
            session,
            kind=EventKind.QUEUED,
            actor=actor,
            ticket=ticket,
            data={"group_id": ticket.group_id, **(data or {})},
        )
    else:
        ticket.status = Status.HELD
        ticket.held_until = schedules.next_open(hours, now)
        until = ticket.held_until.isoformat().replace("+00:00", "Z") if ticket.held_until else None
        events.record(
            session,
            kind=EventKind.HELD,
            actor=actor,
            ticket=ticket,
            data={"group_id": ticket.group_id, "until": until, **(data or {})},
        )
