"""One group's queue on the dispatch board: its queued and held tickets, urgent first, then
the longest waiting; with their age, the time left to the first-response target and, for a
held ticket, when it is released."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from ticketdesk.common.enums import Priority, Status
from ticketdesk.common.models import TicketPublic, WorkingHours

from ..labels import priority_label, status_label
from ..state.cache import ClientState
from ..timefmt import format_age, format_time, format_wait, local
from . import sla
from .row_sync import sync_rows
from .ticket_mime import TICKETS_MIME, tickets_mime

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

WAITING = frozenset({Status.QUEUED, Status.HELD})
COALESCE_MS = 30
"""Live events come in bursts: the queue is brought up to date once per burst."""
_RANKS = {p: p.rank for p in Priority}
_URGENT = QColor("#c62828")
_HELD = QColor("#6a1b9a")


class QueueColumn(IntEnum):
    PRIORITY = 0
    TICKET = 1
    AGE = 2
    FIRST_RESPONSE = 3
    HELD_UNTIL = 4


_COLUMNS = tuple(QueueColumn)


class QueueRole(IntEnum):
    TICKET_ID = Qt.ItemDataRole.UserRole + 1
    TICKET = Qt.ItemDataRole.UserRole + 2


def queue_key(ticket: TicketPublic) -> tuple[int, datetime, int]:
    """Urgent first, then the oldest (the order the engine takes them in)."""
    return (-_RANKS[ticket.priority], ticket.created_at, ticket.id)


TicketsIn = Callable[[int], Iterable[TicketPublic]]
"""A group's tickets, from an index kept by the board (else every cached ticket is read)."""


def queue_of(state: ClientState, group_id: int | None, tickets_in: TicketsIn | None = None
             ) -> list[TicketPublic]:
    """The group's waiting tickets in queue order, counted the plain way."""
    if group_id is None:
        return []
    pool = tickets_in(group_id) if tickets_in is not None else state.tickets.values()
    tickets = [t for t in pool if t.group_id == group_id and t.status in WAITING]
    tickets.sort(key=queue_key)
    return tickets


def _headers() -> dict[QueueColumn, str]:
    return {
        QueueColumn.PRIORITY: translate("BoardQueue", "Priority"),
        QueueColumn.TICKET: translate("BoardQueue", "Ticket"),
        QueueColumn.AGE: translate("BoardQueue", "Waiting"),
        QueueColumn.FIRST_RESPONSE: translate("BoardQueue", "First response"),
        QueueColumn.HELD_UNTIL: translate("BoardQueue", "Held until"),
    }


def first_response_text(ticket: TicketPublic, now: datetime,
                        hours: WorkingHours | None = None) -> str:
    """Time left to the first response: working time on ``hours`` (see ``sla.working_hours``),
    the wall clock without."""
    due = ticket.first_response_due_at
    if due is None:
        return ""
    seconds = sla.seconds_left(due, now, hours)
    if seconds < 0:
        return translate("BoardQueue", "%1 overdue").replace("%1", format_wait(-seconds))
    return translate("BoardQueue", "%1 left").replace("%1", format_wait(seconds))


class BoardQueueModel(QAbstractTableModel):
    """Follows one group (`set_group`); kept current from the cache's change signals, once
    per burst, row by row (no resets)."""

    def __init__(
        self, state: ClientState, now: Callable[[], datetime], parent: Any = None,
        tickets_in: TicketsIn | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._now = now
        self._tickets_in = tickets_in
        self.group_id: int | None = None
        self._ids: list[int] = []
        self._shown: dict[int, TicketPublic] = {}
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._timer.timeout.connect(self.refresh)
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._soon)

    def set_group(self, group_id: int | None) -> None:
        if group_id == self.group_id:
            return
        self.beginResetModel()  # another group: nothing of the old rows carries over
        self.group_id = group_id
        tickets = queue_of(self._state, group_id, self._tickets_in)
        self._ids = [t.id for t in tickets]
        self._shown = {t.id: t for t in tickets}
        self.endResetModel()

    def _soon(self, ids: Iterable[int] = ()) -> None:
        # Many queues are shown side by side: each catches up only on changes to its own
        # group's tickets (or to a ticket it shows, which may have left it).
        if self._timer.isActive() or self.group_id is None:
            return
        tickets = self._state.tickets
        for tid in ids:
            ticket = tickets.get(tid)
            if tid in self._shown or (ticket is not None and ticket.group_id == self.group_id):
                self._timer.start()
                return

    def refresh(self) -> None:
        """Catch up now (the model does so by itself shortly after any change)."""
        self._timer.stop()
        tickets = queue_of(self._state, self.group_id, self._tickets_in)
        old = self._shown
        changed = [t for t in tickets if t.id in old and old[t.id] is not t]
        fresh = {t.id: t for t in tickets}
        self._shown = {**old, **fresh}  # rows read while they are inserted or removed
        sync_rows(self, QModelIndex(), self._ids, [t.id for t in tickets])
        self._shown = fresh
        last = len(QueueColumn) - 1
        if changed:
            rows = {tid: row for row, tid in enumerate(self._ids)}
            for ticket in changed:
                row = rows[ticket.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def tick(self) -> None:
        """The waits and the time left move with the clock."""
        if self._ids:
            self.dataChanged.emit(
                self.index(0, QueueColumn.AGE),
                self.index(len(self._ids) - 1, QueueColumn.FIRST_RESPONSE),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                 Qt.ItemDataRole.BackgroundRole],
            )

    # ------------------------------------------------------------ reading

    def ticket_ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, ticket_id: int) -> int:
        try:
            return self._ids.index(ticket_id)
        except ValueError:
            return -1

    def ticket(self, row: int) -> TicketPublic | None:
        return self._shown.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(QueueColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(QueueColumn)
        ):
            return _headers()[QueueColumn(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # onto the queue: take back
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        return [TICKETS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        tickets = (self.ticket(i.row()) for i in indexes if i.isValid())
        return tickets_mime(t for t in tickets if t is not None)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ticket = self.ticket(index.row())
        if ticket is None:
            return None
        column = _COLUMNS[index.column()]  # not QueueColumn(n): an enum call per cell adds up
        if role == QueueRole.TICKET_ID:
            return ticket.id
        if role == QueueRole.TICKET:
            return ticket
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(ticket, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is QueueColumn.PRIORITY and ticket.priority is Priority.URGENT:
                return _URGENT
            if column is QueueColumn.HELD_UNTIL:
                return _HELD
            if column is QueueColumn.FIRST_RESPONSE:
                # Amber from the type's warning point, red past the breach.
                return sla.COLOURS.get(sla.level(ticket, self._now()))
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column is QueueColumn.FIRST_RESPONSE:
            return sla.BACKGROUNDS.get(sla.level(ticket, self._now()))
        if role == Qt.ItemDataRole.ToolTipRole and column is QueueColumn.FIRST_RESPONSE:
            return sla.tooltip(ticket, self._now(), sla.working_hours(self._state, ticket))
        if role == Qt.ItemDataRole.ToolTipRole and column is QueueColumn.HELD_UNTIL:
            return format_time(ticket.held_until) if ticket.held_until else None
        if role == Qt.ItemDataRole.ToolTipRole and column is QueueColumn.TICKET:
            return f"#{ticket.id} {ticket.title} · {status_label(ticket.status)}"
        return None

    def _display(self, ticket: TicketPublic, column: QueueColumn) -> str:
        if column is QueueColumn.PRIORITY:
            return priority_label(ticket.priority)
        if column is QueueColumn.TICKET:
            return f"#{ticket.id} {ticket.title}"
        if column is QueueColumn.AGE:
            return format_age(ticket.created_at, self._now())
        if column is QueueColumn.FIRST_RESPONSE:
            return first_response_text(ticket, self._now(),
                                       sla.working_hours(self._state, ticket))
        if ticket.status is Status.HELD and ticket.held_until is not None:
            # Short, for a column a few hundred pixels wide: the hour today, else the day too
            # (the tooltip has the whole date).
            until, now = local(ticket.held_until), local(self._now())
            return until.strftime("%H:%M" if until.date() == now.date() else "%m-%d %H:%M")
        return ""
