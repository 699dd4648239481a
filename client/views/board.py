"""The dispatch board (派单台), a main-window mode for supervisors: every group's queue and
people at a glance, live (no refresh button), those the supervisor oversees first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.enums import LOAD_STATUSES

from ..models.board import BoardColumn, BoardGroupsModel, BoardRole
from ..models.countdown import CountdownTicker
from ..models.tickets import Column, TicketRole, TicketTableModel
from ..state import Session
from .assign import AssignDialog
from .transfer import TransferDialog

AnyIndex = QModelIndex | QPersistentModelIndex


class BoardFilter(QSortFilterProxyModel):
    """Narrows by group name and, optionally, to the groups one oversees; sorts by value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_overseen = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(BoardColumn.GROUP)
        self.setSortRole(BoardRole.SORT)

    def set_only_overseen(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_overseen = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self.only_overseen and not model.index(source_row, 0, source_parent).data(
            BoardRole.OVERSEEN
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class GroupTickets(QSortFilterProxyModel):
    """One group's open tickets: its queue (urgent first, then oldest) and those in hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group_id: int | None = None
        self.setSortRole(TicketRole.SORT)

    def set_group(self, group_id: int | None) -> None:
        self.beginFilterChange()
        self.group_id = group_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        ticket = self.sourceModel().index(source_row, 0, source_parent).data(TicketRole.TICKET)
        return (
            ticket is not None
            and ticket.group_id == self.group_id
            and (ticket.status in LOAD_STATUSES or ticket.status.value in ("queued", "held"))
        )


class BoardView(QWidget):
    def __init__(
        self, session: Session, ticker: CountdownTicker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardView")
        self._session = session
        state = session.state
        self._state = state
        self._ticker = ticker
        self.model = BoardGroupsModel(state, lambda: ticker.now, self)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)
        ticker.tick.connect(self.model.tick)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("boardFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter groups"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.only_mine = QCheckBox(self.tr("Only the groups I oversee"), self)
        self.only_mine.setObjectName("onlyOverseen")
        self.only_mine.toggled.connect(self.proxy.set_only_overseen)
        self.summary = QLabel(self)
        self.summary.setObjectName("boardSummary")

        self.table = QTableView(self)
        self.table.setObjectName("boardGroups")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's order first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(BoardColumn.GROUP, QHeaderView.ResizeMode.Stretch)
        for column in BoardColumn:
            if column is not BoardColumn.GROUP:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        # The selected group's tickets; select one, then A assigns, T transfers, Q takes it
        # back to the queue (each opens the same picker a drag would).
        self.tickets_model = TicketTableModel(state, self, ticker=ticker)
        self.group_tickets = GroupTickets(self)
        self.group_tickets.setSourceModel(self.tickets_model)
        # Descending: most urgent first, then oldest (the priority column's own order).
        self.group_tickets.sort(Column.PRIORITY, Qt.SortOrder.DescendingOrder)
        self.tickets = QTableView(self)
        self.tickets.setObjectName("boardTickets")
        self.tickets.setModel(self.group_tickets)
        self.tickets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tickets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tickets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tickets.verticalHeader().hide()
        self.tickets.hideColumn(Column.GROUP)
        self.tickets.horizontalHeader().setSectionResizeMode(
            Column.TITLE, QHeaderView.ResizeMode.Stretch
        )
        self._keys: dict[Qt.Key, Callable[[], object]] = {}
        self.tickets.installEventFilter(self)
        self.assign_action = self._action(self.tr("Assign…"), "A", self.open_assign)
        self.transfer_action = self._action(self.tr("Transfer…"), "T", self.open_transfer)
        self.queue_action = self._action(self.tr("Back to queue"), "Q", self.take_back)
        self.dialog: QDialog | None = None
        self.hint = QLabel(
            self.tr("Select a ticket, then: A assign · T transfer · Q back to the queue"), self
        )
        self.hint.setObjectName("boardHint")
        self.table.selectionModel().currentRowChanged.connect(self._on_group_chosen)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.only_mine)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.tickets_title = QLabel(self)
        self.tickets_title.setObjectName("sectionTitle")
        lower_layout.addWidget(self.tickets_title)
        lower_layout.addWidget(self.tickets, 1)
        lower_layout.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

        self.model.modelReset.connect(self._update_summary)
        self.model.dataChanged.connect(self._update_summary)
        state.me_changed.connect(self._on_me_changed)
        self._on_me_changed()
        self._update_summary()

    def _action(self, text: str, key: str, slot: Callable[[], object]) -> QAction:
        # The key is read by an event filter on the ticket list rather than as a window
        # shortcut: a bare letter must not fire while typing in the filter field.
        action = QAction(f"{text}\t{key}", self.tickets)
        action.triggered.connect(slot)
        self.tickets.addAction(action)
        self.tickets.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._keys[getattr(Qt.Key, f"Key_{key}")] = slot
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tickets and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            slot = self._keys.get(Qt.Key(event.key()))
            if slot is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                slot()
                return True
        return super().eventFilter(watched, event)

    def select_group(self, group_id: int) -> None:
        source = self.model.row_of(group_id)
        if source >= 0:
            index = self.proxy.mapFromSource(self.model.index(source, 0))
            self.table.setCurrentIndex(index)

    def _on_group_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        gid = current.data(BoardRole.GROUP_ID) if current.isValid() else None
        self.group_tickets.set_group(gid)
        self.tickets_title.setText(
            self.tr("Tickets of {group}").format(group=self._state.group_name(gid))
            if gid is not None
            else ""
        )

    def selected_ticket(self) -> int | None:
        rows = self.tickets.selectionModel().selectedRows()
        return rows[0].data(TicketRole.TICKET_ID) if rows else None

    def select_ticket(self, ticket_id: int) -> bool:
        for row in range(self.group_tickets.rowCount()):
            index = self.group_tickets.index(row, 0)
            if index.data(TicketRole.TICKET_ID) == ticket_id:
                self.tickets.setCurrentIndex(index)
                self.tickets.selectRow(row)
                return True
        return False

    def open_assign(self) -> AssignDialog | None:
        ticket_id = self.selected_ticket()
        if ticket_id is None:
            return None
        dialog = AssignDialog(self._session, ticket_id, self)
        self._open(dialog)
        return dialog

    def open_transfer(self) -> TransferDialog | None:
        ticket_id = self.selected_ticket()
        if ticket_id is None:
            return None
        dialog = TransferDialog(self._session, ticket_id, self)
        self._open(dialog)
        return dialog

    def take_back(self) -> None:
        dialog = self.open_assign()
        if dialog is not None and dialog.queue_button.isEnabled():
            dialog.queue_button.click()

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        dialog.open()

    def _on_me_changed(self) -> None:
        me = self._state.me
        overseen = bool(me and me.overseen_group_ids)
        self.only_mine.setEnabled(overseen)
        if not overseen:
            self.only_mine.setChecked(False)

    def _update_summary(self, *_: object) -> None:
        waiting = sum(
            self.model.counts(self.model.group_id(r)).waiting for r in range(self.model.rowCount())
        )
        self.summary.setText(
            self.tr("%1 groups · %2 tickets waiting")
            .replace("%1", str(self.model.rowCount()))
            .replace("%2", str(waiting))
        )

    def showEvent(self, event: object) -> None:  # the waits move only while shown
        self._ticker.want(self, True)
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        self._ticker.want(self, False)
        super().hideEvent(event)  # type: ignore[arg-type]
