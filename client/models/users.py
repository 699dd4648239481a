"""The accounts of the directory as a table, for the administration screen."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ticketdesk.common.models import UserPublic

from ..labels import role_label
from ..state.cache import ClientState

Index = QModelIndex | QPersistentModelIndex


class UserColumn(IntEnum):
    USERNAME = 0
    NAME = 1
    ROLE = 2
    STATUS = 3


USER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class UserTableModel(QAbstractTableModel):
    """Every account, by username; follows the cache's `users_changed`."""

    def __init__(self, state: ClientState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._rows: list[UserPublic] = self._sorted()
        state.users_changed.connect(self._reload)

    def _sorted(self) -> list[UserPublic]:
        return sorted(self._state.users.values(), key=lambda u: u.username.lower())

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self._sorted()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(UserColumn)

    def user_at(self, row: int) -> UserPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, user_id: int) -> int:
        return next((i for i, u in enumerate(self._rows) if u.id == user_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        user = self._rows[index.row()]
        if role == USER_ID_ROLE:
            return user.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = UserColumn(index.column())
        if column is UserColumn.USERNAME:
            return user.username
        if column is UserColumn.NAME:
            return user.display_name
        if column is UserColumn.ROLE:
            return role_label(user.role)
        return self.tr("Active") if user.active else self.tr("Deactivated")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(UserColumn):
            return None
        return (self.tr("Username"), self.tr("Name"), self.tr("Role"), self.tr("Status"))[section]
