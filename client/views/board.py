"""The dispatch board (派单台), a main-window mode for supervisors: every group's queue and
people at a glance, live (no refresh button), those the supervisor oversees first."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.board import BoardColumn, BoardGroupsModel, BoardRole
from ..models.countdown import CountdownTicker
from ..state.cache import ClientState

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


class BoardView(QWidget):
    def __init__(
        self, state: ClientState, ticker: CountdownTicker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardView")
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

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.only_mine)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

        self.model.modelReset.connect(self._update_summary)
        self.model.dataChanged.connect(self._update_summary)
        state.me_changed.connect(self._on_me_changed)
        self._on_me_changed()
        self._update_summary()

    def _on_me_changed(self) -> None:
        me = self._state.me
        overseen = bool(me and me.overseen_group_ids)
        self.only_mine.setEnabled(overseen)
        if not overseen:
            self.only_mine.setChecked(False)

    def _update_summary(self, *_: object) -> None:
        waiting = sum(self.model.counts(self.model.group_id(r)).waiting
                      for r in range(self.model.rowCount()))
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
