"""The dispatch board (派单台), a main-window mode for supervisors: every group's queue and
people at a glance, live (no refresh button), those the supervisor oversees first."""

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
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.enums import Presence
from ticketdesk.common.models import TicketPublic

from ..models.board import BoardColumn, BoardGroupsModel, BoardRole
from ..models.board_agents import BoardAgentsModel
from ..models.board_queue import BoardQueueModel
from ..models.countdown import CountdownTicker
from ..models.decisions import DecisionColumn, DecisionRole, DecisionsModel
from ..models.groups import GroupLoadModel, MemberModel
from ..state import ClientSession
from ..state.decisions import EngineDecisions
from .assign import AssignDialog
from .board_lists import AgentsView, GroupsView, QueueView, fit_header
from .board_moves import BoardMover, PickDialog
from .common import MessageBar
from .retranslate import refresh_words
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


class BoardView(QWidget):
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
        self.summary = QLabel(self)
        self.summary.setObjectName("boardSummary")

        self.table = GroupsView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's order first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(BoardColumn.GROUP, QHeaderView.ResizeMode.Stretch)
        fit_header(header, self.proxy, [c for c in BoardColumn if c is not BoardColumn.GROUP])

        # The selected group: its queue on the left, its people (with what they have in
        # hand) on the right. Select tickets, then A assigns, T transfers, Q takes back to
        # the queue (each opens the same picker a drag would).
        self.queue_model = BoardQueueModel(state, lambda: ticker.now, self)
        self.tickets = QueueView(self.queue_model, self)
        self.agents_model = BoardAgentsModel(state, lambda: ticker.now, self)
        self.agents = AgentsView(self.agents_model, self)
        ticker.tick.connect(self.queue_model.tick)
        ticker.tick.connect(self.agents_model.tick)
        # Drops: onto an agent assigns, onto another group transfers (a note is asked), onto
        # the queue takes back; several selected tickets move in one request.
        self.mover = BoardMover(session, self)
        self.agents.dropped.connect(lambda agent, seen: self.mover.assign(seen, agent))
        self.tickets.dropped.connect(lambda _q, seen: self.mover.take_back(seen))
        self.table.dropped.connect(lambda group, seen: self.mover.ask_transfer(seen, group))
        self.message = MessageBar(self)
        self.mover.moved.connect(self.message.show_notice)
        self.mover.refused.connect(self.message.show_error)
        self._ticket_view: QAbstractItemView = self.tickets
        for view in (self.tickets, self.agents):
            view.selectionModel().selectionChanged.connect(
                lambda *_, v=view: setattr(self, "_ticket_view", v))
        """The list whose selection the keys act on: the one last focused."""
        self._keys: dict[Qt.Key, Callable[[], object]] = {}
        self.tickets.installEventFilter(self)
        self.agents.installEventFilter(self)
        self.assign_action = self._action(self.tr("Assign…"), "A", self.open_assign)
        self.transfer_action = self._action(self.tr("Transfer…"), "T", self.open_transfer)
        self.queue_action = self._action(self.tr("Back to queue"), "Q", self.take_back)
        self.dialog: QDialog | None = None
        self.hint = QLabel(
            self.tr(
                "Drag tickets onto an agent, another group or the queue — or select them "
                "(Ctrl/Shift for several), then: A assign · T transfer · Q back to the queue"
            ),
            self,
        )
        self.hint.setObjectName("boardHint")
        self.table.selectionModel().currentRowChanged.connect(self._on_group_chosen)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.only_mine)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.tickets_title = QLabel(self)
        self.tickets_title.setObjectName("sectionTitle")
        self.agents_title = QLabel(self)
        self.agents_title.setObjectName("sectionTitle")
        sides = QSplitter(Qt.Orientation.Horizontal, lower)
        sides.setChildrenCollapsible(False)
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
        decision_header = self.decisions_view.horizontalHeader()
        decision_header.setHighlightSections(False)
        fit_header(decision_header, self.decisions_model,
                   [DecisionColumn.TIME, DecisionColumn.TICKET, DecisionColumn.AGENT], extra=16)
        decision_header.setStretchLastSection(True)
        self.decisions_view.doubleClicked.connect(self._on_decision_chosen)
        self.decisions_title = QLabel(self.tr("The engine's recent decisions"), self)
        self.decisions_title.setObjectName("sectionTitle")
        for title, view in ((self.tickets_title, self.tickets), (self.agents_title, self.agents),
                            (self.decisions_title, self.decisions_view)):
            side = QWidget(sides)
            side_layout = QVBoxLayout(side)
            side_layout.setContentsMargins(0, 0, 0, 0)
            side_layout.addWidget(title)
            side_layout.addWidget(view, 1)
            sides.addWidget(side)
        sides.setStretchFactor(0, 5)
        sides.setStretchFactor(1, 4)
        sides.setStretchFactor(2, 3)
        self.sides = sides
        lower_layout.addWidget(sides, 1)
        lower_layout.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)  # the selected group is where the work is
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

        # A burst of live events changes the models many times in one turn of the event
        # loop: the titles and the summary are counted again once per turn, not per change.
        self._titles_later = self._coalesced(self._update_titles)
        self._summary_later = self._coalesced(self._update_summary)
        for model in (self.queue_model, self.agents_model):
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                           model.dataChanged):
                signal.connect(self._titles_later.start)
        self.model.modelReset.connect(self._summary_later.start)
        self.proxy.modelReset.connect(self._open_first_group)
        self.proxy.rowsInserted.connect(self._open_first_group)
        self.model.dataChanged.connect(self._summary_later.start)
        state.me_changed.connect(self._on_me_changed)
        self._on_me_changed()
        self._update_summary()
        self._open_first_group()
        self.retranslate()

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
        for view in (self.tickets, self.agents):
            view.addAction(action)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._keys[getattr(Qt.Key, f"Key_{key}")] = slot
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.tickets, self.agents):
            self._ticket_view = watched  # type: ignore[assignment]
        if watched in (self.tickets, self.agents) and event.type() == QEvent.Type.KeyPress:
            self._ticket_view = watched  # type: ignore[assignment]  # the keys act here
            assert isinstance(event, QKeyEvent)
            slot = self._keys.get(Qt.Key(event.key()))
            if slot is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                slot()
                return True
        return super().eventFilter(watched, event)

    def select_group(self, group_id: int) -> None:
        source = self.model.row_of(group_id)
        if source >= 0:
            index = self.proxy.mapFromSource(self.model.index(source, 0))
            self.table.setCurrentIndex(index)

    def _on_decision_chosen(self, index: QModelIndex) -> None:
        """Show where that ticket is now: its group, and the ticket selected."""
        ticket = self._state.tickets.get(index.data(DecisionRole.TICKET_ID))
        if ticket is not None:
            self.select_group(ticket.group_id)
            self.select_ticket(ticket.id)

    def _on_group_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        gid = current.data(BoardRole.GROUP_ID) if current.isValid() else None
        self.queue_model.set_group(gid)
        self.agents_model.set_group(gid)
        self._update_titles()

    def _update_titles(self, *_: object) -> None:
        gid = self.queue_model.group_id
        name = self._state.group_name(gid) if gid is not None else ""
        self.tickets_title.setText(
            self.tr("Queue of {group} ({count})").format(
                group=name, count=self.queue_model.rowCount()) if gid is not None else ""
        )
        online = sum(
            1 for uid in self.agents_model.agent_ids()
            if (u := self._state.users.get(uid)) is not None and u.presence is Presence.ONLINE
        )
        self.agents_title.setText(
            self.tr("Agents of {group} ({online} of {count} online)").format(
                group=name, online=online, count=self.agents_model.rowCount()
            ) if gid is not None else ""
        )

    def selected_tickets(self) -> list[TicketPublic]:
        """The tickets selected in the list last focused (queue, or tickets in hand)."""
        view = self._ticket_view
        assert isinstance(view, QueueView | AgentsView)
        return view.selected_tickets()

    def selected_ticket(self) -> int | None:
        tickets = self.selected_tickets()
        return tickets[0].id if tickets else None

    def select_ticket(self, ticket_id: int) -> bool:
        """Select the ticket where it is shown: in the queue, or under its agent."""
        self.queue_model.refresh()
        self.agents_model.refresh()
        row = self.queue_model.row_of(ticket_id)
        if row >= 0:
            view: QAbstractItemView = self.tickets
            index = self.queue_model.index(row, 0)
        else:
            index = self.agents_model.ticket_index(ticket_id)
            if not index.isValid():
                return False
            view = self.agents
        self._ticket_view = view
        view.setCurrentIndex(index)
        view.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
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
            pick = PickDialog(
                self.tr("Assign {count} tickets to").format(count=len(seen)),
                MemberModel(self._state, tickets[0].group_id), self)
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
            pick = PickDialog(
                self.tr("Transfer {count} tickets to").format(count=len(seen)),
                GroupLoadModel(self._state, exclude=tickets[0].group_id), self)
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

    def _open_first_group(self, *_: object) -> None:
        """The board opens on a group (the first one overseen): never on an empty pane."""
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """The board's words in the language now installed (and the screen reader's names
        of its lists)."""
        self.filter_edit.setPlaceholderText(self.tr("Filter groups"))
        self.filter_edit.setAccessibleName(self.tr("Filter groups"))
        self.only_mine.setText(self.tr("Only the groups I oversee"))
        self.table.setAccessibleName(self.tr("Groups"))
        self.tickets.setAccessibleName(self.tr("Queue of the chosen group"))
        self.agents.setAccessibleName(self.tr("Agents of the chosen group"))
        self.decisions_view.setAccessibleName(self.tr("The engine's recent decisions"))
        self.decisions_title.setText(self.tr("The engine's recent decisions"))
        self.assign_action.setText(f"{self.tr('Assign…')}\tA")
        self.transfer_action.setText(f"{self.tr('Transfer…')}\tT")
        self.queue_action.setText(f"{self.tr('Back to queue')}\tQ")
        self.hint.setText(self.tr(
            "Drag tickets onto an agent, another group or the queue — or select them "
            "(Ctrl/Shift for several), then: A assign · T transfer · Q back to the queue"))
        self._update_titles()
        self._update_summary()
        for model in (self.model, self.queue_model, self.agents_model, self.decisions_model):
            refresh_words(model)
