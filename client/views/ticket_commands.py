"""The agent's keyboard commands over the shown ticket and the inbox: the Ticket and Go menus
of the main window. Each is a QAction whose key the keymap sets; each does exactly what the
matching button or click does, so the whole day's work needs no mouse."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ticketdesk.common.enums import Action

from ..models.inbox import Inbox
from ..state.cache import ClientState
from .inbox import InboxPanel
from .keymap import Keymap
from .ticket_detail import TicketDetailView

TICKET_KEYS: tuple[tuple[Action | None, str, str], ...] = (
    (Action.ACCEPT, "ticket.accept", "Ctrl+Shift+A"),
    (Action.RESUME, "ticket.resume", "Ctrl+Shift+U"),
    (None, "ticket.reply", "Ctrl+Shift+R"),  # None: the reply box, not a workflow action
    (Action.TRANSFER, "ticket.transfer", "Ctrl+Shift+T"),
    (Action.PENDING, "ticket.pending", "Ctrl+Shift+P"),
    (Action.RESOLVE, "ticket.resolve", "Ctrl+Shift+D"),
    (Action.REOPEN, "ticket.reopen", ""),
)
"""The Ticket menu, top to bottom: command, its settings key, its default key (Ctrl+Shift
and a letter: Ctrl alone is taken by text editing and the window's own commands; Alt and a
letter belongs to the menus' mnemonics). D for "done": S would suggest saving."""

INBOX_KEYS = (
    (Inbox.MINE, "go.mine", "Alt+1"),
    (Inbox.QUEUES, "go.queues", "Alt+2"),
    (Inbox.CREATED, "go.created", "Alt+3"),
    (Inbox.ALL, "go.all", "Alt+4"),
)


class TicketCommands(QObject):
    def __init__(
        self,
        window: QWidget,
        state: ClientState,
        inbox: InboxPanel,
        detail: TicketDetailView,
        keymap: Keymap,
    ) -> None:
        super().__init__(window)
        self._state = state
        self._inbox = inbox
        self._detail = detail
        self._keymap = keymap
        self.by_action: dict[Action, QAction] = {}
        self.ticket_actions: list[tuple[str, QAction, str]] = []
        for action, key, default in TICKET_KEYS:
            if action is None:
                self.reply = QAction(window)
                self.reply.triggered.connect(detail.focus_reply)
                self.ticket_actions.append((key, self.reply, default))
                continue
            qaction = QAction(window)
            qaction.setObjectName(f"cmd_{action.value}")
            qaction.triggered.connect(lambda _=False, a=action: detail.action_bar.act(a))
            self.by_action[action] = qaction
            self.ticket_actions.append((key, qaction, default))

        self.save_quick_reply = QAction(window)
        self.save_quick_reply.triggered.connect(detail.save_reply_as_quick_reply)
        self.ticket_actions.append(("ticket.save_quick_reply", self.save_quick_reply, ""))
        # Always enabled: one's own quick replies are kept with or without a ticket shown.
        self.my_quick_replies = QAction(window)
        self.my_quick_replies.triggered.connect(detail.manage_quick_replies)
        self.ticket_actions.append(("ticket.my_quick_replies", self.my_quick_replies, ""))

        self.next_ticket = QAction(window)
        self.next_ticket.triggered.connect(lambda: inbox.step(1))
        self.previous_ticket = QAction(window)
        self.previous_ticket.triggered.connect(lambda: inbox.step(-1))
        self.inbox_actions: list[tuple[str, QAction, str]] = []
        self._inbox_action: dict[Inbox, QAction] = {}
        for which, key, default in INBOX_KEYS:
            qaction = QAction(window)
            self._inbox_action[which] = qaction
            qaction.triggered.connect(lambda _=False, i=which: inbox.focus_inbox(i))
            qaction.setVisible(which in inbox.pages)  # "All open": supervisors only
            self.inbox_actions.append((key, qaction, default))

        self.retranslate()
        detail.ticket_shown.connect(self.update)
        detail.action_bar.refreshed.connect(self.update)
        for signal in (state.ticket_changed, state.ticket_added, state.ticket_removed):
            signal.connect(self._on_ticket)
        self.update()

    def retranslate(self) -> None:
        """Every command's words in the language now installed."""
        texts = {
            Action.ACCEPT: self.tr("&Accept"),
            Action.RESUME: self.tr("Res&ume"),
            Action.TRANSFER: self.tr("&Transfer…"),
            Action.PENDING: self.tr("Set &pending…"),
            Action.RESOLVE: self.tr("Re&solve…"),
            Action.REOPEN: self.tr("Re&open…"),
        }
        for action, qaction in self.by_action.items():
            qaction.setText(texts[action])
        self.reply.setText(self.tr("&Reply"))
        self.reply.setToolTip(self.tr("Write in the reply box of the shown ticket"))
        self.save_quick_reply.setText(self.tr("Save reply as &quick reply…"))
        self.my_quick_replies.setText(self.tr("&My quick replies…"))
        self.my_quick_replies.setToolTip(self.tr("Add, change or delete your own quick replies"))
        self.next_ticket.setText(self.tr("&Next ticket"))
        self.previous_ticket.setText(self.tr("&Previous ticket"))
        inbox_texts = {
            Inbox.MINE: self.tr("&My tickets"),
            Inbox.QUEUES: self.tr("My &groups' queues"),
            Inbox.CREATED: self.tr("&Created by me"),
            Inbox.ALL: self.tr("All &open"),
        }
        for which, qaction in self._inbox_action.items():
            qaction.setText(inbox_texts[which])

    def fill_ticket_menu(self, menu: QMenu) -> None:
        section = menu.menuAction()
        for key, qaction, default in self.ticket_actions:
            menu.addAction(qaction)
            self._keymap.add(key, qaction, default, section=section)

    def fill_go_menu(self, menu: QMenu) -> None:
        section = menu.menuAction()
        for key, qaction, default in (
            ("go.next", self.next_ticket, "Ctrl+J"),
            ("go.previous", self.previous_ticket, "Ctrl+Shift+J"),
        ):
            menu.addAction(qaction)
            self._keymap.add(key, qaction, default, section=section)
        menu.addSeparator()
        for key, qaction, default in self.inbox_actions:
            menu.addAction(qaction)
            self._keymap.add(key, qaction, default, section=section)

    def _on_ticket(self, ticket_id: int) -> None:
        if ticket_id == self._detail.ticket_id:
            self.update()

    def update(self) -> None:
        """Enable what the state machine allows on the shown ticket, nothing else (so a key
        pressed at the wrong moment does nothing rather than fail at the server)."""
        ticket_id = self._detail.ticket_id
        shown = ticket_id is not None and ticket_id in self._state.tickets
        allowed = self._state.allowed_actions(ticket_id) if shown and ticket_id else frozenset()
        for action, qaction in self.by_action.items():
            qaction.setEnabled(action in allowed)
        self.reply.setEnabled(Action.COMMENT in allowed)
        self.save_quick_reply.setEnabled(Action.COMMENT in allowed)
