"""Escalations: the event at each target's warning point and at its breach, each exactly
once per ticket and target — also across restarts and with several servers.

The dispatch loop's timer round calls ``scan``. It reads only the tickets whose next
escalation moment has come (``sla_next_at``, indexed), locking them with SKIP LOCKED: a
ticket another server (or an action) holds is left for the next round, and once locked its
row is the committed latest, whose ``sla_fired`` bits say what was already recorded. Bits,
events and the next moment are written in the one transaction, so an escalation is either
recorded with its bit or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind

from ...store.schema import Ticket
from .. import events
from ..actors import Actor
from . import clocks

BATCH = 500
NAME = "SLA"

_KINDS = {"warning": EventKind.SLA_WARNING, "breached": EventKind.SLA_BREACHED}


def scan(session: Session, now: datetime, *, limit: int = BATCH) -> int:
    """Record the escalations due by ``now`` (flushing only: the caller commits); returns
    how many events were recorded. A full batch leaves the rest to the next call."""
    due = session.scalars(
        select(Ticket).where(Ticket.sla_next_at <= now).order_by(Ticket.sla_next_at)
        .limit(limit).with_for_update(skip_locked=True)
    ).all()
    actor = Actor.system(NAME)
    fired = 0
    for ticket in due:
        for bit, target, what, at in clocks.pending_escalations(ticket):
            if at > now:
                continue
            ticket.sla_fired |= bit
            events.record(session, kind=_KINDS[what], actor=actor, ticket=ticket,
                          data={"target": target, "at": at.isoformat(),
                                "due_at": _due(ticket, target)})
            fired += 1
        ticket.sla_next_at = clocks.next_escalation(ticket)
    session.flush()
    return fired


def _due(ticket: Ticket, target: str) -> str | None:
    due = (ticket.first_response_due_at if target == "first_response"
           else ticket.resolution_due_at)
    return due.isoformat() if due else None
