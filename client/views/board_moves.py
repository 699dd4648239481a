"""The board's moves — what a drop or a key asks for — sent as one bulk request, with the
board's answers: the note a transfer needs, whether to override an agent's capacity, and
what happened when the server refused ("李娜 accepted it 3 s ago")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.models import BulkMoveResult, TicketPublic

from ..models.groups import PickRole
from ..net.api import ApiError, ApiReply
from ..state import ClientSession
from .common import error_text, plain_label
from .conflict import what_happened
from .retranslate import FollowsLanguage

Seen = list[tuple[int, int]]
"""(ticket id, the version the supervisor saw) of each ticket moved."""

translate = QCoreApplication.translate  # the name lupdate looks for


def capacity_question(name: str, load: object, capacity: object) -> str:
    """The words of "assign anyway?" — the board's and the assign dialog's; an agent with
    no capacity in the group is not said to "have 0 of 0"."""
    if capacity == 0:
        return translate(
            "CapacityQuestion",
            "{name} takes no tickets in this group (capacity 0; {load} in hand). "
            "Assign anyway?").format(name=name, load=load)
    return translate(
        "CapacityQuestion", "{name} already has {load} of {capacity} tickets. Assign anyway?"
    ).format(name=name, load=load, capacity=capacity)


class BoardMover(QObject):
    """Sends one move of many tickets and tells the board how it went."""

    moved = Signal(str)
    """What was done, in words."""
    refused = Signal(str)
    """Why nothing was done, in words."""

    def __init__(self, session: ClientSession, window: QWidget) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self.reply: ApiReply | None = None
        self.override_question: QMessageBox | None = None
        self.note_dialog: TransferNoteDialog | None = None
        self._pending: tuple[dict[int, TicketPublic], str, object] | None = None
        """(the tickets as seen, the words when done, the retry with override) of `reply`."""
        self._override_retry: object = None
        self._transfer_to: tuple[Seen, int] | None = None

    @property
    def busy(self) -> bool:
        return self.reply is not None

    def _seen(self, seen: Seen) -> dict[int, TicketPublic]:
        """The tickets as the supervisor saw them (for the words of a conflict)."""
        state = self._session.state
        out = {}
        for tid, version in seen:
            ticket = state.tickets.get(tid)
            if ticket is not None:
                out[tid] = ticket.model_copy(update={"version": version})
        return out

    def assign(self, seen: Seen, agent_id: int, *, override: bool = False) -> None:
        tickets = self._seen(seen)
        # Already theirs and offered: nothing to do for that one (the server would refuse).
        seen = [(t, v) for t, v in seen
                if not (tickets.get(t) and tickets[t].assignee_id == agent_id)]
        if not seen:
            return
        moves = [{"action": "assign", "ticket": t, "version": v, "agent": agent_id,
                  "override_capacity": override} for t, v in seen]
        name = self._session.state.user_name(agent_id)
        done = (
            self.tr("1 ticket assigned to {name}.")
            if len(moves) == 1
            else self.tr("{count} tickets assigned to {name}.")
        ).format(name=name, count=len(moves))
        self._send(moves, tickets, done,
                   retry=lambda: self.assign(seen, agent_id, override=True))

    def take_back(self, seen: Seen) -> None:
        tickets = self._seen(seen)
        seen = [(t, v) for t, v in seen if tickets.get(t) and tickets[t].assignee_id is not None]
        if not seen:
            return
        moves = [{"action": "unassign", "ticket": t, "version": v} for t, v in seen]
        done = (
            self.tr("1 ticket back in the queue.")
            if len(moves) == 1
            else self.tr("{count} tickets back in the queue.").format(count=len(moves))
        )
        self._send(moves, tickets, done, retry=None)

    def transfer(self, seen: Seen, group_id: int, note: str) -> None:
        tickets = self._seen(seen)
        seen = [(t, v) for t, v in seen if tickets.get(t) and tickets[t].group_id != group_id]
        if not seen:
            return
        moves = [{"action": "transfer", "ticket": t, "version": v, "group": group_id,
                  "note": note} for t, v in seen]
        group = self._session.state.group_name(group_id)
        done = (
            self.tr("1 ticket transferred to {group}.")
            if len(moves) == 1
            else self.tr("{count} tickets transferred to {group}.")
        ).format(group=group, count=len(moves))
        self._send(moves, tickets, done, retry=None)

    def ask_transfer(self, seen: Seen, group_id: int) -> TransferNoteDialog | None:
        """A transfer needs a note: ask for it, then move."""
        tickets = self._seen(seen)
        seen = [(t, v) for t, v in seen if tickets.get(t) and tickets[t].group_id != group_id]
        if not seen:
            return None
        count, state = len(seen), self._session.state
        dialog = TransferNoteDialog(
            lambda: (self.tr("Transfer 1 ticket to {group}") if count == 1 else
                     self.tr("Transfer {count} tickets to {group}")).format(
                         count=count, group=state.group_name(group_id)),
            self._window,
        )
        self.note_dialog = dialog
        self._transfer_to = (seen, group_id)
        dialog.accepted.connect(self._on_note_given)
        dialog.finished.connect(self._on_note_closed)
        dialog.open()
        return dialog

    def _on_note_given(self) -> None:
        if self.sender() is self.note_dialog and self._transfer_to is not None:
            seen, group_id = self._transfer_to
            self.transfer(seen, group_id, self.note_dialog.note())

    def _on_note_closed(self, _result: int) -> None:
        if self.sender() is self.note_dialog:
            self.note_dialog = None
            self._transfer_to = None

    # ------------------------------------------------------------ the request

    def _send(self, moves: list[dict[str, object]], seen: dict[int, TicketPublic], done: str,
              retry: object) -> None:
        if self.reply is not None:
            self.refused.emit(self.tr("Still sending the last move; try again in a moment."))
            return
        self.reply = self._session.bulk_move(moves)
        self._pending = (seen, done, retry)
        # Bound methods, not local functions: Qt drops the connections when the mover (a
        # child of the window) is deleted, so a late answer touches no deleted widget.
        self.reply.succeeded.connect(self._on_moved)
        self.reply.failed.connect(self._on_refused)

    def _on_moved(self, _result: BulkMoveResult) -> None:
        if self.sender() is not self.reply or self._pending is None:
            return
        done = self._pending[1]
        self.reply = self._pending = None
        self.moved.emit(done)

    def _on_refused(self, error: ApiError) -> None:
        if self.sender() is not self.reply or self._pending is None:
            return
        seen, _done, retry = self._pending
        self.reply = self._pending = None
        self._on_failed(error, seen, retry)

    def _on_failed(self, error: ApiError, seen: dict[int, TicketPublic], retry: object) -> None:
        details = error.details if isinstance(error.details, dict) else {}
        tid = details.get("ticket_id")
        current = None
        if isinstance(details.get("ticket"), dict):
            current = TicketPublic.model_validate(details["ticket"])
            self._session.state.upsert_ticket(current)
        prefix = self.tr("Ticket #{number}:").format(number=tid) if tid is not None else ""
        nothing = self.tr("Nothing was moved.")
        if error.code == "version_conflict" and current is not None and tid in seen:
            text = what_happened(seen[tid], current, self._session.state,
                                 self._session.clock.now())
            self.refused.emit(f"{prefix} {text} {nothing}".strip())
        elif error.code == "over_capacity" and callable(retry) and current is not None:
            self.ask_override(current, details, retry)
        else:
            self.refused.emit(f"{prefix} {error_text(error)} {nothing}".strip())

    def ask_override(self, ticket: TicketPublic, details: dict[str, object], retry: object
                     ) -> QMessageBox:
        """The agent is at capacity: assign anyway only if the supervisor says so."""
        agent = details.get("agent_id")
        name = self._session.state.user_name(agent if isinstance(agent, int) else None)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Agent at capacity"),
            capacity_question(name or self.tr("The agent"), details.get("load", "?"),
                              details.get("capacity", "?")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._window,
        )
        box.setObjectName("overrideQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Assign anyway"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.override_question = box
        self._override_retry = retry
        box.finished.connect(self._on_override_answered)
        box.open()
        return box

    def _on_override_answered(self, result: int) -> None:
        retry, self._override_retry = self._override_retry, None
        self.override_question = None
        if result == QMessageBox.StandardButton.Yes and callable(retry):
            retry()
        else:
            self.refused.emit(self.tr("Not assigned: the agent is at capacity."))


class TransferNoteDialog(FollowsLanguage, QDialog):
    """The note a transfer needs (the receiving group must not have to guess why)."""

    def __init__(self, title: Callable[[], str], parent: QWidget | None = None) -> None:
        """``title``: makes the words (they follow a language switch)."""
        super().__init__(parent)
        self.texts.set(self.setWindowTitle, title)
        self.setObjectName("boardNoteDialog")
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.texts.set(self.edit.setPlaceholderText, lambda: self.tr("Why it goes to that group"))
        self.buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(self)
        self.texts.set(self.ok_button.setText, lambda: self.tr("Transfer"))
        self.ok_button.setObjectName("primary")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        heading = plain_label("", self, object_name="sectionTitle")
        self.texts.set(heading.setText, title)
        layout.addWidget(heading)
        layout.addWidget(self.texts.label(lambda: self.tr("Note (required)"), self.edit))
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.resize(420, 220)
        self._update()

    def note(self) -> str:
        return self.edit.toPlainText().strip()

    def _update(self) -> None:
        n = len(self.note())
        self.ok_button.setEnabled(0 < n <= limits.NOTE_MAX)


class PickDialog(FollowsLanguage, QDialog):
    """Choose one row of a pick-list (a group's members, or the groups): the keyboard's way
    to move several selected tickets at once."""

    def __init__(self, title: Callable[[], str], model: QAbstractItemModel,
                 parent: QWidget | None = None) -> None:
        """``title``: makes the words (they follow a language switch)."""
        super().__init__(parent)
        self.texts.set(self.setWindowTitle, title)
        self.setObjectName("boardPickDialog")
        self.model = model
        model.setParent(self)
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self._accept)
        layout = QVBoxLayout(self)
        heading = plain_label("", self, object_name="sectionTitle")
        self.texts.set(heading.setText, title)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 380)
        if model.rowCount():
            self.table.selectRow(0)

    def choose(self, item_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(PickRole.ID) == item_id:
                self.table.selectRow(row)

    def chosen(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(PickRole.ID) if rows else None

    def _accept(self) -> None:
        if self.chosen() is not None:
            self.accept()
