"""The row of workflow actions over a ticket, the ones the state machine allows this user,
with the countdown of an offer still to be accepted."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QPushButton, QWidget

from ticketdesk.common.enums import Action, Status

from ..labels import action_label, action_tooltip
from ..models.countdown import URGENT_SECONDS, CountdownTicker
from ..net.api import ApiError, ApiReply
from ..state import ClientSession
from ..timefmt import format_clock, format_countdown, seconds_left
from .assign import AssignDialog
from .common import MessageBar, error_text, plain_label, say_for_ticket, set_style_property
from .note import NoteDialog
from .retranslate import FollowsLanguage
from .transfer import TransferDialog

BUTTON_ORDER = (
    Action.ACCEPT,
    Action.RESUME,
    Action.TRANSFER,
    Action.PENDING,
    Action.RESOLVE,
    Action.REOPEN,
    Action.CLOSE,
    Action.ASSIGN,
)
"""Action buttons left to right; comments have their own box."""

_PRIMARY = (Action.ACCEPT, Action.RESUME, Action.RESOLVE)
"""The first of these the user may take is the button that stands out."""
_NOTE_ACTIONS = {Action.PENDING, Action.RESOLVE, Action.REOPEN, Action.CLOSE}


class ActionBar(FollowsLanguage, QWidget):
    notice = Signal(str)
    """An action on a ticket no longer shown failed (for the status bar)."""
    refreshed = Signal()
    """The buttons were brought in line with what the user may do now."""

    def __init__(
        self,
        session: ClientSession,
        message: MessageBar,
        ticker: CountdownTicker,
        parent: QWidget | None = None,
    ) -> None:
        """``message``: the bar above the ticket, where a failed action is said; ``ticker``:
        the beat of the accept countdown."""
        super().__init__(parent)
        self._session = session
        self._state = session.state
        self._message = message
        self._ticker = ticker
        self.ticket_id: int | None = None
        self._reply: ApiReply | None = None
        self._reply_ticket: int | None = None
        self._dialog: QDialog | None = None
        self._focus_before: QWidget | None = None

        self.buttons: dict[Action, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for action in BUTTON_ORDER:
            button = QPushButton(self)
            button.setObjectName(f"action_{action.value}")
            self.texts.set(button.setText, lambda a=action: action_label(a))
            self.texts.set(button.setToolTip, lambda a=action: action_tooltip(a))
            button.clicked.connect(lambda _=False, a=action: self._on_action(a))
            button.hide()
            self.buttons[action] = button
            row.addWidget(button)
        # How long is left to accept an offer; ticks, and turns urgent near the end.
        self.countdown_label = plain_label("", self, wrap=False, object_name="acceptCountdown")
        self.countdown_label.hide()
        row.addWidget(self.countdown_label)
        row.addStretch(1)
        ticker.tick.connect(self.update_countdown)

    def retranslate(self) -> None:
        super().retranslate()
        self.update_countdown()

    def set_ticket(self, ticket_id: int | None) -> None:
        self.close_dialog()
        self.ticket_id = ticket_id
        self.refresh()

    def refresh(self) -> None:
        """Show the buttons for what the user may do now, and the countdown."""
        if self.ticket_id is not None and self.ticket_id in self._state.tickets:
            allowed = self._state.allowed_actions(self.ticket_id)
            primary = next((a for a in _PRIMARY if a in allowed), None)
            for action, button in self.buttons.items():
                button.setVisible(action in allowed)
                set_style_property(button, "primary", action is primary)
        self.update_countdown()
        # Buttons shown while the ticket page is hidden do not tell the page's layout that
        # this bar has grown; say it, or the bar is laid out with no height.
        self.updateGeometry()
        self.refreshed.emit()

    def update_countdown(self) -> None:
        ticket = self._state.tickets.get(self.ticket_id) if self.ticket_id is not None else None
        label = self.countdown_label
        if ticket is None or ticket.status is not Status.ASSIGNED or not ticket.accept_deadline:
            label.hide()
            self._ticker.want(self, False)
            return
        self._ticker.want(self, True)
        seconds = seconds_left(ticket.accept_deadline, self._ticker.now)
        me = self._state.me
        mine = me is not None and ticket.assignee_id == me.id
        if mine:
            text = self.tr("Accept within {time}").format(time=format_countdown(seconds))
        else:
            text = self.tr("{agent} has {time} to accept").format(
                agent=self._state.user_name(ticket.assignee_id), time=format_countdown(seconds)
            )
        if label.text() != text:
            label.setText(text)
        label.setToolTip(
            self.tr("Not accepted by {time}, it is offered to someone else.").format(
                time=format_clock(ticket.accept_deadline)
            )
        )
        set_style_property(label, "urgent", mine and seconds <= URGENT_SECONDS)
        label.show()

    # ------------------------------------------------------------ acting

    def act(self, action: Action) -> None:
        """Take ``action`` on the shown ticket as its button would (from a shortcut or the
        command palette); nothing if the state machine does not allow it now."""
        self._on_action(action)

    def _on_action(self, action: Action) -> None:
        ticket_id = self.ticket_id
        if ticket_id is None or action not in self._state.allowed_actions(ticket_id):
            return
        self._message.clear_message()
        parent = self.window()
        if action is Action.TRANSFER:
            self._open_dialog(TransferDialog(self._session, ticket_id, parent))
        elif action is Action.ASSIGN:
            self._open_dialog(AssignDialog(self._session, ticket_id, parent))
        elif action in _NOTE_ACTIONS:
            self._open_dialog(NoteDialog(self._session, ticket_id, action, parent))
        elif self._reply is None:
            self._reply_ticket = ticket_id
            self._reply = self._session.act(ticket_id, action)
            self._reply.failed.connect(self._on_failed)
            self._reply.finished.connect(self._on_finished)
            for button in self.buttons.values():
                button.setEnabled(False)

    def _on_failed(self, error: ApiError) -> None:
        text = self.tr("Not done: {reason}").format(reason=error_text(error))
        say_for_ticket(
            self._message, self.notice, text, ticket_id=self._reply_ticket, shown_id=self.ticket_id
        )

    def _on_finished(self) -> None:
        self._reply = None
        self._reply_ticket = None
        for button in self.buttons.values():
            button.setEnabled(True)

    @property
    def dialog(self) -> QDialog | None:
        """The action dialog open right now, if any."""
        return self._dialog

    def _open_dialog(self, dialog: QDialog) -> None:
        self.close_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        self._dialog = dialog
        self._focus_before = QApplication.focusWidget()
        dialog.open()

    def _forget_dialog(self) -> None:
        self._dialog = None
        # Back where the keyboard was before the dialog (the list, the reply box), so the
        # next key works at once; if that is gone or disabled now, the window at least.
        window = self.window()
        window.activateWindow()
        before, self._focus_before = self._focus_before, None
        if before is not None and before.window() is window and before.isEnabled():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        elif window.focusWidget() is None:
            window.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.reject()
            self._dialog = None
