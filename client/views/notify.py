"""Telling the agent about new offers: a system-tray message where the desktop has a tray,
otherwise the window asks for attention (a flashing taskbar entry).

What is news is decided by `state.OfferWatcher`; this only shows it. Offers arriving
together (a backlog after a reconnect, the start of a shift) make one message.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from ticketdesk.common.enums import EventKind, Status
from ticketdesk.common.models import EventPublic

from ..labels import priority_label
from ..plaintext import notification_body
from ..state.cache import ClientState
from ..timefmt import format_clock

COALESCE_MS = 300
MESSAGE_MS = 15_000
LISTED = 3
"""Offers named in one message; the rest are counted."""


class DesktopNotifier(QObject):
    shown = Signal(str, str)
    """(title, body) of each message given, as plain text; for tests and the log."""
    clicked = Signal(int)
    """The agent clicked the message about this ticket."""

    def __init__(
        self,
        window: QWidget,
        state: ClientState,
        icon: QIcon,
        *,
        use_tray: bool | None = None,
    ) -> None:
        """``use_tray``: None uses the tray when the desktop has one."""
        super().__init__(window)
        self._window = window
        self._state = state
        self._pending: list[int] = []
        self._last: int | None = None
        self.tray: QSystemTrayIcon | None = None
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        if use_tray:
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("TicketDesk")
            self.tray.messageClicked.connect(self._on_message_clicked)
            self.tray.activated.connect(self._on_tray_activated)
            self.tray.show()
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._timer.timeout.connect(self._show)

    def offer(self, ticket_id: int) -> None:
        """A ticket was just offered to me."""
        if ticket_id not in self._pending:
            self._pending.append(ticket_id)
        if not self._timer.isActive():
            self._timer.start()

    def escalation(self, event: EventPublic) -> None:
        """An SLA warning or breach on a ticket of a group I supervise: told at once."""
        ticket = self._state.tickets.get(event.ticket_id or 0)
        if ticket is None:
            return
        first = event.data.get("target") == "first_response"
        if event.kind is EventKind.SLA_BREACHED:
            title = (self.tr("SLA breached: no first response") if first
                     else self.tr("SLA breached: not resolved in time"))
        else:
            title = (self.tr("SLA warning: first response due soon") if first
                     else self.tr("SLA warning: resolution due soon"))
        body = f"#{ticket.id} {ticket.title}\n{self._state.group_name(ticket.group_id)}"
        self._last = ticket.id
        self._tell(title, body, QSystemTrayIcon.MessageIcon.Warning)

    def close(self) -> None:
        self._timer.stop()
        self._pending.clear()
        if self.tray is not None:
            self.tray.hide()

    def _still_offered(self, ticket_id: int) -> bool:
        ticket = self._state.tickets.get(ticket_id)
        me = self._state.me
        return (
            ticket is not None
            and me is not None
            and ticket.status is Status.ASSIGNED
            and ticket.assignee_id == me.id
        )

    def _show(self) -> None:
        ids = [i for i in self._pending if self._still_offered(i)]
        self._pending.clear()
        if not ids:
            return
        tickets = [self._state.tickets[i] for i in ids]
        if len(tickets) == 1:
            ticket = tickets[0]
            title = self.tr("New ticket for you")
            lines = [f"#{ticket.id} {ticket.title}"]
            if ticket.accept_deadline:
                lines.append(
                    self.tr("{priority} · accept by {time}").format(
                        priority=priority_label(ticket.priority),
                        time=format_clock(ticket.accept_deadline),
                    )
                )
        else:
            title = self.tr("{count} new tickets for you").format(count=len(tickets))
            lines = [f"#{t.id} {t.title}" for t in tickets[:LISTED]]
            if len(tickets) > LISTED:
                lines.append(self.tr("and {count} more").format(count=len(tickets) - LISTED))
        self._last = ids[0]
        self._tell(title, "\n".join(lines), QSystemTrayIcon.MessageIcon.Information)

    def _tell(self, title: str, body: str, icon: QSystemTrayIcon.MessageIcon) -> None:
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, notification_body(body), icon, MESSAGE_MS)
        else:
            QApplication.alert(self._window)
        self.shown.emit(title, body)

    def _on_message_clicked(self) -> None:
        if self._last is not None:
            self.clicked.emit(self._last)

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self._window.showNormal()
            self._window.raise_()
            self._window.activateWindow()
