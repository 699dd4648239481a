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
from ..plaintext import plain_tooltip
from ..state.cache import ClientState
from ..timefmt import format_age, format_clock, format_countdown, format_time, seconds_left
from .countdown import URGENT_SECONDS, CountdownTicker

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
    ACCEPT_SECONDS = Qt.ItemDataRole.UserRole + 4
    """For a ticket offered to me: whole seconds left to accept it; else None."""
    URGENT = Qt.ItemDataRole.UserRole + 5
    """For a ticket offered to me: whether its time to accept is nearly up."""


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
_URGENT_TEXT = QColor("#b71c1c")
_URGENT_BACKGROUND = QColor("#fde0dc")
_COUNTDOWN_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
    TicketRole.ACCEPT_SECONDS,
    TicketRole.URGENT,
]


def priority_sort_key(ticket: TicketPublic) -> float:
    """Most urgent first when sorted descending, and within a priority the oldest first."""
    return ticket.priority.rank * 1e11 - ticket.created_at.timestamp()


class TicketTableModel(QAbstractTableModel):
    """``ticker``: the beat (and the server's time) of the accept countdowns, shared with
    other views that show them; one of its own on the workstation's clock when not given."""

    def __init__(
        self, state: ClientState, parent: Any = None, *, ticker: CountdownTicker | None = None
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._ticker = ticker or CountdownTicker(parent=self)
        self._ids: list[int] = list(state.tickets)
        self._rows: dict[int, int] = {tid: row for row, tid in enumerate(self._ids)}
        self._shown_seconds: dict[int, int] = {}
        """Offers to me with a deadline, and the seconds left their cell shows now."""
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
        # Countdowns of offers to me: the ticker beats while there is one.
        self._ticker.tick.connect(self._on_countdown_tick)
        for ticket_id in self._ids:
            self._follow_countdown(ticket_id)

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
        if role == TicketRole.ACCEPT_SECONDS:
            return self._seconds_left(ticket)
        if role == TicketRole.URGENT:
            return self._urgent(ticket)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ticket, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.STATUS and self._urgent(ticket):
                return QBrush(_URGENT_TEXT)
            colour = self._colour(ticket, column)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == Column.STATUS and self._urgent(ticket):
                return QBrush(_URGENT_BACKGROUND)
            return None
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
                seconds = self._seconds_left(ticket)
                if seconds is not None:
                    return translate("TicketTable", "{status} · {time}").format(
                        status=status_label(ticket.status), time=format_countdown(seconds)
                    )
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
            return plain_tooltip(ticket.title)  # a title may look like HTML; show it as typed
        if column == Column.STATUS and ticket.status is Status.ASSIGNED and ticket.accept_deadline:
            if self._waits_for_me(ticket):
                return translate(
                    "TicketTable", "Accept by {time}; after that it is offered to someone else"
                ).format(time=format_clock(ticket.accept_deadline))
            return translate("TicketTable", "Offered; to be accepted by {time}").format(
                time=format_clock(ticket.accept_deadline)
            )
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

    def _seconds_left(self, ticket: TicketPublic) -> int | None:
        if ticket.accept_deadline is None or not self._waits_for_me(ticket):
            return None
        return seconds_left(ticket.accept_deadline, self._ticker.now)

    def _urgent(self, ticket: TicketPublic) -> bool:
        seconds = self._seconds_left(ticket)
        return seconds is not None and seconds <= URGENT_SECONDS

    # ------------------------------------------------------------ countdowns

    def _follow_countdown(self, ticket_id: int) -> None:
        """Start or stop following the ticket's countdown, as it is an offer to me or not."""
        ticket = self._state.tickets.get(ticket_id)
        seconds = self._seconds_left(ticket) if ticket is not None else None
        if seconds is None:
            self._shown_seconds.pop(ticket_id, None)
        else:
            self._shown_seconds[ticket_id] = seconds
        self._ticker.want(self, bool(self._shown_seconds))

    def _on_countdown_tick(self) -> None:
        """Repaint the status cell of each offer whose countdown shows another second; the
        other cells and rows are left alone."""
        now = self._ticker.now
        for ticket_id, shown in list(self._shown_seconds.items()):
            ticket = self._state.tickets.get(ticket_id)
            row = self._rows.get(ticket_id)
            if ticket is None or ticket.accept_deadline is None or row is None:
                continue
            seconds = seconds_left(ticket.accept_deadline, now)
            if seconds != shown:
                self._shown_seconds[ticket_id] = seconds
                cell = self.index(row, Column.STATUS)
                self.dataChanged.emit(cell, cell, _COUNTDOWN_ROLES)

    @property
    def countdowns(self) -> int:
        """Countdowns running now (offers to me with a deadline)."""
        return len(self._shown_seconds)

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
        self._follow_countdown(ticket_id)

    def _on_changed(self, ticket_id: int) -> None:
        row = self._rows.get(ticket_id)
        if row is not None:
            self._follow_countdown(ticket_id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _on_removed(self, ticket_id: int) -> None:
        self._follow_countdown(ticket_id)
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
        for ticket_id in self._ids:  # who "me" is may have changed
            self._follow_countdown(ticket_id)
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
