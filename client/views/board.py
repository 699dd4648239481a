"""The dispatch board (派单台), a main-window mode for supervisors: one column per group —
its queue and its agents with what they have in hand — side by side, live (no refresh
button), those the supervisor oversees first; scrolled across and filtered by name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.models import TicketPublic

from ..models.board import BoardColumn, BoardGroupsModel, BoardRole
from ..models.board_agents import BoardAgentsModel
from ..models.board_queue import BoardQueueModel
from ..models.countdown import CountdownTicker
from ..models.decisions import DecisionColumn, DecisionRole, DecisionsModel
from ..models.routing import GroupHintModel, HintColumn, MemberHintModel
from ..state import ClientSession
from ..state.decisions import EngineDecisions
from ..state.routing import RoutingHintsSource
from .assign import AssignDialog
from .board_columns import BoardColumns, GroupColumn
from .board_lists import GROUP_DROP, AgentsView, QueueView, fit_header
from .board_moves import BoardMover, PickDialog
from .common import MessageBar
from .retranslate import FollowsLanguage, refresh_words
from .transfer import TransferDialog

AnyIndex = QModelIndex | QPersistentModelIndex


class BoardFilter(QSortFilterProxyModel):
    """Narrows by group name and, optionally, to the groups one oversees; sorts by value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_overseen = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(BoardColumn.GROUP)
        self.setSortRole(BoardRole.SORT)

    def set_only_overseen(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_overseen = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self.only_overseen and not model.index(source_row, 0, source_parent).data(
            BoardRole.OVERSEEN
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


ORDERS = [
    # (the proxy's sort column, or -1 for the model's own order; the order)
    (-1, Qt.SortOrder.AscendingOrder),
    (BoardColumn.LONGEST_WAIT, Qt.SortOrder.DescendingOrder),
    (BoardColumn.WAITING, Qt.SortOrder.DescendingOrder),
    (BoardColumn.ONLINE, Qt.SortOrder.AscendingOrder),
]


class BoardView(FollowsLanguage, QWidget):
    def __init__(
        self, session: ClientSession, ticker: CountdownTicker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardView")
        self._session = session
        state = session.state
        self._state = state
        self._ticker = ticker
        self.model = BoardGroupsModel(state, lambda: ticker.now, self)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)
        ticker.tick.connect(self.model.tick)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("boardFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter groups"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.only_mine = QCheckBox(self.tr("Only the groups I oversee"), self)
        self.only_mine.setObjectName("onlyOverseen")
        self.only_mine.toggled.connect(self.proxy.set_only_overseen)
        self.order = QComboBox(self)
        self.order.setObjectName("boardOrder")
        self.order.setAccessibleName(self.tr("Order of the groups"))
        for words in self._order_words():
            self.order.addItem(words)
        self.order.currentIndexChanged.connect(self._on_order)
        self.order_label = QLabel(self.tr("&Order:"), self)
        self.order_label.setBuddy(self.order)
        self.summary = QLabel(self)
        self.summary.setObjectName("boardSummary")

        # One column per group, as many as fit; the scroll bar goes across the rest. Drops:
        # onto an agent assigns, onto the group's own queue takes back, anywhere on another
        # group's column transfers there (a note is asked); several tickets move in one
        # request. Select tickets, then A assigns, T transfers, Q takes back.
        self.mover = BoardMover(session, self)
        self._keys: dict[Qt.Key, Callable[[], object]] = {}
        self._actions: list[QAction] = []
        self._ticket_view: QAbstractItemView | None = None
        """The list whose selection the keys act on: the one last focused."""
        self.columns = BoardColumns(state, self.model, ticker, self)
        self.columns.installed = self._hook_column
        self.columns.dropped.connect(self._on_drop)
        self.assign_action = self._action(self.tr("Assign…"), "A", self.open_assign)
        self.transfer_action = self._action(self.tr("Transfer…"), "T", self.open_transfer)
        self.queue_action = self._action(self.tr("Back to queue"), "Q", self.take_back)
        self.message = MessageBar(self)
        self.mover.moved.connect(self.message.show_notice)
        self.mover.refused.connect(self.message.show_error)
        self.dialog: QDialog | None = None
        self.hint = QLabel(self._hint_words(), self)
        self.hint.setObjectName("boardHint")
        self.hint.setWordWrap(True)

        # The engine at work: who got what, by which rule (newest on top).
        self.decisions = EngineDecisions(session, self)
        self.decisions_model = DecisionsModel(self.decisions, self)
        self.decisions_view = QTableView(self)
        self.decisions_view.setObjectName("boardDecisions")
        self.decisions_view.setModel(self.decisions_model)
        self.decisions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.decisions_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.decisions_view.setShowGrid(False)
        self.decisions_view.verticalHeader().hide()
        self.decisions_view.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 6)
        decision_header = self.decisions_view.horizontalHeader()
        decision_header.setHighlightSections(False)
        fit_header(decision_header, self.decisions_model,
                   [DecisionColumn.TIME, DecisionColumn.TICKET, DecisionColumn.AGENT], extra=16)
        decision_header.setStretchLastSection(True)
        self.decisions_view.doubleClicked.connect(self._on_decision_chosen)
        self.decisions_title = QLabel(self.tr("The engine's recent decisions"), self)
        self.decisions_title.setObjectName("sectionTitle")

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.only_mine)
        top.addWidget(self.order_label)
        top.addWidget(self.order)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(2)
        lower_layout.addWidget(self.decisions_title)
        lower_layout.addWidget(self.decisions_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.columns)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)  # the groups are where the work is
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([800, 12 * self.fontMetrics().height()])  # some ten decisions
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.summary)

        self._summary_later = self._coalesced(self._update_summary)
        self.model.modelReset.connect(self._summary_later.start)
        self.model.dataChanged.connect(self._summary_later.start)
        self._groups_later = self._coalesced(self._update_groups)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.layoutChanged):
            signal.connect(self._groups_later.start)
        state.me_changed.connect(self._on_me_changed)
        self._on_me_changed()
        self._update_summary()
        self._update_groups()
        self.retranslate()

    def _order_words(self) -> list[str]:
        """The choices of **Order**, in the order of ``ORDERS``."""
        return [self.tr("Mine first, then by name"), self.tr("Longest wait first"),
                self.tr("Most waiting first"), self.tr("Fewest online first")]

    def _hint_words(self) -> str:
        return self.tr(
            "Drag tickets onto an agent, another group's column or the queue — or select "
            "them (Ctrl/Shift for several), then: A assign · T transfer · Q back to the "
            "queue · Ctrl+←/→ the next group")

    def _coalesced(self, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    def _action(self, text: str, key: str, slot: Callable[[], object]) -> QAction:
        # The key is read by an event filter on the ticket lists rather than as a window
        # shortcut: a bare letter must not fire while typing in the filter field.
        action = QAction(f"{text}\t{key}", self)
        action.triggered.connect(slot)
        self._actions.append(action)
        for column in self.columns.columns:
            self._add_actions(column, [action])
        self._keys[getattr(Qt.Key, f"Key_{key}")] = slot
        return action

    def _add_actions(self, column: GroupColumn, actions: list[QAction]) -> None:
        for view in (column.tickets, column.agents):
            for action in actions:
                view.addAction(action)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _hook_column(self, column: GroupColumn) -> None:
        """A column joins the board (the window widened): the keys and the menu on it."""
        self._add_actions(column, self._actions)
        for view in (column.tickets, column.agents):
            view.installEventFilter(self)
            view.selectionModel().selectionChanged.connect(
                lambda *_, v=view: self._set_ticket_view(v))

    def _set_ticket_view(self, view: QAbstractItemView) -> None:
        self._ticket_view = view

    def _lists(self) -> list[QAbstractItemView]:
        return [v for c in self.columns.columns for v in (c.tickets, c.agents)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QueueView | AgentsView) and watched in self._lists():
            if event.type() == QEvent.Type.FocusIn:
                self._ticket_view = watched
            elif event.type() == QEvent.Type.KeyPress:
                self._ticket_view = watched  # the keys act here
                assert isinstance(event, QKeyEvent)
                key = Qt.Key(event.key())
                mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                if mods == Qt.KeyboardModifier.ControlModifier and key in (
                        Qt.Key.Key_Left, Qt.Key.Key_Right):
                    self._step(watched, -1 if key == Qt.Key.Key_Left else 1)
                    return True
                slot = self._keys.get(key)
                if slot is not None and not mods:
                    slot()
                    return True
        return super().eventFilter(watched, event)

    def _step(self, view: QAbstractItemView, by: int) -> None:
        """Ctrl+←/→: the same list of the previous or next group's column."""
        column = next((c for c in self.columns.columns if view in (c.tickets, c.agents)), None)
        if column is None:
            return
        other = self.columns.step(column, by)
        if other is not None:
            target = other.tickets if view is column.tickets else other.agents
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not target.currentIndex().isValid() and target.model().rowCount():
                target.setCurrentIndex(target.model().index(0, 0))

    # ------------------------------------------------------------ the current column

    @property
    def current(self) -> GroupColumn | None:
        return self.columns.current

    @property
    def tickets(self) -> QueueView:
        """The current group's queue."""
        assert self.columns.current is not None
        return self.columns.current.tickets

    @property
    def agents(self) -> AgentsView:
        """The current group's agents."""
        assert self.columns.current is not None
        return self.columns.current.agents

    @property
    def queue_model(self) -> BoardQueueModel:
        assert self.columns.current is not None
        return self.columns.current.queue_model

    @property
    def agents_model(self) -> BoardAgentsModel:
        assert self.columns.current is not None
        return self.columns.current.agents_model

    def column_of(self, group_id: int) -> GroupColumn | None:
        """The group's column, scrolled into view (None: filtered out)."""
        return self.columns.ensure_visible(group_id)

    def select_group(self, group_id: int) -> None:
        """Scroll to the group; its column becomes the current one."""
        self.columns.choose(group_id)

    def _update_groups(self) -> None:
        ids = [self.proxy.index(r, 0).data(BoardRole.GROUP_ID)
               for r in range(self.proxy.rowCount())]
        self.columns.set_groups(ids)

    def _on_order(self, index: int) -> None:
        column, order = ORDERS[index]
        self.proxy.sort(column, order)
        self._update_groups()

    def _on_drop(self, group_id: int, target: object, seen: list[tuple[int, int]]) -> None:
        if target == GROUP_DROP:
            self.mover.ask_transfer(seen, group_id)
        elif target == "queue":
            self.mover.take_back(seen)
        elif isinstance(target, int):
            self.mover.assign(seen, target)

    def _on_decision_chosen(self, index: QModelIndex) -> None:
        """Show where that ticket is now: its group, and the ticket selected."""
        ticket = self._state.tickets.get(index.data(DecisionRole.TICKET_ID))
        if ticket is not None:
            self.select_ticket(ticket.id)

    def selected_tickets(self) -> list[TicketPublic]:
        """The tickets selected in the list last focused (a queue, or tickets in hand)."""
        view = self._ticket_view
        if not isinstance(view, QueueView | AgentsView) or view not in self._lists():
            return []
        return view.selected_tickets()

    def selected_ticket(self) -> int | None:
        tickets = self.selected_tickets()
        return tickets[0].id if tickets else None

    def select_ticket(self, ticket_id: int) -> bool:
        """Select the ticket where it is shown: in its group's queue, or under its agent."""
        ticket = self._state.tickets.get(ticket_id)
        column = self.columns.choose(ticket.group_id) if ticket is not None else None
        if column is None:
            return False
        column.queue_model.refresh()
        column.agents_model.refresh()
        row = column.queue_model.row_of(ticket_id)
        if row >= 0:
            view: QAbstractItemView = column.tickets
            index = column.queue_model.index(row, 0)
        else:
            index = column.agents_model.ticket_index(ticket_id)
            if not index.isValid():
                return False
            view = column.agents
        view.setCurrentIndex(index)
        view.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._ticket_view = view
        return True

    def _seen(self) -> list[tuple[int, int]]:
        return [(t.id, t.version) for t in self.selected_tickets()]

    def open_assign(self) -> QDialog | None:
        """A: one ticket opens the assign dialog; several, a pick of the group's members."""
        tickets = self.selected_tickets()
        if not tickets:
            return None
        if len(tickets) == 1:
            dialog: QDialog = AssignDialog(self._session, tickets[0].id, self)
        else:
            seen = self._seen()
            # The routing hints as for one ticket: presence, load / capacity, the engine's
            # pick (of the group, not of one ticket's order: several are moved).
            gid = tickets[0].group_id
            hints = RoutingHintsSource(self._session, group_ids=[gid])
            pick = PickDialog(
                lambda: self.tr("Assign {count} tickets to").format(count=len(seen)),
                MemberHintModel(self._state, hints, gid), self)
            hints.setParent(pick)
            pick.accepted.connect(lambda: self._assign_picked(seen, pick.chosen()))
            dialog = pick
        self._open(dialog)
        return dialog

    def _assign_picked(self, seen: list[tuple[int, int]], agent: int | None) -> None:
        if agent is not None:
            self.mover.assign(seen, agent)

    def open_transfer(self) -> QDialog | None:
        """T: one ticket opens the transfer dialog; several, a pick of the groups, then the
        note (as a drop on a group asks)."""
        tickets = self.selected_tickets()
        if not tickets:
            return None
        if len(tickets) == 1:
            dialog: QDialog = TransferDialog(self._session, tickets[0].id, self)
        else:
            seen = self._seen()
            # Each group's queue, online, free places, hours and whom the engine would
            # choose there — the transfer dialog's hints.
            hints = RoutingHintsSource(self._session)
            pick = PickDialog(
                lambda: self.tr("Transfer {count} tickets to").format(count=len(seen)),
                GroupHintModel(self._state, hints, now=self._session.clock.now,
                               exclude=tickets[0].group_id), self)
            hints.setParent(pick)
            pick.table.setColumnHidden(HintColumn.LINE, True)
            pick.accepted.connect(lambda: self._transfer_picked(seen, pick.chosen()))
            dialog = pick
        self._open(dialog)
        return dialog

    def _transfer_picked(self, seen: list[tuple[int, int]], group: int | None) -> None:
        if group is not None:
            self.mover.ask_transfer(seen, group)

    def take_back(self) -> None:
        """Q: the selected tickets go back to the queue (the same move as a drop on it)."""
        self.mover.take_back(self._seen())

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        dialog.open()

    def _on_me_changed(self) -> None:
        me = self._state.me
        overseen = bool(me and me.overseen_group_ids)
        self.only_mine.setEnabled(overseen)
        if not overseen:
            self.only_mine.setChecked(False)

    def _update_summary(self, *_: object) -> None:
        waiting = sum(
            self.model.counts(self.model.group_id(r)).waiting for r in range(self.model.rowCount())
        )
        self.summary.setText(
            self.tr("%1 groups · %2 tickets waiting")
            .replace("%1", str(self.model.rowCount()))
            .replace("%2", str(waiting))
        )

    def showEvent(self, event: object) -> None:  # the waits move only while shown
        self._ticker.want(self, True)
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        self._ticker.want(self, False)
        super().hideEvent(event)  # type: ignore[arg-type]

    # ------------------------------------------------------------ language

    def retranslate(self) -> None:
        """The board's words in the language now installed (and the screen reader's names
        of its lists)."""
        self.filter_edit.setPlaceholderText(self.tr("Filter groups"))
        self.filter_edit.setAccessibleName(self.tr("Filter groups"))
        self.only_mine.setText(self.tr("Only the groups I oversee"))
        self.order_label.setText(self.tr("&Order:"))
        self.order.setAccessibleName(self.tr("Order of the groups"))
        for row, words in enumerate(self._order_words()):
            self.order.setItemText(row, words)
        self.columns.setAccessibleName(self.tr("Groups"))
        self.decisions_view.setAccessibleName(self.tr("The engine's recent decisions"))
        self.decisions_title.setText(self.tr("The engine's recent decisions"))
        self.assign_action.setText(f"{self.tr('Assign…')}\tA")
        self.transfer_action.setText(f"{self.tr('Transfer…')}\tT")
        self.queue_action.setText(f"{self.tr('Back to queue')}\tQ")
        self.hint.setText(self._hint_words())
        self._update_summary()
        self.columns.retranslate()  # each column's figures, titles and lists' names
        for model in (self.model, self.decisions_model):
            refresh_words(model)
