"""A short note to go with an action (set pending, resolve, reopen, close)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import Action
from ticketdesk.common.models import TicketDetail

from ..labels import action_label
from ..net.api import ApiError, ApiReply
from ..state import ClientSession
from .common import MessageBar, error_text, plain_label, submit_on_ctrl_enter
from .retranslate import FollowsLanguage


class NoteDialog(FollowsLanguage, QDialog):
    acted = Signal(int)

    def __init__(
        self, session: ClientSession, ticket_id: int, action: Action, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ticket_id = ticket_id
        self._action = action
        self._reply: ApiReply | None = None
        def verb() -> str:
            return action_label(action).rstrip("…")

        self.texts.set(self.setWindowTitle, lambda: self.tr("{action} ticket #{number}").format(
            action=verb(), number=ticket_id))
        self.setObjectName("noteDialog")
        self.message = MessageBar(self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.texts.set(self.note_edit.setPlaceholderText, lambda: self._prompt(action))
        self.buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(self)
        self.texts.set(self.ok_button.setText, verb)
        self.ok_button.setObjectName("primary")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        note_title = plain_label("", self, object_name="sectionTitle")
        self.texts.set(note_title.setText, lambda: self.tr("Note (optional)"))
        layout.addWidget(note_title)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.buttons)
        self.resize(420, 240)
        submit_on_ctrl_enter(self, self._submit)
        self.note_edit.setFocus()

    def _prompt(self, action: Action) -> str:
        match action:
            case Action.PENDING:
                return self.tr("What or whom are you waiting for?")
            case Action.RESOLVE:
                return self.tr("How was it settled?")
            case Action.REOPEN:
                return self.tr("Why is it not settled?")
            case _:
                return ""

    def _submit(self) -> None:
        if self._reply is not None:
            return
        note = self.note_edit.toPlainText().strip()
        if len(note) > limits.NOTE_MAX:
            self.message.show_error(
                lambda: self.tr("The note is too long (at most {max} characters).").format(
                    max=limits.NOTE_MAX
                )
            )
            return
        self.ok_button.setEnabled(False)
        self._reply = self._session.act(self._ticket_id, self._action, {"note": note})
        self._reply.succeeded.connect(self._on_done)
        self._reply.failed.connect(self._on_failed)

    def _on_done(self, ticket: TicketDetail) -> None:
        self._reply = None
        self.acted.emit(ticket.id)
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self._reply = None
        self.ok_button.setEnabled(True)
        self.message.show_error(lambda: error_text(error))
