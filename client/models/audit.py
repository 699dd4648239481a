"""`AuditResultsModel`: the audit search's rows found so far, as a table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..timefmt import format_time
from .audit_rows import EVENTS, ResultKind, Row

AnyIndex = QModelIndex | QPersistentModelIndex


class AuditResultsModel(QAbstractTableModel):
    """The rows found so far; more are appended as pages arrive."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = EVENTS
        self._columns: list[str] = EVENTS.columns()
        self.rows: list[Row] = []

    def reset(self, kind: ResultKind) -> None:
        self.beginResetModel()
        self.kind = kind
        self._columns = kind.columns()
        self.rows = []
        self.endResetModel()

    def append(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def ticket_at(self, row: int) -> int | None:
        if 0 <= row < len(self.rows):
            value = self.rows[row][self.kind.ticket_column]
            return value if isinstance(value, int) else None
        return None

    # ------------------------------------------------------------ Qt's interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            # Made when asked, so the heads follow a language switch.
            return self.kind.columns()[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if value is None:
                return ""
            if isinstance(value, datetime):
                return format_time(value)
            if index.column() == self.kind.ticket_column and isinstance(value, int):
                return f"#{value}"
            return str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None
