"""What a ticket's SLA cell says: the target that runs now, its due time, and how near the
breach it is (the server plans the times on the group's calendar; this only reads them)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ticketdesk.common.enums import Status
from ticketdesk.common.models import TicketPublic

from ..timefmt import format_time

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


def text(ticket: TicketPublic, now: datetime) -> str:
    state = level(ticket, now)
    due, _, _ = _running(ticket)
    match state:
        case SlaLevel.PAUSED:
            return translate("Sla", "Paused")
        case SlaLevel.BREACHED:
            return translate("Sla", "Overdue since {time}").format(time=format_time(due))
        case SlaLevel.RUNNING | SlaLevel.WARNING:
            return translate("Sla", "Due {time}").format(time=format_time(due))
        case _:
            return ""


def tooltip(ticket: TicketPublic) -> str | None:
    lines = []
    if ticket.first_response_due_at is not None:
        lines.append(translate("Sla", "First response due {time}").format(
            time=format_time(ticket.first_response_due_at)))
    if ticket.resolution_due_at is not None:
        lines.append(translate("Sla", "Resolution due {time}").format(
            time=format_time(ticket.resolution_due_at)))
    elif ticket.status is Status.PENDING:
        lines.append(translate("Sla", "Resolution clock paused while pending"))
    return "\n".join(lines) or None


def sort_key(ticket: TicketPublic) -> float:
    """The running target's due time; none (or paused) sorts last."""
    due, _, _ = _running(ticket)
    if not ticket.status.is_open or due is None or ticket.status is Status.PENDING:
        return float("inf")
    return due.timestamp()
