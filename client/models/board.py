"""The dispatch board's groups: per group, its queue and its people, counted live from the
client's cache (the tickets a supervisor sees are all open tickets, kept current by the
live events) rather than from the load the server last reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
from PySide6.QtGui import QFont

from ticketdesk.common.enums import Presence, Priority, Status
from ticketdesk.common.models import TicketPublic, UserPublic

from ..state.cache import ClientState
from ..timefmt import format_age

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

COALESCE_MS = 30
"""Live events arrive in bursts; the board counts again once per burst, not once per event."""


@dataclass(frozen=True)
class GroupCounts:
    """What a supervisor reads off one group at a glance."""

    waiting: int = 0
    """Queued and held."""
    urgent: int = 0
    """Of those waiting, the urgent ones."""
    oldest: datetime | None = None
    """When the longest-waiting ticket was created."""
    offered: int = 0
    in_progress: int = 0
    pending: int = 0
    online: int = 0
    members: int = 0


def count_groups(
    group_ids: Iterable[int], tickets: Iterable[TicketPublic], users: Iterable[UserPublic]
) -> dict[int, GroupCounts]:
    """The counts of every group, in one pass over the tickets and one over the users."""
    acc: dict[int, dict[str, Any]] = {g: {} for g in group_ids}
    for t in tickets:
        c = acc.get(t.group_id)
        if c is None:
            continue
        if t.status in (Status.QUEUED, Status.HELD):
            c["waiting"] = c.get("waiting", 0) + 1
            if t.priority is Priority.URGENT:
                c["urgent"] = c.get("urgent", 0) + 1
            if c.get("oldest") is None or t.created_at < c["oldest"]:
                c["oldest"] = t.created_at
        elif t.status is Status.ASSIGNED:
            c["offered"] = c.get("offered", 0) + 1
        elif t.status is Status.IN_PROGRESS:
            c["in_progress"] = c.get("in_progress", 0) + 1
        elif t.status is Status.PENDING:
            c["pending"] = c.get("pending", 0) + 1
    for u in users:
        if not u.active:
            continue
        for g in u.group_ids:
            c = acc.get(g)
            if c is None:
                continue
            c["members"] = c.get("members", 0) + 1
            if u.presence is Presence.ONLINE:
                c["online"] = c.get("online", 0) + 1
    return {g: GroupCounts(**c) for g, c in acc.items()}


class BoardColumn(IntEnum):
    GROUP = 0
    WAITING = 1
    URGENT = 2
    LONGEST_WAIT = 3
    OFFERED = 4
    IN_PROGRESS = 5
    PENDING = 6
    ONLINE = 7


class BoardRole(IntEnum):
    GROUP_ID = Qt.ItemDataRole.UserRole + 1
    OVERSEEN = Qt.ItemDataRole.UserRole + 2
    SORT = Qt.ItemDataRole.UserRole + 3


def _headers() -> dict[BoardColumn, str]:
    return {
        BoardColumn.GROUP: translate("Board", "Group"),
        BoardColumn.WAITING: translate("Board", "Waiting"),
        BoardColumn.URGENT: translate("Board", "Urgent"),
        BoardColumn.LONGEST_WAIT: translate("Board", "Longest wait"),
        BoardColumn.OFFERED: translate("Board", "Offered"),
        BoardColumn.IN_PROGRESS: translate("Board", "In progress"),
        BoardColumn.PENDING: translate("Board", "Pending"),
        BoardColumn.ONLINE: translate("Board", "Online / members"),
    }


class BoardGroupsModel(QAbstractTableModel):
    """Active groups, those the supervisor oversees first (then by name), with their counts.

    Rows change only when groups come or go (a reset, rare); counts change in place with one
    ``dataChanged`` per changed row."""

    def __init__(self, state: ClientState, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self._now = now
        self._ids: list[int] = []
        self._counts: dict[int, GroupCounts] = {}
        self._overseen: frozenset[int] = frozenset()
        # Each ticket as it was counted, and each group's ticket counts: a live batch takes
        # its tickets' old copies out of the counts and puts the new ones in (a recount of
        # all 11,000 tickets on every batch was the board's longest GUI stall, ~50-80 ms).
        # Only a group whose longest-waiting ticket left is looked over again, for the next.
        self._counted: dict[int, TicketPublic] = {}
        self._in_group: dict[int, set[int]] = {}
        self._tally: dict[int, dict[str, Any]] = {}
        self._stale_oldest: set[int] = set()
        self._recount_timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._recount_timer.timeout.connect(self.recount)
        self._reload()
        state.groups_changed.connect(self._reload)
        state.me_changed.connect(self._reload)
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._tickets_soon)
        state.users_changed.connect(self._soon)
        state.user_changed.connect(self._soon)

    # ------------------------------------------------------------ updates

    def _order(self) -> list[int]:
        me = self._state.me
        self._overseen = frozenset(me.overseen_group_ids) if me else frozenset()
        groups = [g for g in self._state.groups.values() if g.active]
        groups.sort(key=lambda g: (g.id not in self._overseen, g.name))
        return [g.id for g in groups]

    def _reload(self) -> None:
        ids = self._order()
        if ids != self._ids:
            self.beginResetModel()
            self._ids = ids
            self._counts = self._compute()
            self.endResetModel()
        else:
            self.recount()

    def _soon(self, *_: object) -> None:
        if not self._recount_timer.isActive():
            self._recount_timer.start()

    def _tickets_soon(self, ids: Iterable[int]) -> None:
        tickets = self._state.tickets
        for tid in ids:
            old = self._counted.pop(tid, None)
            if old is not None:
                self._in_group.get(old.group_id, set()).discard(tid)
                self._count(old, -1)
            ticket = tickets.get(tid)
            if ticket is not None:
                self._counted[tid] = ticket
                self._in_group.setdefault(ticket.group_id, set()).add(tid)
                self._count(ticket, +1)
        self._soon()

    def _count(self, t: TicketPublic, sign: int) -> None:
        c = self._tally.get(t.group_id)
        if c is None:
            return
        if t.status in (Status.QUEUED, Status.HELD):
            c["waiting"] = c.get("waiting", 0) + sign
            if t.priority is Priority.URGENT:
                c["urgent"] = c.get("urgent", 0) + sign
            if sign < 0 and c.get("oldest") == t.created_at:
                self._stale_oldest.add(t.group_id)
            elif sign > 0 and (c.get("oldest") is None or t.created_at < c["oldest"]):
                c["oldest"] = t.created_at
        elif t.status is Status.ASSIGNED:
            c["offered"] = c.get("offered", 0) + sign
        elif t.status is Status.IN_PROGRESS:
            c["in_progress"] = c.get("in_progress", 0) + sign
        elif t.status is Status.PENDING:
            c["pending"] = c.get("pending", 0) + sign

    def _compute(self) -> dict[int, GroupCounts]:
        tickets = self._state.tickets
        self._counted = dict(tickets)
        self._in_group = {}
        for tid, t in tickets.items():
            self._in_group.setdefault(t.group_id, set()).add(tid)
        self._stale_oldest.clear()
        counts = count_groups(self._ids, tickets.values(), self._state.users.values())
        self._tally = {
            gid: {k: v for k, v in vars(c).items() if k not in ("online", "members")}
            for gid, c in counts.items()
        }
        return counts

    def _compute_dirty(self) -> dict[int, GroupCounts]:
        """The counts as the live changes left them; online/members counted again for every
        group (the users are few)."""
        stale, self._stale_oldest = self._stale_oldest, set()
        tickets = self._state.tickets
        for gid in stale:
            if gid in self._tally:
                waits = [tickets[tid].created_at for tid in self._in_group.get(gid, ())
                         if tid in tickets
                         and tickets[tid].status in (Status.QUEUED, Status.HELD)]
                self._tally[gid]["oldest"] = min(waits) if waits else None
        people = count_groups(self._ids, (), self._state.users.values())
        return {
            gid: GroupCounts(**{**self._tally.get(gid, {}), "online": people[gid].online,
                                "members": people[gid].members})
            for gid in self._ids
        }

    def recount(self) -> None:
        """Count again now (the model does it by itself shortly after any change)."""
        self._recount_timer.stop()
        counts = self._compute_dirty()
        last = len(BoardColumn) - 1
        for row, gid in enumerate(self._ids):
            if counts.get(gid) != self._counts.get(gid):
                self._counts[gid] = counts[gid]
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def tick(self) -> None:
        """The waits grow with the clock: repaint that column."""
        if self._ids:
            col = BoardColumn.LONGEST_WAIT
            self.dataChanged.emit(self.index(0, col), self.index(len(self._ids) - 1, col))

    # ------------------------------------------------------------ reading

    def tickets_in(self, group_id: int) -> list[TicketPublic]:
        """The cached tickets of a group (any status), from the counts' own index: what a
        group's column reads instead of every ticket in the cache."""
        tickets = self._state.tickets
        return [tickets[t] for t in self._in_group.get(group_id, ()) if t in tickets]

    def group_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, group_id: int) -> int:
        return self._ids.index(group_id) if group_id in self._ids else -1

    def counts(self, group_id: int) -> GroupCounts:
        return self._counts.get(group_id, GroupCounts())

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BoardColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(BoardColumn)
        ):
            return _headers()[BoardColumn(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        gid = self._ids[index.row()]
        column = BoardColumn(index.column())
        c = self._counts.get(gid, GroupCounts())
        if role == BoardRole.GROUP_ID:
            return gid
        if role == BoardRole.OVERSEEN:
            return gid in self._overseen
        if role == Qt.ItemDataRole.FontRole and column is BoardColumn.GROUP:
            if gid in self._overseen:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not BoardColumn.GROUP:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, BoardRole.SORT):
            return None
        sort = role == BoardRole.SORT
        if column is BoardColumn.GROUP:
            return self._state.group_name(gid)
        if column is BoardColumn.LONGEST_WAIT:
            if c.oldest is None:
                return 0.0 if sort else ""
            now = self._now()
            return (now - c.oldest).total_seconds() if sort else format_age(c.oldest, now)
        if column is BoardColumn.ONLINE:
            return c.online if sort else f"{c.online} / {c.members}"
        value = {
            BoardColumn.WAITING: c.waiting,
            BoardColumn.URGENT: c.urgent,
            BoardColumn.OFFERED: c.offered,
            BoardColumn.IN_PROGRESS: c.in_progress,
            BoardColumn.PENDING: c.pending,
        }[column]
        return value if sort else str(value)
