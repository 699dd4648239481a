"""`TicketTableModel`: every ticket in the cache as a row, updated row by row from the state."""

from __future__ import annotations

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
from PySide6.QtGui import QBrush, QColor, QFont

from ticketdesk.common.enums import Priority, Status
from ticketdesk.common.models import TicketPublic

from ..labels import STATUS_ORDER, priority_label, status_label
from ..state.cache import ClientState
from ..timefmt import format_age, format_time

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

AGE_REFRESH_MS = 30_000


class Column(IntEnum):
    NUMBER = 0
    TITLE = 1
    TYPE = 2
    GROUP = 3
    STATUS = 4
    PRIORITY = 5
    ASSIGNEE = 6
    AGE = 7


class TicketRole(IntEnum):
    TICKET_ID = Qt.ItemDataRole.UserRole + 1
    TICKET = Qt.ItemDataRole.UserRole + 2
    """The `TicketPublic` itself, for filters."""
    SORT = Qt.ItemDataRole.UserRole + 3
    """A value that sorts the column the way people expect (numbers as numbers, priority
    most urgent first then oldest, statuses in workflow order)."""


_NAME_COLUMNS = (Column.TYPE, Column.GROUP, Column.ASSIGNEE)

_PRIORITY_COLOURS = {
    Priority.URGENT: QColor("#c62828"),
    Priority.HIGH: QColor("#d84315"),
    Priority.LOW: QColor("#757575"),
}
_STATUS_COLOURS = {
    Status.QUEUED: QColor("#1565c0"),
    Status.HELD: QColor("#6a1b9a"),
    Status.ASSIGNED: QColor("#ef6c00"),
    Status.IN_PROGRESS: QColor("#2e7d32"),
    Status.PENDING: QColor("#757575"),
    Status.RESOLVED: QColor("#616161"),
    Status.CLOSED: QColor("#9e9e9e"),
}


def priority_sort_key(ticket: TicketPublic) -> float:
    """Most urgent first when sorted descending, and within a priority the oldest first."""
    return ticket.priority.rank * 1e11 - ticket.created_at.timestamp()


class TicketTableModel(QAbstractTableModel):
    def __init__(self, state: ClientState, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self._ids: list[int] = list(state.tickets)
        self._rows: dict[int, int] = {tid: row for row, tid in enumerate(self._ids)}
        state.ticket_added.connect(self._on_added)
        state.ticket_changed.connect(self._on_changed)
        state.ticket_removed.connect(self._on_removed)
        state.users_changed.connect(self._on_names_changed)
        state.groups_changed.connect(self._on_names_changed)
        state.types_changed.connect(self._on_names_changed)
        state.me_changed.connect(self._on_names_changed)  # bold "waiting for me" rows
        # Ages grow while nobody touches a ticket; repaint that column now and then.
        self._age_timer = QTimer(self, interval=AGE_REFRESH_MS)
        self._age_timer.timeout.connect(self._on_age_tick)
        self._age_timer.start()

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return column_title(Column(section))

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
        ticket = self._state.tickets.get(self._ids[index.row()])
        if ticket is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(ticket, column)
        if role == TicketRole.SORT:
            return self._sort_value(ticket, column)
        if role == TicketRole.TICKET_ID:
            return ticket.id
        if role == TicketRole.TICKET:
            return ticket
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ticket, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._colour(ticket, column)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and self._waits_for_me(ticket):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.NUMBER, Column.AGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # ------------------------------------------------------------ cells

    def _display(self, ticket: TicketPublic, column: Column) -> str:
        state = self._state
        match column:
            case Column.NUMBER:
                return f"#{ticket.id}"
            case Column.TITLE:
                return ticket.title
            case Column.TYPE:
                return state.type_name(ticket.type_id)
            case Column.GROUP:
                return state.group_name(ticket.group_id)
            case Column.STATUS:
                return status_label(ticket.status)
            case Column.PRIORITY:
                return priority_label(ticket.priority)
            case Column.ASSIGNEE:
                return state.user_name(ticket.assignee_id) or "—"
            case Column.AGE:
                return format_age(ticket.created_at)

    def _sort_value(self, ticket: TicketPublic, column: Column) -> Any:
        match column:
            case Column.NUMBER:
                return ticket.id
            case Column.STATUS:
                return STATUS_ORDER[ticket.status]
            case Column.PRIORITY:
                return priority_sort_key(ticket)
            case Column.AGE:
                return -ticket.created_at.timestamp()
            case _:
                return self._display(ticket, column).casefold()

    def _tooltip(self, ticket: TicketPublic, column: Column) -> str | None:
        if column == Column.AGE:
            return translate("TicketTable", "Created {time}").format(
                time=format_time(ticket.created_at)
            )
        if column == Column.TITLE:
            return ticket.title
        return None

    def _colour(self, ticket: TicketPublic, column: Column) -> QColor | None:
        if column == Column.PRIORITY:
            return _PRIORITY_COLOURS.get(ticket.priority)
        if column == Column.STATUS:
            return _STATUS_COLOURS.get(ticket.status)
        return None

    def _waits_for_me(self, ticket: TicketPublic) -> bool:
        me = self._state.me
        return me is not None and ticket.status is Status.ASSIGNED and ticket.assignee_id == me.id

    # ------------------------------------------------------------ state → rows

    def row_of(self, ticket_id: int) -> int:
        return self._rows.get(ticket_id, -1)

    def _on_added(self, ticket_id: int) -> None:
        if ticket_id in self._rows:
            return
        row = len(self._ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.append(ticket_id)
        self._rows[ticket_id] = row
        self.endInsertRows()

    def _on_changed(self, ticket_id: int) -> None:
        row = self._rows.get(ticket_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _on_removed(self, ticket_id: int) -> None:
        row = self._rows.get(ticket_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        del self._rows[ticket_id]
        for later in self._ids[row:]:
            self._rows[later] -= 1
        self.endRemoveRows()

    def _on_names_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    def _on_age_tick(self) -> None:
        if self._ids:
            last = len(self._ids) - 1
            self.dataChanged.emit(self.index(0, Column.AGE), self.index(last, Column.AGE))


def column_title(column: Column) -> str:
    return {
        Column.NUMBER: translate("TicketTable", "No."),
        Column.TITLE: translate("TicketTable", "Title"),
        Column.TYPE: translate("TicketTable", "Type"),
        Column.GROUP: translate("TicketTable", "Group"),
        Column.STATUS: translate("TicketTable", "Status"),
        Column.PRIORITY: translate("TicketTable", "Priority"),
        Column.ASSIGNEE: translate("TicketTable", "Assignee"),
        Column.AGE: translate("TicketTable", "Age"),
    }[column]
