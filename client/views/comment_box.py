"""The box under a ticket for writing a comment: sends it, keeps what could not be sent, and
keeps a draft per ticket while the agent looks at another one.

Files added here (the button, a drop, a pasted picture) while a reply is being written go
with that reply: they are held, listed above the box, and sent as the comment's own once the
server has the comment. With the box empty they are added to the ticket at once."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import TicketDetail

from ..net.api import ApiError, ApiReply
from ..state import ClientSession
from ..state.attachments import Attachments, HeldFile
from .common import MessageBar, error_text, say_for_ticket
from .reply_edit import ReplyEdit
from .retranslate import FollowsLanguage


class CommentBox(FollowsLanguage, QWidget):
    notice = Signal(str)
    """A comment on a ticket no longer shown could not be sent (for the status bar)."""

    def __init__(self, session: ClientSession, message: MessageBar, parent: QWidget | None = None,
                 attachments: Attachments | None = None):
        """``message``: the bar above the ticket, where a problem with the shown ticket's
        comment is said. ``attachments``: files go through it (attach button, a file dropped
        on the box, a picture pasted into it)."""
        super().__init__(parent)
        self._session = session
        self.attachments = attachments or Attachments(session, self)
        self._message = message
        self.ticket_id: int | None = None
        self._reply: ApiReply | None = None
        self._reply_ticket: int | None = None
        """The ticket the comment on its way is for."""
        self._sent_text = ""
        self._drafts: dict[int, str] = {}
        """Comments begun on tickets the agent switched away from, kept until they return."""
        self._held: dict[int, list[HeldFile]] = {}
        """Per ticket, the files chosen for the comment being written there."""
        self._sent_held: list[HeldFile] = []
        """The files of the comment on its way."""

        self.edit = ReplyEdit(self)
        self.edit.setObjectName("commentEdit")
        self.texts.set(self.edit.setAccessibleName, lambda: self.tr("Reply"))
        self._name_placeholder()
        self.edit.setFixedHeight(64)
        self.edit.setTabChangesFocus(True)
        self.button = QPushButton(self)  # its words: `_update_button`
        self.button.setObjectName("commentButton")
        self.button.clicked.connect(self.send)
        self.edit.textChanged.connect(self._update_button)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.edit)
        send.setContext(Qt.ShortcutContext.WidgetShortcut)
        send.activated.connect(self.send)
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attachButton")
        self.texts.set(self.attach_button.setText, lambda: self.tr("Attach…"))
        self.texts.set(self.attach_button.setToolTip, lambda: self.tr(
            "Add files to the reply being written, or to the ticket while the box is empty "
            "(or drop them here, or paste a screenshot with Ctrl+V)"))
        self.attach_button.clicked.connect(self.choose_files)
        self.edit.image_pasted.connect(self.attach_image)
        self.edit.files_dropped.connect(self.attach_files)
        self.setAcceptDrops(True)
        self.progress = QWidget(self)
        self.progress.setObjectName("uploadProgress")
        self._progress_layout = QVBoxLayout(self.progress)
        self._progress_layout.setContentsMargins(0, 0, 0, 0)
        self._bars: list[QWidget] = []
        self.progress.hide()
        self.attachments.uploads_changed.connect(self._show_progress)
        self.attachments.image_held.connect(self._hold)
        self.held_box = QWidget(self)
        self.held_box.setObjectName("heldFiles")
        self._held_layout = QVBoxLayout(self.held_box)
        self._held_layout.setContentsMargins(0, 0, 0, 0)
        self._held_layout.setSpacing(0)
        self._held_rows: list[QWidget] = []
        self.held_box.hide()
        self.attachments.upload_failed.connect(self._on_upload_failed)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.button)
        row.addLayout(buttons)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.progress)
        column.addWidget(self.held_box)
        column.addLayout(row)
        self._update_button()

    def retranslate(self) -> None:
        super().retranslate()
        self._name_placeholder()
        self._update_button()
        self._show_held()
        self._show_progress()

    # ------------------------------------------------------------ attachments

    def choose_files(self) -> None:
        if self.ticket_id is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.attach_files(paths)

    def attach_files(self, paths: list[str]) -> None:
        """To the reply being written (held until it is sent), else to the ticket now."""
        if self.ticket_id is None or not self.attach_button.isEnabled():
            return
        for path in paths:
            if self._writing:
                self._hold(self.ticket_id, HeldFile(path, os.path.basename(path)))
            else:
                self.attachments.upload_file(self.ticket_id, path)

    def attach_image(self, image: QImage) -> None:
        if self.ticket_id is None or not self.attach_button.isEnabled():
            return
        if self._writing:
            self.attachments.hold_image(self.ticket_id, image)
        else:
            self.attachments.upload_image(self.ticket_id, image)

    @property
    def _writing(self) -> bool:
        """A reply is being written (and is not on its way already)."""
        return bool(self.edit.toPlainText().strip()) and not self._sending_here

    def held_files(self, ticket_id: int | None = None) -> list[HeldFile]:
        """The files held for the reply being written on ``ticket_id`` (default: shown)."""
        return list(self._held.get(ticket_id if ticket_id is not None else self.ticket_id or 0,
                                   []))

    def _hold(self, ticket_id: int, held: HeldFile) -> None:
        self._held.setdefault(ticket_id, []).append(held)
        if ticket_id == self.ticket_id:
            self._show_held()

    def drop_held(self, held: HeldFile) -> None:
        """Take a held file off the reply (the ✕ beside it)."""
        files = self._held.get(self.ticket_id or 0, [])
        if held in files:
            files.remove(held)
            self.attachments.drop_held(held)
        self._show_held()
        self.edit.setFocus()

    def _show_held(self) -> None:
        for line in self._held_rows:
            line.deleteLater()
        self._held_rows = []
        held = self.held_files() if not self._sending_here else self._sent_held
        for file in held:
            line = QWidget(self.held_box)
            layout = QHBoxLayout(line)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(self.tr("With this reply: {name}").format(name=file.name),
                                    line))
            remove = QToolButton(line)
            remove.setObjectName("dropHeld")
            remove.setText("✕")
            remove.setAutoRaise(True)
            remove.setToolTip(self.tr("Do not send {name} with the reply").format(name=file.name))
            remove.setAccessibleName(self.tr("Remove {name}").format(name=file.name))
            remove.setEnabled(not self._sending_here)
            remove.clicked.connect(lambda _=False, f=file: self.drop_held(f))
            layout.addWidget(remove)
            layout.addStretch(1)  # the ✕ beside its file's name
            self._held_layout.addWidget(line)
            self._held_rows.append(line)
        self.held_box.setVisible(bool(held))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.attach_button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.attach_files(paths)

    def _show_progress(self) -> None:
        for bar in self._bars:
            bar.deleteLater()
        self._bars = []
        shown = self.attachments.uploads_for(self.ticket_id) if self.ticket_id else []
        for upload in shown:
            line = QWidget(self.progress)
            layout = QHBoxLayout(line)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(self.tr("Uploading {name}").format(name=upload.name), line))
            bar = QProgressBar(line)
            bar.setObjectName("uploadBar")
            bar.setRange(0, 100)
            bar.setValue(upload.percent)
            bar.setAccessibleName(self.tr("Upload of {name}").format(name=upload.name))
            layout.addWidget(bar, 1)
            self._progress_layout.addWidget(line)
            self._bars.append(line)
        self.progress.setVisible(bool(shown))

    def _on_upload_failed(self, ticket_id: int, name: str, error: ApiError) -> None:
        def text() -> str:
            return self.tr("{name} was not attached: {reason}").format(
                name=name, reason=error.message or error_text(error))

        say_for_ticket(self._message, self.notice, text, ticket_id=ticket_id,
                       shown_id=self.ticket_id)

    def set_ticket(self, ticket_id: int | None) -> None:
        """Show another ticket's draft, keeping the one written so far for its ticket."""
        if self.ticket_id is not None:
            self._keep_draft(self.ticket_id)
        self.ticket_id = ticket_id
        self.edit.setPlainText(self._drafts.pop(ticket_id, "") if ticket_id else "")
        self._show_progress()
        self._show_held()

    def set_allowed(self, allowed: bool) -> None:
        """Whether this user may comment on the shown ticket (the state machine says)."""
        self.edit.setEnabled(allowed)
        self.attach_button.setEnabled(allowed)
        self.edit.setReadOnly(self._sending_here)
        self._name_placeholder()
        self._update_button()

    def _name_placeholder(self) -> None:
        self.edit.setPlaceholderText(
            self.tr("Write a reply… (/ inserts a quick reply, Ctrl+Enter sends)")
            if self.edit.isEnabled()
            else self.tr("You cannot comment on this ticket.")
        )

    @property
    def _sending_here(self) -> bool:
        return self._reply is not None and self._reply_ticket == self.ticket_id

    def _keep_draft(self, ticket_id: int) -> None:
        text = self.edit.toPlainText()
        if text.strip():
            self._drafts[ticket_id] = text
        else:
            self._drafts.pop(ticket_id, None)

    def _update_button(self) -> None:
        text = self.edit.toPlainText().strip()
        self.button.setEnabled(self.edit.isEnabled() and bool(text) and self._reply is None)
        self.button.setText(self.tr("Sending…") if self._sending_here else self.tr("Add comment"))

    def send(self) -> None:
        text = self.edit.toPlainText().strip()
        if not self.button.isEnabled() or self.ticket_id is None or not text:
            return
        if len(text) > limits.COMMENT_MAX:
            self._message.show_error(
                lambda: self.tr("The comment is too long (at most {max} characters).").format(
                    max=limits.COMMENT_MAX
                )
            )
            return
        self._message.clear_message()
        self._reply_ticket = self.ticket_id
        self._sent_text = text
        self._sent_held = self._held.pop(self.ticket_id, [])
        self._reply = self._session.comment(self.ticket_id, text)
        self._reply.succeeded.connect(self._on_sent)
        self._reply.failed.connect(self._on_failed)
        self._reply.finished.connect(self._on_finished)
        # The text stays where it is, unchangeable, until the server has it: if it cannot
        # be sent, nothing the agent wrote is lost.
        self.edit.setReadOnly(True)
        self._update_button()

    def _on_sent(self, ticket: object) -> None:
        ticket_id = self._reply_ticket
        self._send_held(ticket)
        if ticket_id == self.ticket_id:
            self.edit.clear()
            return
        # Sent while the agent looked elsewhere: the draft kept for it is done with.
        draft = self._drafts.get(ticket_id or 0, "")
        if ticket_id is not None and draft.strip() == self._sent_text:
            del self._drafts[ticket_id]

    def _send_held(self, ticket: object) -> None:
        """The comment is there: its files go up as its own (found as my ``commented`` step
        with the text sent; failing that, as the ticket's, rather than lost)."""
        held, self._sent_held = self._sent_held, []
        if not held or self._reply_ticket is None:
            return
        me = self._session.state.me
        comment_id = None
        if isinstance(ticket, TicketDetail):
            comment_id = next(
                (e.id for e in reversed(ticket.events)
                 if e.kind is EventKind.COMMENTED and e.data.get("body") == self._sent_text
                 and (me is None or e.actor_id == me.id)), None)
        for file in held:
            if comment_id is None:
                self.attachments.upload_file(self._reply_ticket, file.path, file.name)
            else:
                self.attachments.upload_held(self._reply_ticket, file, comment_id)

    def _on_failed(self, error: ApiError) -> None:
        def text() -> str:
            return self.tr("The comment was not sent; it is still in the box. {reason}").format(
                reason=error_text(error))

        say_for_ticket(
            self._message, self.notice, text, ticket_id=self._reply_ticket, shown_id=self.ticket_id
        )

    def _on_finished(self) -> None:
        sent_here = self._reply_ticket == self.ticket_id
        if self._sent_held and self._reply_ticket is not None:  # not sent: held again
            self._held[self._reply_ticket] = self._sent_held + self._held.get(
                self._reply_ticket, [])
            self._sent_held = []
        self._reply = None
        self._reply_ticket = None
        self.edit.setReadOnly(False)
        self._update_button()
        self._show_held()
        if sent_here and self.edit.isEnabled():
            self.edit.setFocus()
