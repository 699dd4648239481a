"""Where a ticket goes when it enters its group's queue (on create, transfer, reopen, unassign).

For now every ticket waits ``queued`` in its group; the assignment engine takes over here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from ticketdesk.common.enums import EventKind, Status

from ..store.schema import Ticket
from . import events
from .actors import Actor


def enter_queue(session: Session, ticket: Ticket, actor: Actor) -> None:
    ticket.status = Status.QUEUED
    ticket.assignee_id = None
    ticket.held_until = None
    events.record(
        session,
        kind=EventKind.QUEUED,
        actor=actor,
        ticket=ticket,
        data={"group_id": ticket.group_id},
    )
