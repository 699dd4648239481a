"""Ticket types for the administration screen: the list of types, and the fields of the
type being edited (a draft the admin reorders by buttons or by dragging)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ticketdesk.common.models import TicketTypePublic

from ..state.cache import ClientState

Index = QModelIndex | QPersistentModelIndex


class TypeColumn(IntEnum):
    KEY = 0
    NAME = 1
    VERSION = 2
    STATUS = 3


class TypeTableModel(QAbstractTableModel):
    """Every ticket type, by key; follows the cache's `types_changed`."""

    def __init__(self, state: ClientState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._rows: list[TicketTypePublic] = self._sorted()
        state.types_changed.connect(self._reload)

    def _sorted(self) -> list[TicketTypePublic]:
        return sorted(self._state.types.values(), key=lambda t: t.key)

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self._sorted()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TypeColumn)

    def type_at(self, row: int) -> TicketTypePublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, type_id: int) -> int:
        return next((i for i, t in enumerate(self._rows) if t.id == type_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        ticket_type = self._rows[index.row()]
        column = TypeColumn(index.column())
        if column is TypeColumn.KEY:
            return ticket_type.key
        if column is TypeColumn.NAME:
            return ticket_type.name
        if column is TypeColumn.VERSION:
            return str(ticket_type.version)
        return self.tr("Active") if ticket_type.active else self.tr("Inactive")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(TypeColumn):
            return None
        return (self.tr("Key"), self.tr("Name"), self.tr("Version"), self.tr("Status"))[section]


FIELD_ROW_MIME = "application/x-ticketdesk-field-row"


class FieldDraftModel(QAbstractListModel):
    """The fields of the type being edited, as plain dicts in the order the form shows them.
    A drag in the list moves a row (never copies it: two fields with one key are invalid)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: list[dict[str, Any]] = []

    def set_fields(self, fields: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.fields = [dict(f) for f in fields]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.fields):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        spec = self.fields[index.row()]
        label = spec.get("label") or self.tr("(no label)")
        return f"{label}  [{spec.get('key', '')}]"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    # ------------------------------------------------------------ changes

    def append(self, spec: dict[str, Any]) -> int:
        row = len(self.fields)
        self.beginInsertRows(QModelIndex(), row, row)
        self.fields.append(dict(spec))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.fields):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.fields[row]
            self.endRemoveRows()

    def update(self, row: int, spec: dict[str, Any]) -> None:
        if 0 <= row < len(self.fields):
            self.fields[row] = dict(spec)
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def move(self, row: int, to: int) -> bool:
        """Put the field at ``row`` at position ``to`` (of the list as it will be)."""
        if not (0 <= row < len(self.fields) and 0 <= to < len(self.fields)) or row == to:
            return False
        # Qt counts the destination before the move: moving down lands before row to + 1.
        destination = to + 1 if to > row else to
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.fields.insert(to, self.fields.pop(row))
        self.endMoveRows()
        return True

    # ------------------------------------------------------------ dragging

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [FIELD_ROW_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(FIELD_ROW_MIME, QByteArray(str(rows[0] if rows else -1).encode()))
        return data

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(FIELD_ROW_MIME):
            return False
        source = int(bytes(data.data(FIELD_ROW_MIME).data()).decode() or -1)
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.fields)
        target = row - 1 if row > source else row
        self.move(source, min(max(target, 0), len(self.fields) - 1))
        # The move is done here; returning False keeps the view from removing the source row.
        return False
