"""How a ticket looks in a list: its cells for each column and role, how it sorts, how the
quick filter finds it, and which of its cells change on their own (countdowns, ages).

One `TicketPresenter` serves every model that lists tickets (the inbox tabs, the list of
every cached ticket), so a ticket looks, sorts and filters the same in all of them, and its
haystack and countdown are worked out once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ticketdesk.common.enums import Priority, Status
from ticketdesk.common.models import TicketPublic

from ..labels import STATUS_ORDER, priority_label, status_label
from ..plaintext import plain_tooltip
from ..state.cache import ClientState
from ..timefmt import format_age, format_clock, format_countdown, format_time, seconds_left
from . import sla
from .countdown import URGENT_SECONDS, CountdownTicker

translate = QCoreApplication.translate  # the name lupdate looks for

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
    SLA = 8


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
    return _RANKS[ticket.priority] * 1e11 - ticket.created_at.timestamp()


_RANKS = {p: p.rank for p in Priority}

SortKey = Callable[[TicketPublic], Any]

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_COLUMNS = list(Column)
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class TicketPresenter(QObject):
    """``ticker``: the beat (and the server's time) of the accept countdowns, shared with
    other views that show them; one of its own on the workstation's clock when not given."""

    names_changed = Signal()
    """Names, or who I am, changed: any ticket may now read, sort and filter differently.
    Emitted after the presenter has forgotten what it knew of the old names."""
    cells_changed = Signal(object, int, int, object)
    """Cells changed of their own accord: (ticket ids, or None for every ticket; first and
    last column; the roles, empty for all). A ticket that itself changed is the state's
    news, not this."""

    def __init__(
        self, state: ClientState, parent: QObject | None = None, *,
        ticker: CountdownTicker | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._ticker = ticker or CountdownTicker(parent=self)
        self._shown_seconds: dict[int, int] = {}
        """Offers to me with a deadline, and the seconds left their cell shows now."""
        self._haystacks: dict[int, tuple[TicketPublic, str]] = {}
        """What the quick filter searches, per ticket, with the ticket it was made from."""
        self._matching: tuple[tuple[str, ...], frozenset[int]] | None = None
        """The last answer of `matching`, until a ticket or a name changes."""
        # Connected before any model that lists tickets: what they ask is fresh by then.
        state.tickets_added.connect(self._on_tickets)
        state.tickets_changed.connect(self._on_tickets)
        state.tickets_removed.connect(self._on_removed)
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
        self._follow_countdowns(state.tickets)

    @property
    def state(self) -> ClientState:
        return self._state

    def header(self, section: int) -> str | None:
        return column_title(Column(section)) if 0 <= section < len(Column) else None

    def ticket_data(self, ticket_id: int, column: int, role: int) -> Any:
        """What the cell of the ticket in the column holds for the role (`data` without
        rows, for every model that lists tickets)."""
        ticket = self._state.tickets.get(ticket_id)
        if ticket is None or not 0 <= column < len(_COLUMNS):
            return None
        role = int(role)
        # The roles a view asks for every cell it paints come first, the cheap answers early.
        if role == _DISPLAY:
            return self._display(ticket, _COLUMNS[column])
        if role == _FONT:
            return _bold() if self._waits_for_me(ticket) else None
        if role == _ALIGNMENT:
            return _RIGHT if column in (Column.NUMBER, Column.AGE) else None
        if role == _FOREGROUND:
            if column == Column.STATUS and self._urgent(ticket):
                return QBrush(_URGENT_TEXT)
            colour = self._colour(ticket, _COLUMNS[column])
            return QBrush(colour) if colour is not None else None
        if role == _BACKGROUND:
            if column == Column.STATUS and self._urgent(ticket):
                return QBrush(_URGENT_BACKGROUND)
            if column == Column.SLA:  # near the breach, or past it: the cell says so
                shade = sla.BACKGROUNDS.get(sla.level(ticket, self._ticker.now))
                return QBrush(shade) if shade is not None else None
            return None
        if role < TicketRole.TICKET_ID:
            if role == _TOOLTIP:
                return self._tooltip(ticket, _COLUMNS[column])
            return None
        if role == TicketRole.SORT:
            return self._sort_value(ticket, _COLUMNS[column])
        if role == TicketRole.TICKET_ID:
            return ticket.id
        if role == TicketRole.TICKET:
            return ticket
        if role == TicketRole.ACCEPT_SECONDS:
            return self._seconds_left(ticket)
        if role == TicketRole.URGENT:
            return self._urgent(ticket)
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
            case Column.SLA:
                return sla.text(ticket, self._ticker.now, sla.working_hours(state, ticket))

    def _sort_value(self, ticket: TicketPublic, column: Column) -> Any:
        return self.sort_key(column)(ticket)

    def sort_key(self, column: int) -> SortKey:
        """The function giving a ticket's value in the column as it sorts (numbers as
        numbers, priority most urgent first then oldest when descending, statuses in workflow
        order, names as read)."""
        match column:
            case Column.NUMBER:
                return _ticket_number
            case Column.STATUS:
                return _status_rank
            case Column.PRIORITY:
                return priority_sort_key
            case Column.AGE:
                return _age_key
            case Column.SLA:
                return sla.sort_key
            case Column.TITLE:
                return _title_key
            case _:
                shown = _COLUMNS[column]
                return lambda ticket: self._display(ticket, shown).casefold()

    def matches(self, ticket: TicketPublic, words: Iterable[str]) -> bool:
        """Whether every word (casefolded) appears in the number, title, names, order number
        or a field value: the quick filter."""
        hit = self._haystacks.get(ticket.id)
        if hit is None or hit[0] is not ticket:
            hit = (ticket, self._haystack(ticket))
            self._haystacks[ticket.id] = hit
        haystack = hit[1]
        return all(word in haystack for word in words)

    def matching(self, words: tuple[str, ...]) -> frozenset[int]:
        """Every cached ticket the quick filter lets through: worked out once for all the
        tabs that ask with the same words."""
        if self._matching is None or self._matching[0] != words:
            matches = self.matches
            found = frozenset(t.id for t in self._state.tickets.values() if matches(t, words))
            self._matching = (words, found)
        return self._matching[1]

    def _haystack(self, ticket: TicketPublic) -> str:
        state = self._state
        return " ".join(
            [
                f"#{ticket.id}",
                ticket.title,
                ticket.order_no or "",
                state.type_name(ticket.type_id),
                state.group_name(ticket.group_id),
                state.user_name(ticket.assignee_id),
                ticket.created_by_name,
                *(str(v) for v in ticket.fields.values()),
            ]
        ).casefold()

    def _tooltip(self, ticket: TicketPublic, column: Column) -> str | None:
        if column == Column.AGE:
            return translate("TicketTable", "Created {time}").format(
                time=format_time(ticket.created_at)
            )
        if column == Column.SLA:
            return sla.tooltip(ticket, self._ticker.now, sla.working_hours(self._state, ticket))
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
        if column == Column.SLA:
            return sla.COLOURS.get(sla.level(ticket, self._ticker.now))
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

    def _follow_countdowns(self, ticket_ids: Iterable[int]) -> None:
        """Start or stop following the tickets' countdowns, as they are offers to me or not."""
        tickets, shown = self._state.tickets, self._shown_seconds
        for ticket_id in ticket_ids:
            ticket = tickets.get(ticket_id)
            if ticket is None or ticket.accept_deadline is None:  # most of them: quickly
                shown.pop(ticket_id, None)
                continue
            seconds = self._seconds_left(ticket)
            if seconds is None:
                shown.pop(ticket_id, None)
            else:
                shown[ticket_id] = seconds
        self._ticker.want(self, bool(shown))

    def _on_countdown_tick(self) -> None:
        """Repaint the status cell of each offer whose countdown shows another second; the
        other cells and rows are left alone."""
        now = self._ticker.now
        moved = []
        for ticket_id, shown in list(self._shown_seconds.items()):
            ticket = self._state.tickets.get(ticket_id)
            if ticket is None or ticket.accept_deadline is None:
                continue
            seconds = seconds_left(ticket.accept_deadline, now)
            if seconds != shown:
                self._shown_seconds[ticket_id] = seconds
                moved.append(ticket_id)
        if moved:
            self.cells_changed.emit(moved, Column.STATUS, Column.STATUS, _COUNTDOWN_ROLES)

    @property
    def countdowns(self) -> int:
        """Countdowns running now (offers to me with a deadline)."""
        return len(self._shown_seconds)

    # ------------------------------------------------------------ state

    def _on_tickets(self, ticket_ids: list[int]) -> None:
        self._matching = None
        self._follow_countdowns(ticket_ids)

    def _on_removed(self, ticket_ids: list[int]) -> None:
        self._on_tickets(ticket_ids)
        for ticket_id in ticket_ids:
            self._haystacks.pop(ticket_id, None)

    def _on_age_tick(self) -> None:
        # Ages grow and SLA cells pass their warning and breach with time alone.
        self.cells_changed.emit(None, Column.AGE, Column.SLA, [])

    def _on_names_changed(self) -> None:
        self._haystacks.clear()
        self._matching = None
        self._follow_countdowns(self._state.tickets)  # who "me" is may have changed
        self.names_changed.emit()


def _ticket_number(ticket: TicketPublic) -> int:
    return ticket.id


def _status_rank(ticket: TicketPublic) -> int:
    return STATUS_ORDER[ticket.status]


def _age_key(ticket: TicketPublic) -> float:
    return -ticket.created_at.timestamp()


def _title_key(ticket: TicketPublic) -> str:
    return ticket.title.casefold()


_bold_font: list[QFont] = []


def _bold() -> QFont:
    """One bold font for every "waiting for me" cell (made once the application exists)."""
    if not _bold_font:
        font = QFont()
        font.setBold(True)
        _bold_font.append(font)
    return _bold_font[0]


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
        Column.SLA: translate("TicketTable", "SLA"),
    }[column]
