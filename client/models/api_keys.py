"""API keys as a table for the administration screen (never the keys themselves)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ticketdesk.common.models import ApiKeyPublic

from ..state.api_keys import ApiKeyList
from ..timefmt import format_time

Index = QModelIndex | QPersistentModelIndex


class KeyColumn(IntEnum):
    ACCOUNT = 0
    NAME = 1
    KEY = 2
    SCOPES = 3
    EXPIRES = 4
    LAST_USED = 5
    STATUS = 6


KEY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ApiKeyTableModel(QAbstractTableModel):
    """Active keys first, then newest first; follows the list's `changed`."""

    def __init__(self, keys: ApiKeyList, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = keys
        self._rows: list[ApiKeyPublic] = self._sorted()
        keys.changed.connect(self._reload)

    def _sorted(self) -> list[ApiKeyPublic]:
        return sorted(self._keys.keys, key=lambda k: (not k.active, -k.id))

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self._sorted()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(KeyColumn)

    def key_at(self, row: int) -> ApiKeyPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key_id: int) -> int:
        return next((i for i, k in enumerate(self._rows) if k.id == key_id), -1)

    def _status(self, key: ApiKeyPublic) -> str:
        if key.revoked_at is not None:
            return self.tr("Replaced") if key.replaced_by_id else self.tr("Revoked")
        return self.tr("Active") if key.active else self.tr("Expired")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        key = self._rows[index.row()]
        if role == KEY_ID_ROLE:
            return key.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == KeyColumn.ACCOUNT:
            return key.account
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match KeyColumn(index.column()):
            case KeyColumn.ACCOUNT:
                return key.account_display_name
            case KeyColumn.NAME:
                return key.name
            case KeyColumn.KEY:
                return f"{key.prefix}…"
            case KeyColumn.SCOPES:
                return ", ".join(s.value for s in key.scopes)
            case KeyColumn.EXPIRES:
                return format_time(key.expires_at) if key.expires_at else self.tr("Never")
            case KeyColumn.LAST_USED:
                return format_time(key.last_used_at) if key.last_used_at else self.tr("Never")
            case _:
                return self._status(key)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(KeyColumn):
            return None
        return (self.tr("Service account"), self.tr("Key name"), self.tr("Key"),
                self.tr("Scopes"), self.tr("Expires"), self.tr("Last used"),
                self.tr("Status"))[section]
