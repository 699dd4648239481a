"""What happened to a ticket while a supervisor was about to move it: the words of a 409
``version_conflict`` ("李娜 accepted it 3 s ago"), from the current ticket the server sent."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ticketdesk.common.enums import Status
from ticketdesk.common.models import TicketPublic

from ..state.cache import ClientState

translate = QCoreApplication.translate  # the name lupdate looks for


def ago(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return translate("Conflict", "%1 s ago").replace("%1", str(seconds))
    if seconds < 3600:
        return translate("Conflict", "%1 min ago").replace("%1", str(seconds // 60))
    return translate("Conflict", "%1 h ago").replace("%1", str(seconds // 3600))


def what_happened(seen: TicketPublic, now_: TicketPublic, state: ClientState, now: datetime) -> str:
    """One sentence: the change between the copy the supervisor saw and the current one."""
    who = state.user_name(now_.assignee_id) if now_.assignee_id is not None else ""
    if now_.group_id != seen.group_id:
        text = translate("Conflict", "It was transferred to %1 %2.").replace(
            "%1", state.group_name(now_.group_id)
        )
        when = now_.updated_at
    elif now_.status is Status.IN_PROGRESS and now_.accepted_at is not None:
        text = translate("Conflict", "%1 accepted it %2.").replace("%1", who)
        when = now_.accepted_at
    elif now_.status is Status.ASSIGNED and now_.assigned_at is not None:
        text = translate("Conflict", "It was offered to %1 %2.").replace("%1", who)
        when = now_.assigned_at
    elif now_.status in (Status.QUEUED, Status.HELD):
        text = translate("Conflict", "It went back to the queue %2.")
        when = now_.updated_at
    elif now_.status in (Status.RESOLVED, Status.CLOSED):
        text = translate("Conflict", "It was resolved %2.")
        when = now_.updated_at
    else:
        text = translate("Conflict", "It changed %2.")
        when = now_.updated_at
    return text.replace("%2", ago((now - when).total_seconds()))
