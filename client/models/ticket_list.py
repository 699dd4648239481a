"""`TicketListModel`: what every table of tickets answers alike — one column per `Column`,
their titles, plain selectable cells, each cell as the `TicketPresenter` shows it. A
subclass says only which ticket is in which row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from .ticket_presenter import Column, TicketPresenter

AnyIndex = QModelIndex | QPersistentModelIndex

_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class TicketListModel(QAbstractTableModel):
    def __init__(self, presenter: TicketPresenter, parent: Any = None) -> None:
        super().__init__(parent)
        self.presenter = presenter

    def ticket_id(self, row: int) -> int | None:
        """The ticket shown in the row, or None."""
        raise NotImplementedError

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.presenter.header(section)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ticket_id = self.ticket_id(index.row())
        if ticket_id is None:
            return None
        return self.presenter.ticket_data(ticket_id, index.column(), role)
