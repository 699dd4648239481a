"""`TicketTableModel`: every ticket in the cache as a row, updated row by row from the
state; what a row shows is the `TicketPresenter`'s business."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from ..state.cache import ClientState
from .countdown import CountdownTicker
from .ticket_list import TicketListModel
from .ticket_presenter import Column, TicketPresenter, TicketRole

__all__ = ["Column", "TicketRole", "TicketTableModel"]

AnyIndex = QModelIndex | QPersistentModelIndex

class TicketTableModel(TicketListModel):
    """``presenter``: how tickets look, shared with the other lists of tickets (one of its
    own, beating with ``ticker``, when not given)."""

    def __init__(
        self,
        state: ClientState,
        parent: Any = None,
        *,
        ticker: CountdownTicker | None = None,
        presenter: TicketPresenter | None = None,
    ) -> None:
        super().__init__(presenter or TicketPresenter(state, None, ticker=ticker), parent)
        if presenter is None:
            self.presenter.setParent(self)
        self._state = state
        self._ids: list[int] = list(state.tickets)
        self._rows: dict[int, int] = {tid: row for row, tid in enumerate(self._ids)}
        state.tickets_added.connect(self._on_added)
        state.tickets_changed.connect(self._on_changed)
        state.tickets_removed.connect(self._on_removed)
        self.presenter.names_changed.connect(self._on_names_changed)
        self.presenter.cells_changed.connect(self._on_cells_changed)

    @property
    def state(self) -> ClientState:
        return self._state

    @property
    def countdowns(self) -> int:
        """Countdowns running now (offers to me with a deadline)."""
        return self.presenter.countdowns

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    # ------------------------------------------------------------ state → rows

    def row_of(self, ticket_id: int) -> int:
        return self._rows.get(ticket_id, -1)

    def ticket_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _on_added(self, ticket_ids: list[int]) -> None:
        new = [i for i in dict.fromkeys(ticket_ids) if i not in self._rows]
        if not new:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._ids.extend(new)
        self._rows.update((tid, row) for row, tid in enumerate(new, first))
        self.endInsertRows()

    def _on_changed(self, ticket_ids: list[int]) -> None:
        last = len(Column) - 1
        for ticket_id in ticket_ids:  # one repaint per row
            row = self._rows.get(ticket_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _on_removed(self, ticket_ids: list[int]) -> None:
        rows = sorted({self._rows[i] for i in ticket_ids if i in self._rows}, reverse=True)
        if not rows:
            return
        # Runs of neighbouring rows, removed from the bottom up so that rows above stay put.
        start = end = rows[0]
        for row in [*rows[1:], -2]:
            if row == start - 1:
                start = row
                continue
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._ids[start : end + 1]
            self.endRemoveRows()
            start = end = row
        for ticket_id in ticket_ids:
            self._rows.pop(ticket_id, None)
        first = rows[-1]
        self._rows.update((tid, row) for row, tid in enumerate(self._ids[first:], first))

    def _on_names_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    def _on_cells_changed(
        self, ticket_ids: list[int] | None, left: int, right: int, roles: list[int]
    ) -> None:
        if not self._ids:
            return
        if ticket_ids is None:
            self.dataChanged.emit(self.index(0, left), self.index(len(self._ids) - 1, right),
                                  roles)
            return
        for ticket_id in ticket_ids:
            row = self._rows.get(ticket_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, left), self.index(row, right), roles)
