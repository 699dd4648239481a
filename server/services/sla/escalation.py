"""Escalations: the event at each target's warning point and at its breach, each exactly
once per ticket and target — also across restarts and with several servers.

The dispatch loop's timer round calls ``scan``. It reads only the tickets whose next
escalation moment has come (``sla_next_at``, indexed), locking them with SKIP LOCKED: a
ticket another server (or an action) holds is left for the next round, and once locked its
row is the committed latest, whose ``sla_fired`` bits say what was already recorded. Bits,
events and the next moment are written in the one transaction, so an escalation is either
recorded with its bit or not at all.

The policy's automatic actions (``on_warning``/``on_breach``: raise the priority, notify a
named group) are done in that same transaction, right after the escalation's event: they
ride on its bit, so they too happen exactly once, whichever server's scan gets there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import SlaAction

from ...store.schema import Group, Ticket
from .. import events
from ..actors import Actor
from . import clocks, tracking

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
            # (assignee_id: KPIs count the escalation for the agent holding the ticket)
            events.record(session, kind=_KINDS[what], actor=actor, ticket=ticket,
                          data={"target": target, "at": at.isoformat(),
                                "due_at": _due(ticket, target),
                                "assignee_id": ticket.assignee_id})
            fired += 1
            rules = tracking.policy_of(session, ticket).rules
            act = rules.on_warning if what == "warning" else rules.on_breach
            if act is not None:
                _act(session, ticket, act, target, what, actor, now)
        ticket.sla_next_at = clocks.next_escalation(ticket)
    session.flush()
    return fired


def _act(session: Session, ticket: Ticket, act: SlaAction, target: str, what: str,
         actor: Actor, now: datetime) -> None:
    """The policy's automatic actions for one escalation, each an event of the system."""
    cause = {"target": target, "escalation": what}
    wanted = act.raise_priority
    if wanted is not None and wanted.rank > ticket.priority.rank:
        before = ticket.priority
        # A new priority may have other targets: the clocks are settled and replanned.
        with tracking.tracked(session, ticket, now):
            ticket.priority = wanted
            ticket.priority_rank = wanted.rank
            ticket.updated_at = now
        events.record(session, kind=EventKind.SLA_PRIORITY_RAISED, actor=actor, ticket=ticket,
                      data={**cause, "from": before.value, "to": wanted.value})
    if act.notify_group is not None:
        group = session.scalars(select(Group).where(Group.name == act.notify_group)
                                ).one_or_none()
        if group is not None:  # (a group renamed since the policy was saved: nobody to tell)
            events.record(session, kind=EventKind.SLA_NOTIFIED, actor=actor, ticket=ticket,
                          data={**cause, "group_id": group.id, "group": group.name,
                                "due_at": _due(ticket, target)},
                          groups=[group.id])


def _due(ticket: Ticket, target: str) -> str | None:
    due = (ticket.first_response_due_at if target == "first_response"
           else ticket.resolution_due_at)
    return due.isoformat() if due else None
