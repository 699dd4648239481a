"""Keeping a ticket's SLA clocks right as it changes: the actions wrap their change in
``tracked`` (settle before, schedule after), creation calls ``start``; an admin's new
working hours recompute the group's open tickets (``recompute_group``)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common import business_time
from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import WorkingHours

from ... import clock
from ...store.locks import lock_groups
from ...store.schema import Group, Ticket, TicketType
from .. import events
from ..actors import Actor
from . import clocks
from .clocks import Policy
from .recompute import recompute


def policy_of(session: Session, ticket: Ticket) -> Policy:
    ttype = session.get_one(TicketType, ticket.type_id)
    return Policy.of(ttype.sla_first_response_minutes, ttype.sla_resolution_minutes,
                     ttype.sla_policy)


def hours_of(session: Session, group_id: int) -> WorkingHours:
    return WorkingHours.model_validate(session.get_one(Group, group_id).working_hours)


def start(ticket: Ticket, policy: Policy, hours: WorkingHours, now: datetime) -> None:
    """A new ticket's clocks, from its creation on the holding group's calendar."""
    ticket.sla_first_response_used_s = 0
    ticket.sla_resolution_used_s = 0
    ticket.sla_fired = 0
    ticket.first_response_due_at = ticket.resolution_due_at = None
    ticket.first_response_warn_at = ticket.resolution_warn_at = None
    clocks.schedule(ticket, policy, hours, now)


@contextmanager
def tracked(session: Session, ticket: Ticket, now: datetime | None = None) -> Iterator[None]:
    """Around a change of the ticket (status, group, priority, type): the time so far is
    counted as the ticket stood — its group's hours, paused or not — and the due times are
    planned afresh as it stands after."""
    now = now or clock.now()
    with session.no_autoflush:
        clocks.settle(ticket, policy_of(session, ticket), hours_of(session, ticket.group_id),
                      now)
    yield
    with session.no_autoflush:
        clocks.schedule(ticket, policy_of(session, ticket),
                        hours_of(session, ticket.group_id), now)


def policies_by_type(session: Session) -> dict[int, Policy]:
    return {t.id: Policy.of(t.sla_first_response_minutes, t.sla_resolution_minutes,
                            t.sla_policy) for t in session.scalars(select(TicketType))}


def calendars_by_group(session: Session) -> dict[int, business_time.BusinessCalendar]:
    return {g.id: business_time.calendar(WorkingHours.model_validate(g.working_hours))
            for g in session.scalars(select(Group))}


def calendar_changed(session: Session, group: Group, old: dict, actor: Actor,
                     bumped: Collection[int] = ()) -> int:
    """The group's hours changed from ``old``: its open tickets' due times move (the time
    they used so far counted on the old hours), with one event saying how many.
    ``bumped``: tickets whose version this transaction has already increased."""
    now = clock.now()
    before = business_time.calendar(WorkingHours.model_validate(old))
    after = business_time.calendar(WorkingHours.model_validate(group.working_hours))
    policies = policies_by_type(session)
    moved = recompute(session, Ticket.group_id == group.id,
                      before=lambda r: (policies[r.type_id], before),
                      after=lambda r: (policies[r.type_id], after), now=now, bumped=bumped)
    if moved:
        events.record(session, kind=EventKind.SLA_RECOMPUTED, actor=actor,
                      data={"group_id": group.id, "group": group.name, "tickets": moved,
                            "reason": "working_hours"}, groups=[group.id])
    return moved


def policy_changed(session: Session, ttype: TicketType, old: Policy, actor: Actor) -> int:
    """A type's SLA changed: its open tickets are planned under the new one from now."""
    now = clock.now()
    new = Policy.of(ttype.sla_first_response_minutes, ttype.sla_resolution_minutes,
                    ttype.sla_policy)
    hours = calendars_by_group(session)
    lock_groups(session, set(hours))  # before the ticket rows: the one lock order
    moved = recompute(session, Ticket.type_id == ttype.id,
                      before=lambda r: (old, hours[r.group_id]),
                      after=lambda r: (new, hours[r.group_id]), now=now)
    if moved:
        events.record(session, kind=EventKind.SLA_RECOMPUTED, actor=actor,
                      data={"type_id": ttype.id, "type": ttype.key, "tickets": moved,
                            "reason": "policy"})
    return moved
