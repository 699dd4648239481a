"""The SLA clocks of one ticket, as pure functions of its state, its policy and its group's
working hours (no database here: the bulk recompute and the per-action path share them).

Each target (first response, resolution) has a budget of minutes. The time it has used up
to ``sla_anchor_at`` is kept in ``sla_*_used_s``; from the anchor on it runs on the calendar
of the group holding the ticket. Every change that could alter how the clock runs (a
transfer to a group with other hours, pending, a new priority, new working hours) first
*settles* — adds the time since the anchor, on the calendar it ran on, and moves the anchor
to now — and then *schedules*: due and warning times from the anchor with what is left, on
the calendar from now on. Time spent in each group is thus counted on that group's hours,
and paused time on the same calendar as the target (it is simply not added).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from ticketdesk.common import business_time
from ticketdesk.common.enums import Priority, Status
from ticketdesk.common.models import SlaClock, SlaPolicy, WorkingHours

Hours = WorkingHours | business_time.BusinessCalendar
"""A group's working hours, or their laid-out calendar (a bulk pass looks it up once)."""

FIRST_RESPONSE_WARNED, FIRST_RESPONSE_BREACHED = 1, 2
RESOLUTION_WARNED, RESOLUTION_BREACHED = 4, 8
TARGETS = ("first_response", "resolution")


class ClockState(Protocol):
    """What the clocks read and write: a ``Ticket`` row, or a plain row in a bulk pass."""

    status: Status
    priority: Priority
    created_at: datetime
    first_response_at: datetime | None
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    first_response_warn_at: datetime | None
    resolution_warn_at: datetime | None
    sla_anchor_at: datetime | None
    sla_first_response_used_s: int
    sla_resolution_used_s: int
    sla_fired: int
    sla_next_at: datetime | None


@dataclass(frozen=True)
class Policy:
    """A ticket type's SLA as the clocks need it."""

    first_response_minutes: int | None
    resolution_minutes: int | None
    rules: SlaPolicy

    @classmethod
    def of(cls, first_response: int | None, resolution: int | None,
           policy: dict[str, Any] | SlaPolicy | None) -> Policy:
        rules = policy if isinstance(policy, SlaPolicy) else SlaPolicy.model_validate(
            policy or {})
        return cls(first_response, resolution, rules)

    def targets(self, priority: Priority) -> tuple[int | None, int | None]:
        return self.rules.targets(priority, self.first_response_minutes,
                                  self.resolution_minutes)


def measure(policy: Policy, hours: Hours, a: datetime, b: datetime) -> int:
    """Seconds of the clock from ``a`` to ``b``."""
    if policy.rules.clock is SlaClock.CALENDAR:
        return int((b - a).total_seconds())
    return round(business_time.business_minutes_between(hours, a, b) * 60)


def _add(policy: Policy, hours: Hours, start: datetime, seconds: float
         ) -> datetime | None:
    if policy.rules.clock is SlaClock.CALENDAR:
        return start + timedelta(seconds=seconds)
    return business_time.add_business_minutes(hours, start, seconds / 60)


def first_response_running(t: ClockState) -> bool:
    return t.first_response_at is None and t.status.is_open


def resolution_running(t: ClockState) -> bool:
    """Open and not waiting on the customer: pending pauses it, resolving stops it."""
    return t.status.is_open and t.status is not Status.PENDING


def settle(t: ClockState, policy: Policy, hours: Hours, now: datetime) -> None:
    """Count the time since the anchor on the calendar it ran on (the ticket's state and
    group *before* the change at hand), and move the anchor to ``now``."""
    anchor = t.sla_anchor_at or t.created_at
    if now > anchor and (first_response_running(t) or resolution_running(t)):
        used = measure(policy, hours, anchor, now)
        if first_response_running(t):
            t.sla_first_response_used_s += used
        if resolution_running(t):
            t.sla_resolution_used_s += used
    t.sla_anchor_at = max(now, anchor)


def _plan(policy: Policy, hours: Hours, now: datetime, target: int | None,
          used: int, due: datetime | None, warn: datetime | None
          ) -> tuple[datetime | None, datetime | None]:
    """Due and warning times of a running clock from ``now``; a point already reached keeps
    the moment it was reached (or now, when that moment was never stored)."""
    if target is None:
        return None, None
    budget = target * 60

    def at(point: float, before: datetime | None) -> datetime | None:
        if used < point:
            return _add(policy, hours, now, point - used)
        return before if before is not None and before <= now else now

    return at(budget, due), at(policy.rules.warn_after(target) * 60, warn)


def schedule(t: ClockState, policy: Policy, hours: Hours, now: datetime) -> None:
    """Due and warning times for the ticket as it now stands (after the change), from the
    anchor ``settle`` left at ``now``; then the next escalation the scan should look at."""
    t.sla_anchor_at = now
    first, resolution = policy.targets(t.priority)
    if first_response_running(t):
        t.first_response_due_at, t.first_response_warn_at = _plan(
            policy, hours, now, first, t.sla_first_response_used_s,
            t.first_response_due_at, t.first_response_warn_at)
    if resolution_running(t):
        t.resolution_due_at, t.resolution_warn_at = _plan(
            policy, hours, now, resolution, t.sla_resolution_used_s,
            t.resolution_due_at, t.resolution_warn_at)
    elif t.status is Status.PENDING:
        # Paused: no due time while waiting — unless it was already breached, which stays
        # on the record (KPIs count a resolution after it as late).
        breached = resolution is not None and t.sla_resolution_used_s >= resolution * 60
        if not breached:
            t.resolution_due_at = None
        t.resolution_warn_at = None
    t.sla_next_at = next_escalation(t)


def pending_escalations(t: ClockState) -> list[tuple[int, str, str, datetime]]:
    """(bit, target, "warning"/"breached", moment) of the escalations still to fire, in
    order: a warning always comes before its breach."""
    out = []
    if first_response_running(t):
        out += [(FIRST_RESPONSE_WARNED, "first_response", "warning", t.first_response_warn_at),
                (FIRST_RESPONSE_BREACHED, "first_response", "breached", t.first_response_due_at)]
    if resolution_running(t):
        out += [(RESOLUTION_WARNED, "resolution", "warning", t.resolution_warn_at),
                (RESOLUTION_BREACHED, "resolution", "breached", t.resolution_due_at)]
    return [(bit, target, what, at) for bit, target, what, at in out
            if at is not None and not t.sla_fired & bit]


def next_escalation(t: ClockState) -> datetime | None:
    moments = [at for *_, at in pending_escalations(t)]
    return min(moments) if moments else None


def left_seconds(t: ClockState, policy: Policy, hours: Hours, now: datetime,
                 target: str) -> float | None:
    """Clock time left to the breach (negative past it); None without a target."""
    first, resolution = policy.targets(t.priority)
    minutes = first if target == "first_response" else resolution
    if minutes is None:
        return None
    running = first_response_running(t) if target == "first_response" else \
        resolution_running(t)
    used = (t.sla_first_response_used_s if target == "first_response"
            else t.sla_resolution_used_s)
    if running:
        used += measure(policy, hours, t.sla_anchor_at or t.created_at, now)
    return minutes * 60 - used
