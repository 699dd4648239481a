"""One owner's quick replies (a group's, or the agent's own) as a table, for the screens that
keep them; follows the `QuickReplies` state."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ticketdesk.common.models import QuickReplyPublic

from ..state.quick_replies import QuickReplies
from ..timefmt import format_time

Index = QModelIndex | QPersistentModelIndex

PERSONAL = 0
"""The owner of an agent's own quick replies (group ids start at 1)."""


class QuickReplyColumn(IntEnum):
    NAME = 0
    TEXT = 1
    CHANGED = 2


class QuickReplyTableModel(QAbstractTableModel):
    """The quick replies of one group (``owner`` its id) or the agent's own (`PERSONAL`), by
    name."""

    def __init__(self, replies: QuickReplies, owner: int = PERSONAL,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._replies = replies
        self._owner = owner
        self._rows: list[QuickReplyPublic] = self._chosen()
        replies.changed.connect(self._reload)

    @property
    def owner(self) -> int:
        return self._owner

    def set_owner(self, owner: int) -> None:
        if owner != self._owner:
            self._owner = owner
            self._reload()

    def _chosen(self) -> list[QuickReplyPublic]:
        rows = (self._replies.mine() if self._owner == PERSONAL
                else self._replies.of_group(self._owner))
        return sorted(rows, key=lambda r: (r.name.lower(), r.id))

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self._chosen()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(QuickReplyColumn)

    def reply_at(self, row: int) -> QuickReplyPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, reply_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == reply_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        reply = self._rows[index.row()]
        column = QuickReplyColumn(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and column is QuickReplyColumn.TEXT:
            return reply.body
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is QuickReplyColumn.NAME:
            return reply.name
        if column is QuickReplyColumn.TEXT:
            return " ".join(reply.body.split())  # one line in the table; the tip has it all
        return format_time(reply.updated_at)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(QuickReplyColumn):
            return None
        return (self.tr("Name"), self.tr("Text"), self.tr("Changed"))[section]
