"""Telling the agent what is news: a system-tray message where the desktop has a tray,
otherwise the window asks for attention (a flashing taskbar entry); a chime if wanted.

What is news, what is switched off, what a burst or do-not-disturb gathers: decided in
`state.news` (`NewsWatcher` → `NewsFeed`); this only words a digest and shows it.
Clicking the message opens the ticket it named first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import EventPublic, TicketPublic

from ..labels import priority_label
from ..plaintext import notification_body
from ..state.cache import ClientState
from ..state.news import News, NewsFeed, NewsKind
from ..timefmt import format_clock
from .sound import NotificationSound

MESSAGE_MS = 15_000
LISTED = 3
"""Items named in one message; the rest are counted."""
EXCERPT = 120
"""Characters of a comment or a note quoted in a message."""


class DesktopNotifier(QObject):
    shown = Signal(str, str)
    """(title, body) of each message given, as plain text; for tests and the log."""
    clicked = Signal(int)
    """The agent clicked the message about this ticket."""
    sounded = Signal()
    """A message came with its sound (whether or not this computer can play it)."""

    def __init__(
        self,
        window: QWidget,
        state: ClientState,
        icon: QIcon,
        feed: NewsFeed,
        *,
        use_tray: bool | None = None,
        sound: NotificationSound | None = None,
    ) -> None:
        """``use_tray``: None uses the tray when the desktop has one."""
        super().__init__(window)
        self._window = window
        self._state = state
        self._feed = feed
        self.sound = sound or NotificationSound(self)
        self.last_ticket_id: int | None = None
        """The ticket the last message was about: where a click on it goes."""
        self.tray: QSystemTrayIcon | None = None
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        if use_tray:
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("TicketDesk")
            self.tray.messageClicked.connect(self.message_clicked)
            self.tray.activated.connect(self._on_tray_activated)
            self.tray.show()
        feed.digest.connect(self.tell)
        feed.held_digest.connect(self.tell_held)

    def set_menu(self, menu: QMenu) -> None:
        """The tray icon's context menu (do-not-disturb, settings, the window)."""
        if self.tray is not None:
            self.tray.setContextMenu(menu)

    def close(self) -> None:
        self._feed.clear()
        if self.tray is not None:
            self.tray.hide()

    # ------------------------------------------------------------ wording

    def tell(self, items: list[News]) -> None:
        """One digest: one item in full, several as a list."""
        if len(items) == 1:
            title, body = self._single(items[0])
        elif all(n.kind is NewsKind.OFFER for n in items):
            title = self.tr("{count} new tickets for you").format(count=len(items))
            body = self._listing(items, with_kind=False)
        else:
            title = self.tr("{count} notifications").format(count=len(items))
            body = self._listing(items, with_kind=True)
        self._give(title, body, items)

    def tell_held(self, items: list[News]) -> None:
        """What came while do-not-disturb was on: counted, the first few named."""
        title = (self.tr("While you were not to be disturbed: 1 notification")
                 if len(items) == 1 else
                 self.tr("While you were not to be disturbed: {count} notifications").format(
                     count=len(items)))
        self._give(title, self._listing(items, with_kind=True), items, sound=False)

    def _single(self, item: News) -> tuple[str, str]:
        ticket = self._state.tickets[item.ticket_id]
        head = f"#{ticket.id} {ticket.title}"
        event = item.event
        match item.kind:
            case NewsKind.OFFER:
                lines = [head]
                if ticket.accept_deadline:
                    lines.append(self.tr("{priority} · accept by {time}").format(
                        priority=priority_label(ticket.priority),
                        time=format_clock(ticket.accept_deadline)))
                return self.tr("New ticket for you"), "\n".join(lines)
            case NewsKind.SLA | NewsKind.ESCALATION if event is not None:
                body = f"{head}\n{self._state.group_name(ticket.group_id)}"
                return self._sla_title(event), body
            case NewsKind.TRANSFER if event is not None:
                title = self.tr("Transferred to {group}").format(
                    group=event.data.get("to_group") or self._state.group_name(ticket.group_id))
                said = self.tr("From {group}, by {name}").format(
                    group=event.data.get("from_group", ""), name=event.actor_name)
                note = _excerpt(str(event.data.get("note") or ""))
                return title, "\n".join(x for x in (head, said, note) if x)
            case NewsKind.COMMENT if event is not None:
                title = self.tr("Comment from {name}").format(name=event.actor_name)
                return title, f"{head}\n{_excerpt(str(event.data.get('body') or ''))}"
        return self._kind_label(item.kind), head

    def _sla_title(self, event: EventPublic) -> str:
        first = event.data.get("target") == "first_response"
        if event.kind is EventKind.SLA_BREACHED:
            return (self.tr("SLA breached: no first response") if first
                    else self.tr("SLA breached: not resolved in time"))
        if event.kind is EventKind.SLA_WARNING:
            return (self.tr("SLA warning: first response due soon") if first
                    else self.tr("SLA warning: resolution due soon"))
        return self.tr("SLA escalation")

    def _listing(self, items: list[News], *, with_kind: bool) -> str:
        lines = []
        for item in items[:LISTED]:
            ticket: TicketPublic = self._state.tickets[item.ticket_id]
            line = f"#{ticket.id} {ticket.title}"
            lines.append(f"{self._kind_label(item.kind)}: {line}" if with_kind else line)
        if len(items) > LISTED:
            lines.append(self.tr("and {count} more").format(count=len(items) - LISTED))
        return "\n".join(lines)

    def _kind_label(self, kind: NewsKind) -> str:
        return {
            NewsKind.OFFER: self.tr("New ticket"),
            NewsKind.SLA: self.tr("SLA"),
            NewsKind.ESCALATION: self.tr("Escalation"),
            NewsKind.TRANSFER: self.tr("Transferred in"),
            NewsKind.COMMENT: self.tr("Comment"),
        }[kind]

    # ------------------------------------------------------------ showing

    def _give(self, title: str, body: str, items: list[News], *, sound: bool = True) -> None:
        self.last_ticket_id = items[0].ticket_id
        urgent = any(n.kind in (NewsKind.SLA, NewsKind.ESCALATION) for n in items)
        icon = (QSystemTrayIcon.MessageIcon.Warning if urgent
                else QSystemTrayIcon.MessageIcon.Information)
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, notification_body(body), icon, MESSAGE_MS)
        else:
            QApplication.alert(self._window)
        if sound and any(self._feed.prefs.sounds(n.kind) for n in items):
            self.sound.play()
            self.sounded.emit()
        self.shown.emit(title, body)

    def message_clicked(self) -> None:
        """The agent clicked the last message (the tray's ``messageClicked``)."""
        if self.last_ticket_id is not None:
            self.clicked.emit(self.last_ticket_id)

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self._window.showNormal()
            self._window.raise_()
            self._window.activateWindow()


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
