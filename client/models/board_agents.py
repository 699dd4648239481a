"""One group's people on the dispatch board: every active member with presence, how long
they have had it, a load bar (tickets in hand in this group against their capacity there)
and, as child rows, the tickets in hand — offered (with the time left to accept), in
progress, pending."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from ticketdesk.common.enums import LOAD_STATUSES, Presence, Status
from ticketdesk.common.models import TicketPublic, UserPublic

from ..labels import load_text, presence_label, status_label
from ..state.cache import ClientState
from ..timefmt import format_age, format_countdown, seconds_left
from .countdown import URGENT_SECONDS
from .row_sync import sync_rows
from .ticket_mime import TICKETS_MIME, tickets_mime

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

COALESCE_MS = 30
_HAND_ORDER = {Status.ASSIGNED: 0, Status.IN_PROGRESS: 1, Status.PENDING: 2}
_PRESENCE_ORDER = {Presence.ONLINE: 0, Presence.AWAY: 1, Presence.OFFLINE: 2}
_PRESENCE_COLOURS = {
    Presence.ONLINE: QColor("#2e7d32"),
    Presence.AWAY: QColor("#ef6c00"),
    Presence.OFFLINE: QColor("#757575"),
}
_HAND_COLOURS = {
    Status.ASSIGNED: QColor("#ef6c00"),
    Status.IN_PROGRESS: QColor("#2e7d32"),
    Status.PENDING: QColor("#757575"),
}
_LATE = QColor("#c62828")


class AgentColumn(IntEnum):
    NAME = 0
    PRESENCE = 1
    TIME = 2
    LOAD = 3


_COLUMNS = tuple(AgentColumn)


class AgentRole(IntEnum):
    USER_ID = Qt.ItemDataRole.UserRole + 1
    """On an agent row: the agent; on a ticket row: the agent who has it."""
    TICKET_ID = Qt.ItemDataRole.UserRole + 2
    """On a ticket row only."""
    TICKET = Qt.ItemDataRole.UserRole + 3
    LOAD = Qt.ItemDataRole.UserRole + 4
    """(tickets in hand, capacity) on an agent row, for the load bar."""
    AT_CAPACITY = Qt.ItemDataRole.UserRole + 5


@dataclass(frozen=True)
class AgentRow:
    """What an agent's row shows (compared to know whether it changed)."""

    user: UserPublic
    load: int
    capacity: int


def capacity_in(state: ClientState, user: UserPublic, group_id: int) -> int:
    own = user.capacities.get(group_id)
    if own is not None:
        return own
    group = state.groups.get(group_id)
    return group.default_capacity if group else 0


def hand_key(ticket: TicketPublic) -> tuple[int, datetime, int]:
    """Offers first (they are the ones with a clock running), then in progress, pending."""
    return (_HAND_ORDER.get(ticket.status, 3), ticket.assigned_at or ticket.created_at, ticket.id)


def in_hand_of(state: ClientState, group_id: int | None,
               tickets_in: Callable[[int], Iterable[TicketPublic]] | None = None,
               ) -> dict[int, list[TicketPublic]]:
    """Per agent, their tickets in hand in this group, in hand order (the plain way)."""
    hands: dict[int, list[TicketPublic]] = {}
    if group_id is None:
        return hands
    for t in tickets_in(group_id) if tickets_in is not None else state.tickets.values():
        if t.group_id == group_id and t.status in LOAD_STATUSES and t.assignee_id is not None:
            hands.setdefault(t.assignee_id, []).append(t)
    for tickets in hands.values():
        tickets.sort(key=hand_key)
    return hands


def agents_of(state: ClientState, group_id: int | None) -> list[UserPublic]:
    """Active members, online first, then away, then offline; by name within."""
    if group_id is None:
        return []
    return sorted(
        state.members(group_id), key=lambda u: (_PRESENCE_ORDER[u.presence], u.display_name)
    )


def _headers() -> dict[AgentColumn, str]:
    return {
        AgentColumn.NAME: translate("BoardAgents", "Agent / ticket"),
        AgentColumn.PRESENCE: translate("BoardAgents", "Status"),
        AgentColumn.TIME: translate("BoardAgents", "For"),
        AgentColumn.LOAD: translate("BoardAgents", "Load"),
    }


_TOP = 0
"""internalId of an agent row; a ticket row's is its agent's user id (stable while the
agents' rows move, as they do when someone's presence changes)."""


class BoardAgentsModel(QAbstractItemModel):
    """Follows one group (`set_group`). Agents are ordered by presence then name; the order
    and the tickets in hand follow the live cache once per burst, row by row."""

    def __init__(
        self, state: ClientState, now: Callable[[], datetime], parent: Any = None,
        tickets_in: Callable[[int], Iterable[TicketPublic]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._now = now
        self._tickets_in = tickets_in
        self.group_id: int | None = None
        self._agents: list[int] = []
        self._rows: dict[int, AgentRow] = {}
        self._hands: dict[int, list[int]] = {}
        self._tickets: dict[int, TicketPublic] = {}
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._timer.timeout.connect(self.refresh)
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._tickets_soon)
        state.user_changed.connect(self._soon)
        state.users_changed.connect(self._soon)
        state.groups_changed.connect(self._soon)

    # ------------------------------------------------------------ updates

    def set_group(self, group_id: int | None) -> None:
        if group_id == self.group_id:
            return
        self.beginResetModel()  # another group: no row carries over
        self.group_id = group_id
        self._agents, self._rows, self._hands, self._tickets = [], {}, {}, {}
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        hands = in_hand_of(self._state, self.group_id, self._tickets_in)
        for user in agents_of(self._state, self.group_id):
            self._agents.append(user.id)
            mine = hands.get(user.id, [])
            self._hands[user.id] = [t.id for t in mine]
            self._tickets.update((t.id, t) for t in mine)
            self._rows[user.id] = self._row(user, len(mine))

    def _row(self, user: UserPublic, load: int) -> AgentRow:
        assert self.group_id is not None
        return AgentRow(user, load, capacity_in(self._state, user, self.group_id))

    def _soon(self, *_: object) -> None:
        if not self._timer.isActive() and self.group_id is not None:
            self._timer.start()

    def _tickets_soon(self, ids: Iterable[int]) -> None:
        """Only changes to this group's tickets (or to one shown here, which may have left
        it) concern it: many groups' agents are shown side by side."""
        if self._timer.isActive() or self.group_id is None:
            return
        tickets = self._state.tickets
        for tid in ids:
            ticket = tickets.get(tid)
            if tid in self._tickets or (ticket is not None and ticket.group_id == self.group_id):
                self._timer.start()
                return

    def refresh(self) -> None:
        """Catch up now (the model does so by itself shortly after any change)."""
        self._timer.stop()
        if self.group_id is None:
            return
        users = agents_of(self._state, self.group_id)
        hands = in_hand_of(self._state, self.group_id, self._tickets_in)
        fresh_rows = {u.id: self._row(u, len(hands.get(u.id, []))) for u in users}
        old_rows = self._rows
        # Agents first (new ones come with no children, gone ones leave with theirs).
        self._rows = {**self._rows, **fresh_rows}
        for uid in [u for u in self._agents if u not in fresh_rows]:
            self._drop_children(uid)
        sync_rows(self, QModelIndex(), self._agents, [u.id for u in users])
        self._rows = fresh_rows
        positions = {uid: row for row, uid in enumerate(self._agents)}
        tickets: dict[int, TicketPublic] = {}
        for uid in self._agents:
            mine = hands.get(uid, [])
            tickets.update((t.id, t) for t in mine)
        old_tickets = self._tickets
        self._tickets = {**old_tickets, **tickets}
        last = len(AgentColumn) - 1
        for uid in self._agents:
            parent = self.index(positions[uid], 0)
            children = self._hands.setdefault(uid, [])
            new = [t.id for t in hands.get(uid, [])]
            sync_rows(self, parent, children, new)
            for row, tid in enumerate(children):
                if tid in old_tickets and old_tickets[tid] is not tickets[tid]:
                    self.dataChanged.emit(
                        self.index(row, 0, parent), self.index(row, last, parent)
                    )
        self._tickets = tickets
        for uid in list(self._hands):
            if uid not in positions:
                del self._hands[uid]
        for uid, row in positions.items():
            if old_rows.get(uid) != fresh_rows[uid]:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _drop_children(self, uid: int) -> None:
        children = self._hands.get(uid)
        if children:
            parent = self.index(self._agents.index(uid), 0)
            self.beginRemoveRows(parent, 0, len(children) - 1)
            children.clear()
            self.endRemoveRows()

    def tick(self) -> None:
        """Presence times, countdowns and ages move with the clock."""
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole]
        col = AgentColumn.TIME
        if not self._agents:
            return
        self.dataChanged.emit(self.index(0, col), self.index(len(self._agents) - 1, col), roles)
        for row, uid in enumerate(self._agents):
            n = len(self._hands.get(uid, ()))
            if n:
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(0, col, parent), self.index(n - 1, col, parent),
                                      roles)

    # ------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(AgentColumn) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._agents):
                return QModelIndex()
            return self.createIndex(row, column, _TOP)
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        agent_row = parent.row()
        if agent_row >= len(self._agents):
            return QModelIndex()
        if row >= len(self._hands.get(self._agents[agent_row], ())):
            return QModelIndex()
        return self.createIndex(row, column, self._agents[agent_row])

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        row = self.agent_row(child.internalId())
        return self.createIndex(row, 0, _TOP) if row >= 0 else QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._agents)
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0
        if parent.row() >= len(self._agents):
            return 0
        return len(self._hands.get(self._agents[parent.row()], ()))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(AgentColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(AgentColumn)
        ):
            return _headers()[AgentColumn(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() == _TOP:
            return base | Qt.ItemFlag.ItemIsDropEnabled  # onto an agent: assign
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren

    def mimeTypes(self) -> list[str]:
        return [TICKETS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        tickets = (self.ticket_at(i) for i in indexes)
        return tickets_mime(t for t in tickets if t is not None)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    # ------------------------------------------------------------ reading

    def agent_ids(self) -> list[int]:
        return list(self._agents)

    def tickets_of(self, user_id: int) -> list[int]:
        return list(self._hands.get(user_id, ()))

    def agent_row(self, user_id: int) -> int:
        try:
            return self._agents.index(user_id)
        except ValueError:
            return -1

    def agent_index(self, user_id: int, column: int = 0) -> QModelIndex:
        row = self.agent_row(user_id)
        return self.index(row, column) if row >= 0 else QModelIndex()

    def ticket_index(self, ticket_id: int) -> QModelIndex:
        for row, uid in enumerate(self._agents):
            children = self._hands.get(uid, [])
            if ticket_id in children:
                return self.index(children.index(ticket_id), 0, self.index(row, 0))
        return QModelIndex()

    def agent_at(self, index: AnyIndex) -> AgentRow | None:
        """The agent of an agent row, or of a ticket row's parent."""
        if not index.isValid():
            return None
        if index.internalId() != _TOP:
            return self._rows.get(index.internalId())
        if index.row() >= len(self._agents):
            return None
        return self._rows.get(self._agents[index.row()])

    def ticket_at(self, index: AnyIndex) -> TicketPublic | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        children = self._hands.get(index.internalId(), [])
        if index.row() >= len(children):
            return None
        return self._tickets.get(children[index.row()])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = _COLUMNS[index.column()]  # not AgentColumn(n): an enum call per cell adds up
        if index.internalId() == _TOP:
            row = self.agent_at(index)
            return None if row is None else self._agent_data(row, column, role)
        ticket = self.ticket_at(index)
        return None if ticket is None else self._ticket_data(ticket, column, role)

    def _agent_data(self, row: AgentRow, column: AgentColumn, role: int) -> Any:
        user = row.user
        if role == AgentRole.USER_ID:
            return user.id
        if role == AgentRole.LOAD:
            return (row.load, row.capacity)
        if role == AgentRole.AT_CAPACITY:
            return row.load >= row.capacity
        if role == Qt.ItemDataRole.DisplayRole:
            if column is AgentColumn.NAME:
                return user.display_name
            if column is AgentColumn.PRESENCE:
                return presence_label(user.presence)
            if column is AgentColumn.TIME:
                since = user.presence_changed_at
                return format_age(since, self._now()) if since else ""
            return load_text(row.load, row.capacity)
        if role == Qt.ItemDataRole.ForegroundRole and column is AgentColumn.PRESENCE:
            return _PRESENCE_COLOURS[user.presence]
        if role == Qt.ItemDataRole.ToolTipRole and column is AgentColumn.LOAD:
            if row.capacity <= 0:
                return translate(
                    "BoardAgents",
                    "Capacity 0 in this group: the engine offers them nothing here (%1 in "
                    "hand); assigning by hand needs Assign anyway").replace("%1", str(row.load))
            return translate("BoardAgents", "%1 of %2 tickets in hand in this group").replace(
                "%1", str(row.load)).replace("%2", str(row.capacity))
        return None

    def _ticket_data(self, ticket: TicketPublic, column: AgentColumn, role: int) -> Any:
        if role == AgentRole.TICKET_ID:
            return ticket.id
        if role == AgentRole.TICKET:
            return ticket
        if role == AgentRole.USER_ID:
            return ticket.assignee_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column is AgentColumn.NAME:
                return f"#{ticket.id} {ticket.title}"
            if column is AgentColumn.PRESENCE:
                return (translate("BoardAgents", "Offered") if ticket.status is Status.ASSIGNED
                        else status_label(ticket.status))
            if column is AgentColumn.TIME:
                return self._ticket_time(ticket)
            return ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is AgentColumn.PRESENCE:
                return _HAND_COLOURS.get(ticket.status)
            if (
                column is AgentColumn.TIME
                and ticket.status is Status.ASSIGNED
                and ticket.accept_deadline is not None
                and seconds_left(ticket.accept_deadline, self._now()) <= URGENT_SECONDS
            ):
                return _LATE
        if role == Qt.ItemDataRole.ToolTipRole and column is AgentColumn.NAME:
            return f"#{ticket.id} {ticket.title}"
        return None

    def _ticket_time(self, ticket: TicketPublic) -> str:
        now = self._now()
        if ticket.status is Status.ASSIGNED and ticket.accept_deadline is not None:
            left = seconds_left(ticket.accept_deadline, now)
            return translate("BoardAgents", "%1 to accept").replace("%1", format_countdown(left))
        since = ticket.accepted_at or ticket.assigned_at or ticket.created_at
        return format_age(since, now)
