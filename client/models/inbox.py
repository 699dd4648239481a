"""The inbox lists: one `InboxModel` per tab, each listing some of the cached tickets in an
order of its own; what a ticket looks like is the `TicketPresenter`'s business.

Why not a `QSortFilterProxyModel`: with many tickets it asks Python for a value on every
comparison of its sort and on every row it filters, so showing 100,000 tickets took
tens of seconds. Here each tab computes a ticket's sort key once (when it comes in or
changes), keeps its rows in a Python list sorted on those keys, and places a changed ticket
with `bisect`: a live event is one row inserted, removed or moved, never a sort.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ticketdesk.common.enums import OPEN_STATUSES, Status
from ticketdesk.common.models import TicketPublic

from .ticket_list import TicketListModel
from .ticket_presenter import Column, TicketPresenter

WAITING = frozenset({Status.QUEUED, Status.HELD})

AnyIndex = QModelIndex | QPersistentModelIndex

Entry = tuple[Any, int, int]
"""A row's place: (sort key, tie-break, ticket id). The tie-break is the ticket id, negated
when the order is descending, so that equal keys always list the lower number first."""

_NAME_COLUMNS = frozenset({Column.TYPE, Column.GROUP, Column.ASSIGNEE})
"""Columns that sort by a name, which the directory may change."""

BULK_MIN = 64
"""A change of more tickets than this (and than a hundredth of the list) is taken in as one
new layout of the list rather than row by row. Row by row, each ticket costs a list insertion
and a signal to the views (some 25 µs in a list of 100,000), which adds up when a load brings
thousands; a new layout costs about one pass over the list."""


class Inbox(Enum):
    MINE = "mine"
    """Open tickets assigned to me."""
    QUEUES = "queues"
    """Tickets of my groups waiting for someone (queued or held); optionally all open ones."""
    CREATED = "created"
    """Open tickets I created, wherever they are now."""
    ALL = "all"
    """Every open ticket I can see (supervisors)."""


class InboxModel(TicketListModel):
    """One tab of the inbox: the tickets of ``inbox``, narrowed by the quick filter, in the
    order of the column last sorted on (at first most urgent first, then oldest).

    The rows live in ``_order``, sorted ascending on their `Entry`; a descending order shows
    that list from its end. ``_all`` is every ticket of the inbox, the filter aside (the same
    list as ``_order`` while there is no filter text), so that typing only has to pick rows."""

    def __init__(self, presenter: TicketPresenter, inbox: Inbox, parent: Any = None) -> None:
        super().__init__(presenter, parent)
        self._presenter = presenter
        self._state = presenter.state
        self.inbox = inbox
        self._words: tuple[str, ...] = ()
        self._all_open = False
        self._narrow: Callable[[TicketPublic], bool] | None = None
        """A saved view's filter, when one is chosen: only tickets it admits are listed."""
        self._column = int(Column.PRIORITY)
        self._descending = True
        self._entries: dict[int, Entry] = {}
        """Every ticket of the inbox (filter aside) → its entry."""
        self._all: list[Entry] = []
        self._order: list[Entry] = self._all
        self._shown: set[int] | None = None
        """The tickets the filter lets through, or None when there is no filter text."""
        self._scope = self._scope_now()
        self._show(*self._lists(self._column, self._descending, False, ()))
        state = self._state
        state.tickets_added.connect(self._on_tickets)
        state.tickets_changed.connect(self._on_tickets)
        state.tickets_removed.connect(self._on_tickets)
        presenter.names_changed.connect(self._on_names_changed)
        presenter.cells_changed.connect(self._on_cells_changed)

    # ------------------------------------------------------------ what the view asks

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Click-to-sort: the view calls this when a column's header is clicked."""
        descending = order == Qt.SortOrder.DescendingOrder
        if 0 <= column < len(Column) and (column, descending) != (self._column, self._descending):
            lists = self._lists(column, descending, self._all_open, self._words)
            self._show(*lists, _column=column, _descending=descending)

    # ------------------------------------------------------------ rows ↔ tickets

    def ticket_id(self, row: int) -> int | None:
        order = self._order
        if not 0 <= row < len(order):
            return None
        return (order[~row] if self._descending else order[row])[2]

    def row_of(self, ticket_id: int) -> int:
        """The row showing the ticket here, or -1."""
        entry = self._entries.get(ticket_id)
        if entry is None or (self._shown is not None and ticket_id not in self._shown):
            return -1
        return self._row(bisect_left(self._order, entry), len(self._order))

    def _row(self, position: int, size: int) -> int:
        """The row showing ``_order[position]`` in a list of ``size``."""
        return size - 1 - position if self._descending else position

    # ------------------------------------------------------------ what the panel sets

    def set_all_open(self, on: bool) -> None:
        """In the queues tab: also show tickets of my groups that someone already has."""
        if on != self._all_open:
            lists = self._lists(self._column, self._descending, on, self._words)
            self._show(*lists, _all_open=on)

    def set_narrowing(self, admits: Callable[[TicketPublic], bool] | None) -> None:
        """List only the tickets ``admits`` lets through (a saved view's), or all (None)."""
        self._narrow = admits
        self._show(*self._lists(self._column, self._descending, self._all_open, self._words))

    def set_text(self, text: str) -> None:
        """The quick filter: every word must appear in the number, title, names, order number
        or a field value."""
        words = tuple(text.strip().casefold().split())
        if words != self._words:
            self._show(self._entries, self._all, self._filtered(self._all, words), _words=words)

    # ------------------------------------------------------------ which tickets, where

    def _belongs(self, all_open: bool) -> Callable[[TicketPublic], bool]:
        """Whether a ticket is in this inbox (the quick filter aside), for who I am now."""
        base = self._belongs_to_inbox(all_open)
        narrow = self._narrow
        if narrow is None:
            return base
        return lambda t: base(t) and narrow(t)

    def _belongs_to_inbox(self, all_open: bool) -> Callable[[TicketPublic], bool]:
        state = self._state
        me = state.me
        if me is None:
            return lambda _ticket: False
        me_id, open_ = me.id, OPEN_STATUSES
        match self.inbox:
            case Inbox.MINE:
                return lambda t: t.assignee_id == me_id and t.status in open_
            case Inbox.QUEUES:
                groups = state.my_group_ids
                wanted = open_ if all_open else WAITING
                return lambda t: t.group_id in groups and t.status in wanted
            case Inbox.CREATED:
                return lambda t: t.created_by_id == me_id and t.status in open_
            case Inbox.ALL:
                return lambda t: t.status in open_

    def _entry_of(self, column: int, descending: bool) -> Callable[[TicketPublic], Entry]:
        key = self._presenter.sort_key(column)
        if descending:
            return lambda t: (key(t), -t.id, t.id)
        return lambda t: (key(t), t.id, t.id)

    def _filtered(self, entries: list[Entry], words: tuple[str, ...]) -> list[Entry]:
        """The entries the quick filter lets through (the same list when there is no text)."""
        if not words:
            return entries
        matching = self._presenter.matching(words)
        return [e for e in entries if e[2] in matching]

    def _lists(
        self, column: int, descending: bool, all_open: bool, words: tuple[str, ...]
    ) -> tuple[dict[int, Entry], list[Entry], list[Entry]]:
        """Every cached ticket placed anew: (entries, all, order)."""
        belongs, entry_of = self._belongs(all_open), self._entry_of(column, descending)
        entries = {t.id: entry_of(t) for t in self._state.tickets.values() if belongs(t)}
        everything = sorted(entries.values())
        return entries, everything, self._filtered(everything, words)

    def _show(
        self,
        entries: dict[int, Entry],
        everything: list[Entry],
        order: list[Entry],
        **settings: Any,
    ) -> None:
        """Show new lists (and take the settings that made them) in one step: rows inserted
        into an empty list, every row removed, or one layout change in which the rows the
        view keeps (selection, current) follow their tickets, or go if no longer listed."""

        def change() -> None:
            for name, value in settings.items():
                setattr(self, name, value)
            self._entries, self._all, self._order = entries, everything, order
            self._shown = None if order is everything else {e[2] for e in order}

        if not self._order and not order:
            change()
        elif not self._order:
            self.beginInsertRows(QModelIndex(), 0, len(order) - 1)
            change()
            self.endInsertRows()
        elif not order:
            self.beginRemoveRows(QModelIndex(), 0, len(self._order) - 1)
            change()
            self.endRemoveRows()
        else:
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            ids = [self.ticket_id(index.row()) for index in persistent]
            change()
            moved = []
            for index, ticket_id in zip(persistent, ids, strict=True):
                row = self.row_of(ticket_id) if ticket_id is not None else -1
                moved.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
            self.changePersistentIndexList(persistent, moved)
            self.layoutChanged.emit()

    def _scope_now(self) -> tuple[int, frozenset[int]] | None:
        """What the membership of a ticket depends on besides the ticket: who I am."""
        me = self._state.me
        return (me.id, self._state.my_group_ids) if me is not None else None

    def _on_names_changed(self) -> None:
        """Names, or who I am, changed: place every ticket anew if that can move it (a
        column of names sorts, or I am someone else now, or in other groups); else only the
        quick filter looks again, if there is one (it searches names)."""
        scope = self._scope_now()
        if scope != self._scope or self._column in _NAME_COLUMNS:
            self._scope = scope
            self._show(*self._lists(self._column, self._descending, self._all_open, self._words))
        elif self._words:
            self._show(self._entries, self._all, self._filtered(self._all, self._words))
        elif self._order:  # the same rows in the same order: the names in them repaint
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._order) - 1, len(Column) - 1)
            )

    # ------------------------------------------------------------ live changes

    def _on_tickets(self, ticket_ids: list[int]) -> None:
        """Tickets came, changed or went: place each anew (in bulk for a large batch)."""
        if len(ticket_ids) > BULK_MIN and len(ticket_ids) * 100 > len(self._all):
            self._take_in_bulk(ticket_ids)
            return
        tickets, words, matches = self._state.tickets, self._words, self._presenter.matches
        belongs = self._belongs(self._all_open)
        entry_of = self._entry_of(self._column, self._descending)
        for ticket_id in ticket_ids:
            ticket = tickets.get(ticket_id)
            new = entry_of(ticket) if ticket is not None and belongs(ticket) else None
            old = self._entries.get(ticket_id)
            shown_before = old is not None and (self._shown is None or ticket_id in self._shown)
            shown_after = new is not None and (not words or matches(ticket, words))
            if new == old and shown_before == shown_after:
                if shown_after:  # in the same place: only its cells look different
                    self._repaint(new)
                continue
            if self._order is not self._all:  # keep the unfiltered list too
                if old is not None:
                    del self._all[bisect_left(self._all, old)]
                if new is not None:
                    self._all.insert(bisect_left(self._all, new), new)
            if new is None:
                del self._entries[ticket_id]
            else:
                self._entries[ticket_id] = new
            if shown_before and shown_after:
                self._move(old, new)
            elif shown_before:
                self._remove(old)
            elif shown_after:
                self._insert(new)
            if self._shown is not None:
                if shown_after:
                    self._shown.add(ticket_id)
                else:
                    self._shown.discard(ticket_id)

    def _insert(self, entry: Entry) -> None:
        order = self._order
        position = bisect_left(order, entry)
        row = self._row(position, len(order) + 1)
        self.beginInsertRows(QModelIndex(), row, row)
        order.insert(position, entry)
        self.endInsertRows()

    def _remove(self, entry: Entry) -> None:
        order = self._order
        position = bisect_left(order, entry)
        row = self._row(position, len(order))
        self.beginRemoveRows(QModelIndex(), row, row)
        del order[position]
        self.endRemoveRows()

    def _move(self, old: Entry, new: Entry) -> None:
        order = self._order
        size = len(order)
        source = bisect_left(order, old)
        target = bisect_left(order, new)
        if target > source:
            target -= 1  # its place once it has left its old one
        if target == source:
            order[source] = new
            self._repaint(new)
            return
        row, to = self._row(source, size), self._row(target, size)
        # beginMoveRows counts the destination before the row has left.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
        del order[source]
        order.insert(target, new)
        self.endMoveRows()

    def _repaint(self, entry: Entry) -> None:
        order = self._order
        row = self._row(bisect_left(order, entry), len(order))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _take_in_bulk(self, ticket_ids: Iterable[int]) -> None:
        """Many tickets at once (a load, a reload, logging out): the lists made anew from
        the old ones, shown in one step."""
        tickets = self._state.tickets
        belongs = self._belongs(self._all_open)
        entry_of = self._entry_of(self._column, self._descending)
        touched = set(ticket_ids)
        entries = dict(self._entries)
        for ticket_id in touched:
            ticket = tickets.get(ticket_id)
            if ticket is not None and belongs(ticket):
                entries[ticket_id] = entry_of(ticket)
            else:
                entries.pop(ticket_id, None)
        everything = [e for e in self._all if e[2] not in touched]
        everything.extend(entries[i] for i in touched if i in entries)
        everything.sort()  # two sorted runs: a merge, not a sort
        self._show(entries, everything, self._filtered(everything, self._words))

    def _on_cells_changed(
        self, ticket_ids: list[int] | None, left: int, right: int, roles: list[int]
    ) -> None:
        """Cells changed of their own accord (the seconds of a countdown, ages): repaint
        them where they are shown, one row each, or the columns of every row when many or
        all changed. A ticket or names that changed are `_on_tickets`'s and
        `_on_names_changed`'s (they move, insert, remove and repaint rows themselves)."""
        order = self._order
        if not order:
            return
        if ticket_ids is None or len(ticket_ids) >= BULK_MIN:
            self.dataChanged.emit(self.index(0, left), self.index(len(order) - 1, right), roles)
            return
        for ticket_id in ticket_ids:
            row = self.row_of(ticket_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, left), self.index(row, right), roles)
