"""What the command palette (Ctrl+K) lists for what the agent typed: the window's commands,
the views to switch to, the tickets in the cache (by number or title, pinyin included) and,
where given, quick replies. Live: a ticket arriving or changing while the palette is open
shows at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction

from ..labels import status_label, strip_mnemonic
from ..search_text import rank
from ..state.cache import ClientState

Index = QModelIndex | QPersistentModelIndex

TICKETS_SHOWN = 50
"""At most this many tickets listed: the palette finds, the inbox lists."""


class PaletteColumn(IntEnum):
    NAME = 0
    HINT = 1


class EntryKind(IntEnum):
    """Also the order of equally good matches: a command before a view before a ticket."""

    COMMAND = 0
    VIEW = 1
    QUICK_REPLY = 2
    TICKET = 3


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    text: str
    hint: str
    action: QAction | None = None
    ticket_id: int | None = None
    key: str = ""
    """A quick reply's id, for whoever runs it."""


ActionSource = Callable[[], list[tuple[EntryKind, QAction, str]]]
"""The window's commands now: kind, action, and the hint (its keys, or its menu)."""
ExtraSource = Callable[[], list[Entry]]


class PaletteModel(QAbstractTableModel):
    def __init__(
        self,
        state: ClientState,
        actions: ActionSource,
        parent: QObject | None = None,
        *,
        extra: ExtraSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._actions = actions
        self._extra = extra
        self._query = ""
        self._rows: list[Entry] = []
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._on_tickets)
        state.ticket_added.connect(self._on_tickets)
        state.ticket_changed.connect(self._on_tickets)
        state.ticket_removed.connect(self._on_tickets)
        self.refresh()

    # ------------------------------------------------------------ the list

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, query: str) -> None:
        if query != self._query:
            self._query = query
            self.refresh()

    def entry(self, row: int) -> Entry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _on_tickets(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Match everything against the query again (small lists: a reset is the simplest
        honest signal to the view)."""
        self.beginResetModel()
        self._rows = self._matching()
        self.endResetModel()

    def _matching(self) -> list[Entry]:
        query = self._query.strip()
        found: list[tuple[int, int, int, Entry]] = []
        for order, (kind, action, hint) in enumerate(self._actions()):
            if not action.isVisible() or not action.isEnabled():
                continue
            entry = Entry(kind, strip_mnemonic(action.text()), hint, action=action)
            score = rank(query, entry.text)
            if score is not None:
                found.append((score, kind, order, entry))
        if self._extra is not None:
            for order, entry in enumerate(self._extra()):
                score = rank(query, entry.text)
                if score is not None:
                    found.append((score, entry.kind, order, entry))
        found.extend(self._tickets(query))
        found.sort(key=lambda f: f[:3])
        return [f[3] for f in found]

    def _tickets(self, query: str) -> list[tuple[int, int, int, Entry]]:
        number = query.lstrip("#").strip()
        # isdecimal, not isdigit: "²" or "①" are digits that int() refuses.
        exact = int(number) if number.isdecimal() else None
        found = []
        # Newest first among equals: the ticket one is looking for is usually recent.
        for ticket in sorted(self._state.tickets.values(), key=lambda t: -t.id):
            text = f"#{ticket.id} {ticket.title}"
            if exact is not None:
                score = -1 if ticket.id == exact else (0 if str(ticket.id).startswith(number)
                                                      else None)
            else:
                score = rank(query, ticket.title) if query else 1
                if score is None and ticket.order_no and query:
                    score = 1 if query.casefold() in ticket.order_no.casefold() else None
            if score is None:
                continue
            hint = f"{status_label(ticket.status)} · {self._state.group_name(ticket.group_id)}"
            entry = Entry(EntryKind.TICKET, text, hint, ticket_id=ticket.id)
            found.append((score, EntryKind.TICKET, -ticket.id, entry))
            if len(found) >= TICKETS_SHOWN and exact is None:
                break
        return found

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PaletteColumn)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.text if index.column() == PaletteColumn.NAME else entry.hint
        if role == Qt.ItemDataRole.ToolTipRole and entry.action is not None:
            return entry.action.toolTip() or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PaletteColumn.HINT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
