"""What a ticket's SLA cell says: the target that runs now, the time left to it, and how
near the breach it is. The server plans the due times on the holding group's calendar;
the time left is counted here on that same calendar (``common.business_time``, the code
the server plans with), so a ticket due tomorrow at 10:00 in a group that closes at 18:00
says the working time left — 2 h at 17:00 —, not the 17 hours on the wall clock. A type
whose policy counts calendar minutes is counted on the wall clock."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ticketdesk.common import business_time
from ticketdesk.common.enums import Status
from ticketdesk.common.models import SlaClock, TicketPublic, WorkingHours

from ..state.cache import ClientState
from ..timefmt import format_time, format_wait

translate = QCoreApplication.translate


class SlaLevel(Enum):
    NONE = 0
    RUNNING = 1
    PAUSED = 2
    WARNING = 3
    BREACHED = 4


COLOURS = {
    SlaLevel.PAUSED: QColor("#757575"),
    SlaLevel.WARNING: QColor("#e65100"),
    SlaLevel.BREACHED: QColor("#c62828"),
}
BACKGROUNDS = {SlaLevel.WARNING: QColor("#fff3e0"), SlaLevel.BREACHED: QColor("#fde0dc")}


def _running(ticket: TicketPublic) -> tuple[datetime | None, datetime | None, bool]:
    """(due, warning, is first response) of the target that counts now."""
    if ticket.first_response_at is None and ticket.first_response_due_at is not None:
        return ticket.first_response_due_at, ticket.first_response_warn_at, True
    return ticket.resolution_due_at, ticket.resolution_warn_at, False


def level(ticket: TicketPublic, now: datetime) -> SlaLevel:
    if not ticket.status.is_open:
        return SlaLevel.NONE
    due, warn, _ = _running(ticket)
    if ticket.status is Status.PENDING and (due is None or due > now):
        return SlaLevel.PAUSED
    if due is None:
        return SlaLevel.NONE
    if now >= due:
        return SlaLevel.BREACHED
    if warn is not None and now >= warn:
        return SlaLevel.WARNING
    return SlaLevel.RUNNING


def working_hours(state: ClientState, ticket: TicketPublic) -> WorkingHours | None:
    """The calendar the ticket's clocks count on: its group's working hours when its type
    counts business minutes; None for calendar minutes (or while the group is unknown here:
    the wall clock, then)."""
    ttype = state.types.get(ticket.type_id)  # the type's policy now, as the server plans
    if ttype is not None and ttype.sla_policy.clock is SlaClock.CALENDAR:
        return None
    group = state.groups.get(ticket.group_id)
    return group.working_hours if group is not None else None


_CALENDARS: dict[int, tuple[WorkingHours, business_time.BusinessCalendar]] = {}


def _calendar(hours: WorkingHours) -> business_time.BusinessCalendar:
    """The laid-out calendar of a group's hours, found without serialising them again on
    every repaint (the cell asks once a tick per row)."""
    known = _CALENDARS.get(id(hours))
    if known is None or known[0] is not hours:
        if len(_CALENDARS) > 256:
            _CALENDARS.clear()
        known = _CALENDARS[id(hours)] = (hours, business_time.calendar(hours))
    return known[1]


def seconds_left(due: datetime, now: datetime, hours: WorkingHours | None) -> float:
    """Clock time from ``now`` to ``due`` (negative past it): working time on ``hours``, or
    the wall clock without them."""
    if hours is None:
        return (due - now).total_seconds()
    return business_time.business_minutes_between(_calendar(hours), now, due) * 60


def left(ticket: TicketPublic, now: datetime, hours: WorkingHours | None) -> float | None:
    """Seconds of the running target's clock left (negative past the breach); None when
    no target runs."""
    due, _, _ = _running(ticket)
    if not ticket.status.is_open or due is None or ticket.status is Status.PENDING:
        return None
    return seconds_left(due, now, hours)


def text(ticket: TicketPublic, now: datetime, hours: WorkingHours | None = None) -> str:
    state = level(ticket, now)
    due, _, _ = _running(ticket)
    match state:
        case SlaLevel.PAUSED:
            return translate("Sla", "Paused")
        case SlaLevel.BREACHED:
            return translate("Sla", "Overdue since {time}").format(time=format_time(due))
        case SlaLevel.RUNNING | SlaLevel.WARNING:
            assert due is not None
            return translate("Sla", "{time} left").format(
                time=format_wait(seconds_left(due, now, hours)))
        case _:
            return ""


def tooltip(ticket: TicketPublic, now: datetime | None = None,
            hours: WorkingHours | None = None) -> str | None:
    """Each target's due time; with ``now``, how much of its clock is left, and on which
    clock (the group's working hours, or round the clock)."""
    def running_left(due: datetime, running: bool) -> str | None:
        if now is None or not running or due <= now:
            return None
        return format_wait(seconds_left(due, now, hours))

    lines = []
    first_due, resolution_due = ticket.first_response_due_at, ticket.resolution_due_at
    if first_due is not None:
        rest = running_left(first_due, ticket.first_response_at is None
                            and ticket.status.is_open)
        lines.append(translate("Sla", "First response due {time}").format(
            time=format_time(first_due)) if rest is None else
            translate("Sla", "First response due {time} ({left} left)").format(
                time=format_time(first_due), left=rest))
    if resolution_due is not None:
        rest = running_left(resolution_due, ticket.status.is_open
                            and ticket.status is not Status.PENDING)
        lines.append(translate("Sla", "Resolution due {time}").format(
            time=format_time(resolution_due)) if rest is None else
            translate("Sla", "Resolution due {time} ({left} left)").format(
                time=format_time(resolution_due), left=rest))
    elif ticket.status is Status.PENDING:
        lines.append(translate("Sla", "Resolution clock paused while pending"))
    if lines and now is not None and ticket.status.is_open:
        lines.append(translate("Sla", "Time left counted in the group's working hours")
                     if hours is not None else
                     translate("Sla", "Time left counted round the clock"))
    return "\n".join(lines) or None


def sort_key(ticket: TicketPublic) -> float:
    """The running target's due time; none (or paused) sorts last."""
    due, _, _ = _running(ticket)
    if not ticket.status.is_open or due is None or ticket.status is Status.PENDING:
        return float("inf")
    return due.timestamp()
