"""The inbox lists: one `InboxFilter` per tab over the one `TicketTableModel`."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ticketdesk.common.enums import OPEN_STATUSES, Status
from ticketdesk.common.models import TicketPublic

from ..state.cache import ClientState
from .tickets import Column, TicketRole

WAITING = frozenset({Status.QUEUED, Status.HELD})


class Inbox(Enum):
    MINE = "mine"
    """Open tickets assigned to me."""
    QUEUES = "queues"
    """Tickets of my groups waiting for someone (queued or held); optionally all open ones."""
    CREATED = "created"
    """Open tickets I created, wherever they are now."""
    ALL = "all"
    """Every open ticket I can see (supervisors)."""


class InboxFilter(QSortFilterProxyModel):
    def __init__(self, state: ClientState, inbox: Inbox, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self.inbox = inbox
        self._text = ""
        self._all_open = False
        self.setDynamicSortFilter(True)
        self.setSortRole(TicketRole.SORT)
        self.sort(Column.PRIORITY, Qt.SortOrder.DescendingOrder)
        state.me_changed.connect(self._refilter)

    def set_all_open(self, on: bool) -> None:
        """In the queues tab: also show tickets of my groups that someone already has."""
        if on != self._all_open:
            self.beginFilterChange()
            self._all_open = on
            self.endFilterChange()

    def set_text(self, text: str) -> None:
        """The quick filter: every word must appear in the number, title, names, order number
        or a field value."""
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        ticket: TicketPublic | None = index.data(TicketRole.TICKET)
        if ticket is None or not self._in_inbox(ticket):
            return False
        return not self._text or self._matches(ticket)

    def _in_inbox(self, ticket: TicketPublic) -> bool:
        me = self._state.me
        if me is None or ticket.status not in OPEN_STATUSES:
            return False
        match self.inbox:
            case Inbox.MINE:
                return ticket.assignee_id == me.id
            case Inbox.QUEUES:
                mine = ticket.group_id in self._state.my_group_ids
                return mine and (self._all_open or ticket.status in WAITING)
            case Inbox.CREATED:
                return ticket.created_by_id == me.id
            case Inbox.ALL:
                return True

    def _matches(self, ticket: TicketPublic) -> bool:
        state = self._state
        haystack = " ".join(
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
        return all(word in haystack for word in self._text.split())

    def ticket_id(self, row: int) -> int | None:
        value = self.index(row, 0).data(TicketRole.TICKET_ID)
        return int(value) if value is not None else None

    def row_of(self, ticket_id: int) -> int:
        """The row showing the ticket here, or -1."""
        source = self.sourceModel()
        source_row = source.row_of(ticket_id) if hasattr(source, "row_of") else -1
        if source_row < 0:
            return -1
        return self.mapFromSource(source.index(source_row, 0)).row()
