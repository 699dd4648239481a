"""Assign (分配) by hand, for supervisors: pick a member of the ticket's group — seeing each
one's presence and load, the order's owner and previous handlers marked, and whom the engine
would choose — or send the ticket back to the queue."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.models import TicketDetail, TicketPublic

from ..models.groups import PickRole
from ..models.routing import MemberHintColumn, MemberHintModel, order_line, pick_text
from ..net.api import ApiError, ApiReply
from ..state import ClientSession
from ..state.routing import RoutingHintsSource
from .board_moves import capacity_question
from .common import MessageBar, error_text, plain_label
from .conflict import what_happened
from .retranslate import FollowsLanguage


class AssignDialog(FollowsLanguage, QDialog):
    assigned = Signal(int)

    def __init__(
        self, session: ClientSession, ticket_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ticket_id = ticket_id
        self._reply: ApiReply | None = None
        self._agent: int | None = None
        self.override_question: QMessageBox | None = None
        ticket = session.state.tickets[ticket_id]
        self._seen = ticket
        """The ticket as the supervisor saw it: the move names its version."""
        group = session.state.group_name(ticket.group_id)
        self.texts.set(self.setWindowTitle, lambda: self.tr("Assign ticket #{number}").format(
            number=ticket_id))
        self.setObjectName("assignDialog")

        self.message = MessageBar(self)
        self._group_id = ticket.group_id
        self.hints = RoutingHintsSource(
            session, ticket_id=ticket_id, group_ids=[ticket.group_id], parent=self
        )
        self.model = MemberHintModel(session.state, self.hints, ticket.group_id, parent=self)
        self.routing_label = plain_label("", self, object_name="routingPick")
        self.routing_label.hide()
        self.members = QTableView(self)
        self.members.setModel(self.model)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members.setShowGrid(False)
        self.members.verticalHeader().hide()
        header = self.members.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(MemberHintColumn.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (MemberHintColumn.PRESENCE, MemberHintColumn.LOAD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 5 * self.fontMetrics().height())
        header.setSectionResizeMode(
            MemberHintColumn.MARKS, QHeaderView.ResizeMode.ResizeToContents
        )
        self.override = QCheckBox(self)
        self.texts.set(self.override.setText, lambda: self.tr("Assign even if over capacity"))

        self.buttons = QDialogButtonBox(self)
        self.assign_button = QPushButton(self)
        self.texts.set(self.assign_button.setText, lambda: self.tr("Assign"))
        self.assign_button.setObjectName("primary")
        self.queue_button = QPushButton(self)
        self.texts.set(self.queue_button.setText, lambda: self.tr("Back to queue"))
        self.texts.set(self.queue_button.setToolTip, lambda: self.tr(
            "Take it away from its agent; the group's queue gets it back"))
        self.queue_button.setEnabled(ticket.assignee_id is not None)
        self.buttons.addButton(self.assign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.queue_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._assign)
        self.buttons.rejected.connect(self.reject)
        self.queue_button.clicked.connect(self._back_to_queue)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        members_title = plain_label("", self, object_name="sectionTitle")
        self.texts.set(members_title.setText,
                       lambda: self.tr("Members of {group}").format(group=group))
        layout.addWidget(members_title)
        layout.addWidget(self.routing_label)
        layout.addWidget(self.members, 1)
        layout.addWidget(self.override)
        layout.addWidget(self.buttons)
        self.resize(640, 440)

        self.members.selectionModel().selectionChanged.connect(self._update_buttons)
        self.members.doubleClicked.connect(self._assign)
        self.hints.changed.connect(self._on_hints)
        self._update_buttons()

    def retranslate(self) -> None:
        super().retranslate()
        self._on_hints()  # the engine's order and its pick, in words

    def _on_hints(self) -> None:
        hint = self.hints.group(self._group_id)
        lines = [order_line(self.hints.hints, self._session.state)]
        if hint is not None:
            lines.append(self.tr("The engine would now choose: {pick}").format(
                pick=pick_text(hint)))
        text = "\n".join(line for line in lines if line)
        self.routing_label.setText(text)
        self.routing_label.setVisible(bool(text))

    def select_member(self, user_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(PickRole.ID) == user_id:
                self.members.selectRow(row)
                return

    def _agent_id(self) -> int | None:
        rows = self.members.selectionModel().selectedRows()
        return rows[0].data(PickRole.ID) if rows else None

    def _update_buttons(self) -> None:
        self.assign_button.setEnabled(self._reply is None and self._agent_id() is not None)

    def _assign(self) -> None:
        agent_id = self._agent_id()
        if agent_id is not None:
            self._send(agent_id)

    def _back_to_queue(self) -> None:
        self._send(None)

    def _send(self, agent_id: int | None) -> None:
        if self._reply is not None:
            return
        self.message.clear_message()
        self._agent = agent_id
        self._reply = self._session.assign(
            self._ticket_id,
            agent_id,
            override_capacity=self.override.isChecked(),
            version=self._seen.version,
        )
        self._reply.succeeded.connect(self._on_done)
        self._reply.failed.connect(self._on_failed)
        self._update_buttons()

    def _on_done(self, ticket: TicketDetail) -> None:
        self._reply = None
        self.assigned.emit(ticket.id)
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self._reply = None
        details = error.details if isinstance(error.details, dict) else {}
        if error.code == "version_conflict" and "ticket" in details:
            current = TicketPublic.model_validate(details["ticket"])
            self._session.state.upsert_ticket(current)
            seen, state, now = self._seen, self._session.state, self._session.clock.now()
            self._seen = current  # a second click now moves the ticket as it is
            self.queue_button.setEnabled(current.assignee_id is not None)
            self.message.show_error(lambda: what_happened(seen, current, state, now) + " "
                                    + self.tr("Nothing was changed; choose again to move it "
                                              "anyway."))
        elif error.code == "over_capacity" and not self.override.isChecked():
            self._update_buttons()
            self.ask_override(details)
            return
        else:
            self.message.show_error(lambda: error_text(error))
        self._update_buttons()

    def ask_override(self, details: dict[str, object]) -> None:
        """The agent is at capacity: assign anyway only if the supervisor says so."""
        name = self._session.state.user_name(self._agent)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Agent at capacity"),
            capacity_question(name, details.get("load", "?"), details.get("capacity", "?")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("overrideQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Assign anyway"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.override_question = box
        box.finished.connect(self._on_override_answer)
        box.open()

    def _on_override_answer(self, result: int) -> None:
        self.override_question = None
        if result == QMessageBox.StandardButton.Yes and self._agent is not None:
            self.override.setChecked(True)
            self._send(self._agent)
