"""Pick-lists over the directory: groups with their live load, and a group's members."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ticketdesk.common.models import GroupPublic, UserPublic

from ..labels import presence_label
from ..plaintext import plain_tooltip
from ..state.cache import ClientState

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex


class PickRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    NAME = Qt.ItemDataRole.UserRole + 2


def waiting(group: GroupPublic) -> int:
    return (group.load.queued + group.load.held) if group.load else 0


class LoadColumn(IntEnum):
    GROUP = 0
    WAITING = 1
    ONLINE = 2


class GroupLoadModel(QAbstractTableModel):
    """Active groups by name with their queue and who is online; ``exclude`` (the ticket's own
    group) is listed but cannot be chosen."""

    def __init__(self, state: ClientState, exclude: int | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self._exclude = exclude
        self._ids = self._load_ids()
        state.groups_changed.connect(self._on_groups_changed)

    def _load_ids(self) -> list[int]:
        groups = [g for g in self._state.groups.values() if g.active]
        return [g.id for g in sorted(groups, key=lambda g: g.name)]

    def _on_groups_changed(self) -> None:
        ids = self._load_ids()
        if ids == self._ids:
            if ids:  # the same groups; only their loads moved
                last = self.index(len(ids) - 1, len(LoadColumn) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LoadColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            {
                LoadColumn.GROUP: translate("GroupLoad", "Group"),
                LoadColumn.WAITING: translate("GroupLoad", "Waiting"),
                LoadColumn.ONLINE: translate("GroupLoad", "Online"),
            }.get(LoadColumn(section))
            if 0 <= section < len(LoadColumn)
            else None
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._ids[index.row()] == self._exclude:
            return Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        group = self._state.groups.get(self._ids[index.row()])
        if group is None:
            return None
        column = LoadColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(group, column)
        if role == PickRole.ID:
            return group.id
        if role == PickRole.NAME:
            return group.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(group.description)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not LoadColumn.GROUP:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, group: GroupPublic, column: LoadColumn) -> str:
        if column is LoadColumn.GROUP:
            if group.id == self._exclude:
                return translate("GroupLoad", "{name} (current group)").format(name=group.name)
            return group.name
        if group.load is None:
            return ""
        if column is LoadColumn.WAITING:
            return str(waiting(group))
        return translate("GroupLoad", "{online} of {members}").format(
            online=group.load.online, members=group.load.members
        )

    def row_of(self, group_id: int) -> int:
        return self._ids.index(group_id) if group_id in self._ids else -1


class MemberColumn(IntEnum):
    NAME = 0
    PRESENCE = 1
    IN_HAND = 2


class MemberModel(QAbstractTableModel):
    """A group's active members: name, presence and how many tickets they have in hand."""

    def __init__(self, state: ClientState, group_id: int, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self._group_id = group_id
        self._ids = [u.id for u in state.members(group_id)]
        state.users_changed.connect(self._on_users_changed)
        state.user_changed.connect(self._on_user_changed)

    def _on_users_changed(self) -> None:
        self.beginResetModel()
        self._ids = [u.id for u in self._state.members(self._group_id)]
        self.endResetModel()

    def _on_user_changed(self, user_id: int) -> None:
        if user_id in self._ids:
            row = self._ids.index(user_id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(MemberColumn) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MemberColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            {
                MemberColumn.NAME: translate("Members", "Agent"),
                MemberColumn.PRESENCE: translate("Members", "Status"),
                MemberColumn.IN_HAND: translate("Members", "In hand"),
            }.get(MemberColumn(section))
            if 0 <= section < len(MemberColumn)
            else None
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        user: UserPublic | None = self._state.users.get(self._ids[index.row()])
        if user is None:
            return None
        column = MemberColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is MemberColumn.NAME:
                return user.display_name
            if column is MemberColumn.PRESENCE:
                return presence_label(user.presence)
            return str(self._state.working_count(user.id, self._group_id))
        if role == PickRole.ID:
            return user.id
        if role == PickRole.NAME:
            return user.display_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column is MemberColumn.IN_HAND:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
