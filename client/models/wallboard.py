"""The wallboard's figures, one row per active group: queue, longest wait, agents online and
busy (from the live cache), resolved today and SLA breaches today (`state.wallboard.TodayCounts`).

Definitions (docs/supervisors.md): the *queue* is the group's waiting tickets, queued and held;
the *longest wait* is the age of the oldest of them; *online* counts active members who are
online; *busy* those of them with a ticket in hand in the group (offered, in progress or
pending); *resolved* and *breaches* are today's, as the KPI report counts them. A group
outside its working hours says when it opens (from the routing hints)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from ticketdesk.common.enums import LOAD_STATUSES, Presence, Status

from ..state.cache import ClientState
from ..state.routing import RoutingHintsSource
from ..state.wallboard import TodayCounts
from ..timefmt import format_age, format_countdown
from .routing import hours_text

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

WAITING = (Status.QUEUED, Status.HELD)
RECOUNT_AFTER_MS = 200
"""Live changes are counted again once they pause this long (a burst: one count)."""
TICK_MS = 1000
"""The longest wait grows by itself: its column is repainted every second."""
WAIT_WARN_SECONDS = 5 * 60
WAIT_ALERT_SECONDS = 15 * 60


class WallColumn(IntEnum):
    GROUP = 0
    QUEUE = 1
    LONGEST_WAIT = 2
    ONLINE = 3
    BUSY = 4
    RESOLVED = 5
    BREACHES = 6


class WallRole(IntEnum):
    VALUE = Qt.ItemDataRole.UserRole + 1
    """The figure as a number (seconds for the wait; None while unknown)."""
    LEVEL = Qt.ItemDataRole.UserRole + 2
    """``"ok"``, ``"warn"`` or ``"alert"``: how the cell is coloured."""
    ID = Qt.ItemDataRole.UserRole + 3
    HOURS = Qt.ItemDataRole.UserRole + 4
    """On the group: ``closed, opens 09:00`` while it is not working ("" while it is)."""


@dataclass
class GroupFigures:
    group_id: int
    name: str
    queue: int = 0
    oldest: datetime | None = None
    online: int = 0
    busy: int = 0


def count(state: ClientState) -> list[GroupFigures]:
    """Every active group's live figures, by name, in one pass over the cache."""
    figures = {
        g.id: GroupFigures(g.id, g.name)
        for g in sorted(state.groups.values(), key=lambda g: g.name)
        if g.active
    }
    in_hand: set[tuple[int, int]] = set()
    for ticket in state.tickets.values():
        row = figures.get(ticket.group_id)
        if row is None:
            continue
        if ticket.status in WAITING:
            row.queue += 1
            if row.oldest is None or ticket.created_at < row.oldest:
                row.oldest = ticket.created_at
        elif ticket.status in LOAD_STATUSES and ticket.assignee_id is not None:
            in_hand.add((ticket.assignee_id, ticket.group_id))
    for user in state.users.values():
        if not user.active or user.presence is not Presence.ONLINE:
            continue
        for group_id in user.group_ids:
            row = figures.get(group_id)
            if row is not None:
                row.online += 1
                row.busy += (user.id, group_id) in in_hand
    return list(figures.values())


class WallboardModel(QAbstractTableModel):
    def __init__(
        self,
        state: ClientState,
        today: TodayCounts,
        now: Callable[[], datetime],
        hours: RoutingHintsSource | None = None,
        parent: Any = None,
    ) -> None:
        """``hours``: the routing hints, for whether each group is working now."""
        super().__init__(parent)
        self._state = state
        self._today = today
        self._now = now
        self._hours = hours
        if hours is not None:
            hours.changed.connect(lambda: self._changed(WallColumn.GROUP, WallColumn.GROUP))
        self._rows = count(state)
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_AFTER_MS)
        self._recount.timeout.connect(self.recount)
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._soon)
        for signal in (state.users_changed, state.user_changed, state.groups_changed):
            signal.connect(self._soon)
        today.changed.connect(self._today_changed)
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._tick_wait)
        self._tick.start()

    def _soon(self, *_args: object) -> None:
        if not self._recount.isActive():
            self._recount.start()

    def recount(self) -> None:
        self._recount.stop()
        rows = count(self._state)
        if [r.group_id for r in rows] != [r.group_id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        self._rows = rows
        self._changed(0, len(WallColumn) - 1)

    def _changed(self, first: int, last: int) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, first), self.index(len(self._rows) - 1, last))

    def _today_changed(self) -> None:
        self._changed(WallColumn.RESOLVED, WallColumn.BREACHES)

    def _tick_wait(self) -> None:
        if any(r.oldest is not None for r in self._rows):
            self._changed(WallColumn.LONGEST_WAIT, WallColumn.LONGEST_WAIT)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(WallColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(WallColumn):
            return None
        return {
            WallColumn.GROUP: translate("Wallboard", "Group"),
            WallColumn.QUEUE: translate("Wallboard", "Queue"),
            WallColumn.LONGEST_WAIT: translate("Wallboard", "Longest wait"),
            WallColumn.ONLINE: translate("Wallboard", "Online"),
            WallColumn.BUSY: translate("Wallboard", "Busy"),
            WallColumn.RESOLVED: translate("Wallboard", "Resolved today"),
            WallColumn.BREACHES: translate("Wallboard", "SLA breaches"),
        }[WallColumn(section)]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

    def value(self, row: GroupFigures, column: WallColumn) -> int | str | None:
        match column:
            case WallColumn.GROUP:
                return row.name
            case WallColumn.QUEUE:
                return row.queue
            case WallColumn.LONGEST_WAIT:
                if row.oldest is None:
                    return None
                return max(0, int((self._now() - row.oldest).total_seconds()))
            case WallColumn.ONLINE:
                return row.online
            case WallColumn.BUSY:
                return row.busy
            case WallColumn.RESOLVED:
                return self._today.resolved(row.group_id)
            case _:
                return self._today.breaches(row.group_id)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = WallColumn(index.column())
        if role == WallRole.ID:
            return row.group_id
        if role == WallRole.HOURS:
            hint = self._hours.group(row.group_id) if self._hours is not None else None
            return "" if hint is None or hint.open_now else hours_text(hint, self._now())
        value = self.value(row, column)
        if role == WallRole.VALUE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if column is WallColumn.LONGEST_WAIT:
                if not isinstance(value, int):
                    return "–"
                # m:ss within the hour (it visibly moves); past that, hours and days.
                return format_countdown(value) if value < 3600 else format_age(row.oldest,
                                                                               self._now())
            return "–" if value is None else str(value)
        if role == WallRole.LEVEL:
            return self._level(row, column, value)
        return None

    def _level(self, row: GroupFigures, column: WallColumn, value: object) -> str:
        if column is WallColumn.LONGEST_WAIT and isinstance(value, int):
            if value >= WAIT_ALERT_SECONDS:
                return "alert"
            if value >= WAIT_WARN_SECONDS:
                return "warn"
        if column is WallColumn.QUEUE and row.queue and not row.online:
            return "alert"  # waiting, and nobody there to take it
        if column is WallColumn.BREACHES and isinstance(value, int) and value > 0:
            return "alert"
        if column is WallColumn.ONLINE and not row.online:
            return "warn"
        return "ok"
