"""Groups and a group's memberships as tables, for the administration screen."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ticketdesk.common.models import GroupPublic, MembershipPublic

from ..collation import sorted_by_name
from ..state.cache import ClientState

Index = QModelIndex | QPersistentModelIndex


class GroupColumn(IntEnum):
    NAME = 0
    MEMBERS = 1
    WAITING = 2
    STATUS = 3


class GroupListModel(QAbstractTableModel):
    """Every group (inactive ones too), by name, with its live load; follows
    the cache's `groups_changed`."""

    def __init__(self, state: ClientState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._rows: list[GroupPublic] = self._sorted()
        state.groups_changed.connect(self._reload)

    def _sorted(self) -> list[GroupPublic]:
        return sorted_by_name(self._state.groups.values(), lambda g: g.name)

    def _reload(self) -> None:
        rows = self._sorted()
        if [g.id for g in rows] == [g.id for g in self._rows]:
            self._rows = rows  # the same groups: only their figures moved (keeps the selection)
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(GroupColumn) - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(GroupColumn)

    def group_at(self, row: int) -> GroupPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, group_id: int) -> int:
        return next((i for i, g in enumerate(self._rows) if g.id == group_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        group = self._rows[index.row()]
        column = GroupColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            GroupColumn.MEMBERS,
            GroupColumn.WAITING,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is GroupColumn.NAME:
            return group.name
        if column is GroupColumn.MEMBERS:
            return str(group.load.members) if group.load else ""
        if column is GroupColumn.WAITING:
            return str(group.load.queued + group.load.held) if group.load else ""
        return self.tr("Active") if group.active else self.tr("Inactive")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(GroupColumn):
            return None
        return (self.tr("Group"), self.tr("Members"), self.tr("Waiting"), self.tr("Status"))[
            section
        ]


class MembershipColumn(IntEnum):
    NAME = 0
    CAPACITY = 1


class MembershipModel(QAbstractTableModel):
    """One group's members by name with their capacity (the group's default when unset)."""

    def __init__(self, state: ClientState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._rows: list[MembershipPublic] = []
        self._default = 0

    def set_members(self, members: list[MembershipPublic], default_capacity: int) -> None:
        self.beginResetModel()
        self._default = default_capacity
        self._rows = sorted_by_name(members, lambda m: self._name(m.user_id))
        self.endResetModel()

    def _name(self, user_id: int) -> str:
        user = self._state.users.get(user_id)
        return user.display_name if user else f"#{user_id}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MembershipColumn)

    def member_at(self, row: int) -> MembershipPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def user_ids(self) -> set[int]:
        return {m.user_id for m in self._rows}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        member = self._rows[index.row()]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if MembershipColumn(index.column()) is MembershipColumn.NAME:
            return self._name(member.user_id)
        if member.capacity is None:
            return self.tr("{n} (group default)").format(n=self._default)
        return str(member.capacity)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(MembershipColumn):
            return None
        return (self.tr("Member"), self.tr("Capacity"))[section]
