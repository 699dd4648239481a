"""Transfer (转派): choose another group — seeing its queue, who is online, its free capacity,
whether it works now and whom the engine would give the ticket to there — and say why."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.models import TicketDetail

from ..models.groups import PickRole
from ..models.routing import GroupHintModel, HintColumn, order_line, pick_text
from ..net.api import ApiError, ApiReply
from ..state import ClientSession
from ..state.routing import RoutingHintsSource
from .common import MessageBar, error_text, plain_label, submit_on_ctrl_enter
from .retranslate import FollowsLanguage


class TransferDialog(FollowsLanguage, QDialog):
    transferred = Signal(int)

    def __init__(
        self, session: ClientSession, ticket_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ticket_id = ticket_id
        self._reply: ApiReply | None = None
        ticket = session.state.tickets[ticket_id]
        self.texts.set(self.setWindowTitle, lambda: self.tr("Transfer ticket #{number}").format(
            number=ticket_id))
        self.setObjectName("transferDialog")

        self.message = MessageBar(self)
        # The figures beside each group, kept current while the dialog is open.
        self.hints = RoutingHintsSource(session, ticket_id=ticket_id, parent=self)
        self.model = GroupHintModel(
            session.state, self.hints, now=session.clock.now, exclude=ticket.group_id, parent=self
        )
        self.order_label = plain_label("", self, object_name="routingOrder")
        self.order_label.hide()
        self.groups = QTableView(self)
        self.groups.setModel(self.model)
        self.groups.setObjectName("groupList")
        self.texts.set(self.groups.setAccessibleName, lambda: self.tr("Groups to transfer to"))
        self.groups.setTabKeyNavigation(False)  # Tab goes on to the note, not the next cell
        self.groups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.groups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.groups.setShowGrid(False)
        self.groups.verticalHeader().hide()
        self.groups.setColumnHidden(HintColumn.LINE, True)
        header = self.groups.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(HintColumn.GROUP, QHeaderView.ResizeMode.Stretch)
        for column in (HintColumn.WAITING, HintColumn.ONLINE, HintColumn.FREE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 4 * self.fontMetrics().height())
        for column in (HintColumn.HOURS, HintColumn.PICK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.pick_label = plain_label("", self, object_name="routingPick")
        self.note_edit = QPlainTextEdit(self)
        self.texts.set(self.note_edit.setAccessibleName, lambda: self.tr("Transfer note"))
        self.note_edit.setTabChangesFocus(True)
        self.texts.set(self.note_edit.setPlaceholderText, lambda: self.tr(
            "Why is it passed on? What has been done, what is needed? (required)"))
        self.note_edit.setFixedHeight(96)

        self.buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(self)
        self.texts.set(self.ok_button.setText, lambda: self.tr("Transfer"))
        self.ok_button.setObjectName("primary")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        send_to = plain_label("", self, object_name="sectionTitle")
        self.texts.set(send_to.setText, lambda: self.tr("Send to group"))
        layout.addWidget(send_to)
        layout.addWidget(self.order_label)
        layout.addWidget(self.groups, 1)
        layout.addWidget(self.pick_label)
        note_title = plain_label("", self, object_name="sectionTitle")
        self.texts.set(note_title.setText, lambda: self.tr("Note for the receiving group"))
        layout.addWidget(note_title)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.buttons)
        self.resize(820, 520)
        submit_on_ctrl_enter(self, self._submit)
        # The keyboard starts on the choice of group, at its first one (not chosen yet:
        # Space or the arrows choose).
        self.groups.setFocus()
        for row in range(self.model.rowCount()):
            index = self.model.index(row, HintColumn.GROUP)
            if self.model.flags(index) & Qt.ItemFlag.ItemIsSelectable:
                self.groups.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.NoUpdate
                )
                break

        self.groups.selectionModel().selectionChanged.connect(self._update_ok)
        self.groups.selectionModel().selectionChanged.connect(self._show_pick)
        self.hints.changed.connect(self._on_hints)
        self.note_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        session.refresh("groups")  # show the queues as they are now, not as at login

    def retranslate(self) -> None:
        super().retranslate()
        self._on_hints()  # the engine's order and its pick, in words

    def select_group(self, group_id: int) -> None:
        row = self.model.row_of(group_id)
        if row >= 0:
            self.groups.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _on_hints(self) -> None:
        text = order_line(self.hints.hints, self._session.state)
        self.order_label.setText(text)
        self.order_label.setVisible(bool(text))
        self._show_pick()

    def _show_pick(self) -> None:
        """Under the list, for the chosen group: what would happen to the ticket there."""
        group_id = self._group_id()
        hint = self.model.hint(group_id) if group_id is not None else None
        if hint is None:
            self.pick_label.setText("")
            return
        self.pick_label.setText(
            self.tr("In {group} now: {pick}").format(group=hint.name, pick=pick_text(hint))
        )

    def _group_id(self) -> int | None:
        rows = self.groups.selectionModel().selectedRows()
        return rows[0].data(PickRole.ID) if rows else None

    def _note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(
            self._reply is None and self._group_id() is not None and bool(self._note())
        )

    def _submit(self) -> None:
        group_id, note = self._group_id(), self._note()
        if self._reply is not None or group_id is None or not note:
            return
        if len(note) > limits.NOTE_MAX:
            self.message.show_error(
                lambda: self.tr("The note is too long (at most {max} characters).").format(
                    max=limits.NOTE_MAX
                )
            )
            return
        self._reply = self._session.transfer(self._ticket_id, group_id, note)
        self._reply.succeeded.connect(self._on_done)
        self._reply.failed.connect(self._on_failed)
        self._update_ok()

    def _on_done(self, ticket: TicketDetail) -> None:
        self._reply = None
        self.transferred.emit(ticket.id)
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self._reply = None
        self.message.show_error(lambda: error_text(error))
        self._update_ok()
