"""The engine's recent decisions as a list for the board: when, which ticket, to whom, by
which rule (and how many others were considered)."""

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

from ticketdesk.common.models import EventPublic

from ..labels import assign_rule_label
from ..state.decisions import KEEP, EngineDecisions
from ..timefmt import format_clock

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex


class DecisionColumn(IntEnum):
    TIME = 0
    TICKET = 1
    AGENT = 2
    RULE = 3


class DecisionRole(IntEnum):
    TICKET_ID = Qt.ItemDataRole.UserRole + 1
    EVENT = Qt.ItemDataRole.UserRole + 2


def rule_text(event: EventPublic) -> str:
    """Which rule chose the agent, in words; a re-offer after a lapsed one says so."""
    rule = assign_rule_label(str(event.data.get("rule", "")))
    if event.data.get("reason") == "reassigned_timeout":
        return translate("Decisions", "offer lapsed, again: %1").replace("%1", rule)
    return rule


def _tooltip(event: EventPublic) -> str:
    candidates = event.data.get("candidates")
    if not isinstance(candidates, list) or not candidates:
        return ""
    loads = ", ".join(
        f"#{c.get('id')} {c.get('load')}/{c.get('capacity')}"
        for c in candidates if isinstance(c, dict)
    )
    return translate("Decisions", "Considered (load/capacity): %1").replace("%1", loads)


class DecisionsModel(QAbstractTableModel):
    def __init__(self, decisions: EngineDecisions, parent: Any = None) -> None:
        super().__init__(parent)
        self._decisions = decisions
        self._events: list[EventPublic] = list(decisions.events)
        decisions.added.connect(self._on_added)
        decisions.reset.connect(self._on_reset)

    def _on_reset(self) -> None:
        self.beginResetModel()
        self._events = list(self._decisions.events)
        self.endResetModel()

    def _on_added(self, fresh: list[EventPublic]) -> None:
        self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
        self._events[:0] = fresh
        self.endInsertRows()
        if len(self._events) > KEEP:
            self.beginRemoveRows(QModelIndex(), KEEP, len(self._events) - 1)
            del self._events[KEEP:]
            self.endRemoveRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DecisionColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(DecisionColumn)
        ):
            return {
                DecisionColumn.TIME: translate("Decisions", "Time"),
                DecisionColumn.TICKET: translate("Decisions", "Ticket"),
                DecisionColumn.AGENT: translate("Decisions", "To"),
                DecisionColumn.RULE: translate("Decisions", "Rule"),
            }[DecisionColumn(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        column = DecisionColumn(index.column())
        if role == DecisionRole.TICKET_ID:
            return event.ticket_id
        if role == DecisionRole.EVENT:
            return event
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(event) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is DecisionColumn.TIME:
            return format_clock(event.created_at)
        if column is DecisionColumn.TICKET:
            return f"#{event.ticket_id}"
        if column is DecisionColumn.AGENT:
            return str(event.data.get("agent", ""))
        return rule_text(event)
