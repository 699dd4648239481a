"""The dispatch board's columns: one per group — its figures, its queue and its agents with
the tickets in hand — side by side, as many as fit, scrolled across all the groups shown.

Only the columns on screen exist (a pool as wide as the window, bound to the groups in view
as the board scrolls): fifty groups' queues and agents kept live at once would each read
every live change; the ones in view read only their own group's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollBar,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.enums import Presence, Priority, Status

from ..labels import load_text, priority_label
from ..models.board import BoardGroupsModel, GroupCounts
from ..models.board_agents import AgentColumn, BoardAgentsModel
from ..models.board_queue import BoardQueueModel, QueueColumn
from ..models.countdown import CountdownTicker
from ..models.ticket_mime import TICKETS_MIME, read_tickets_mime
from ..state.cache import ClientState
from ..timefmt import format_age
from .board_lists import GROUP_DROP, AgentsView, QueueView
from .retranslate import refresh_words

DRAG_SCROLL_MS = 450
"""While a drag is held over the scroll bar, one group further every this often."""

MIN_COLUMN_WIDTH = 360
"""A column narrower than this no longer shows a ticket's title beside its figures."""

Seen = list[tuple[int, int]]


class ColumnHeader(QFrame):
    """A group's name and figures at the top of its column; a drop of another group's
    tickets here transfers them (as anywhere on that column); the wheel turns the board."""

    dropped = Signal(object, object)
    clicked = Signal()
    wheeled = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardColumnHeader")
        self.setAcceptDrops(True)
        self.foreign: Callable[[Seen], bool] | None = None
        self.name = QLabel(self)
        self.name.setObjectName("boardColumnName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.name.setFont(font)
        self.waiting = QLabel(self)
        self.waiting.setObjectName("boardColumnWaiting")
        self.people = QLabel(self)
        self.people.setObjectName("boardColumnPeople")
        for label in (self.name, self.waiting, self.people):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(1)
        layout.addWidget(self.name)
        layout.addWidget(self.waiting)
        layout.addWidget(self.people)
        self._hover(False)

    def _hover(self, on: bool) -> None:
        self.setProperty("dropHover", on)
        self.setStyleSheet(
            "#boardColumnHeader { border: 2px solid %s; border-radius: 4px; }"
            % ("#1565c0" if on else "transparent"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(TICKETS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        seen = read_tickets_mime(event.mimeData())
        ok = bool(seen) and self.foreign is not None and self.foreign(seen)
        self._hover(ok)
        if ok:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hover(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(False)
        seen = read_tickets_mime(event.mimeData())
        if seen and self.foreign is not None and self.foreign(seen):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.dropped.emit(GROUP_DROP, seen)
        else:
            event.ignore()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        step = delta.x() or delta.y()
        if step:
            self.wheeled.emit(-1 if step > 0 else 1)
        event.accept()


class GroupColumn(QFrame):
    """One group's column: figures, queue (drag from it; a drop takes back), agents (a drop
    on one assigns); any drop of another group's tickets transfers them here."""

    dropped = Signal(int, object, object)
    """(this column's group, the target — an agent's id, ``"queue"`` or ``"group"``, the
    tickets as seen)."""
    activated = Signal(object)
    """The column became the one the keys act on (its lists got focus, or a click)."""

    def __init__(self, state: ClientState, groups: BoardGroupsModel, ticker: CountdownTicker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._state = state
        self._groups = groups
        self._ticker = ticker
        self.group_id: int | None = None
        now = lambda: ticker.now  # noqa: E731
        self.queue_model = BoardQueueModel(state, now, self, tickets_in=groups.tickets_in)
        self.agents_model = BoardAgentsModel(state, now, self, tickets_in=groups.tickets_in)
        ticker.tick.connect(self.queue_model.tick)
        ticker.tick.connect(self.agents_model.tick)
        self.header = ColumnHeader(self)
        self.tickets = QueueView(self.queue_model, self)
        self.agents = AgentsView(self.agents_model, self)
        self._narrow()
        self.queue_title = QLabel(self)
        self.queue_title.setObjectName("sectionTitle")
        self.agents_title = QLabel(self)
        self.agents_title.setObjectName("sectionTitle")
        for view in (self.header, self.tickets, self.agents):
            view.foreign = self._foreign
        self.header.dropped.connect(self._on_drop)
        self.tickets.dropped.connect(self._on_drop)
        self.agents.dropped.connect(self._on_drop)
        self.header.clicked.connect(lambda: self.activated.emit(self))
        for view in (self.tickets, self.agents):
            view.installEventFilter(self)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        for title, view in ((self.queue_title, self.tickets), (self.agents_title, self.agents)):
            side = QWidget(splitter)
            side_layout = QVBoxLayout(side)
            side_layout.setContentsMargins(0, 0, 0, 0)
            side_layout.setSpacing(2)
            side_layout.addWidget(title)
            side_layout.addWidget(view, 1)
            splitter.addWidget(side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(3)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)

        # Figures and titles once per turn of the event loop after a burst, not per change.
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(self.update_figures)
        for model in (self.queue_model, self.agents_model):
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                           model.dataChanged):
                signal.connect(self._later.start)
        groups.dataChanged.connect(self._later.start)
        ticker.tick.connect(self._later.start)  # the longest wait grows
        self.set_current(False)

    def _narrow(self) -> None:
        """Column widths for a list a few hundred pixels wide."""
        metrics = self.fontMetrics()
        queue = self.tickets.horizontalHeader()
        queue.resizeSection(QueueColumn.PRIORITY, max(
            metrics.horizontalAdvance(priority_label(p)) for p in Priority) + 14)
        queue.resizeSection(QueueColumn.AGE, metrics.horizontalAdvance("00 min") + 16)
        queue.resizeSection(QueueColumn.FIRST_RESPONSE,
                            metrics.horizontalAdvance("00 min overdue") + 12)
        queue.resizeSection(QueueColumn.HELD_UNTIL, metrics.horizontalAdvance("12-31 20:00") + 12)
        self.tickets.setWordWrap(False)
        self.tickets.setColumnHidden(QueueColumn.HELD_UNTIL, True)
        agents = self.agents.header()
        agents.resizeSection(AgentColumn.TIME, metrics.horizontalAdvance("0:00 to accept") + 12)
        agents.resizeSection(AgentColumn.LOAD, max(
            5 * metrics.height(), metrics.horizontalAdvance(load_text(0, 0)) + 20))
        self.agents.setIndentation(metrics.height())

    def _foreign(self, seen: Seen) -> bool:
        """Whether the tickets dragged belong to another group than this column's."""
        if self.group_id is None:
            return False
        first = self._state.tickets.get(seen[0][0])
        return first is not None and first.group_id != self.group_id

    def _on_drop(self, target: object, seen: Seen) -> None:
        if self.group_id is not None:
            self.dropped.emit(self.group_id, target, seen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.activated.emit(self)
        return super().eventFilter(watched, event)

    def set_group(self, group_id: int | None) -> None:
        if group_id == self.group_id:
            return
        self.group_id = group_id
        self.queue_model.set_group(group_id)
        self.agents_model.set_group(group_id)
        self.update_figures()

    def set_current(self, current: bool) -> None:
        """The column the keys act on is outlined."""
        if self.property("current") == current:
            return
        self.setProperty("current", current)
        self.setStyleSheet(
            "#boardColumn { border: 2px solid %s; border-radius: 4px; }"
            % ("#1e88e5" if current else "palette(mid)"))

    def retranslate(self) -> None:
        for model in (self.queue_model, self.agents_model):
            refresh_words(model)
        self.update_figures()

    def update_figures(self) -> None:
        gid = self.group_id
        if gid is None:
            return
        c: GroupCounts = self._groups.counts(gid)
        me = self._state.me
        overseen = bool(me and gid in me.overseen_group_ids)
        name = self._state.group_name(gid)
        self.header.name.setText(f"★ {name}" if overseen else name)
        self.header.name.setToolTip(
            self.tr("A group you oversee") if overseen else name)
        wait = format_age(c.oldest, self._ticker.now) if c.oldest is not None else "–"
        self.header.waiting.setText(
            self.tr("Waiting {waiting} · urgent {urgent} · longest {wait}").format(
                waiting=c.waiting, urgent=c.urgent, wait=wait))
        # A style sheet is set only when it changes: setting one re-polishes the label (and
        # this runs every second and after every burst, for every column).
        urgent_style = "color: #c62828;" if c.urgent else ""
        if self.header.waiting.styleSheet() != urgent_style:
            self.header.waiting.setStyleSheet(urgent_style)
        self.header.people.setText(
            self.tr("Offered {offered} · in progress {busy} · pending {pending} · "
                    "online {online} / {members}").format(
                offered=c.offered, busy=c.in_progress, pending=c.pending, online=c.online,
                members=c.members))
        self.queue_title.setText(self.tr("Queue ({count})").format(
            count=self.queue_model.rowCount()))
        online = sum(
            1 for uid in self.agents_model.agent_ids()
            if (u := self._state.users.get(uid)) is not None and u.presence is Presence.ONLINE)
        self.agents_title.setText(self.tr("Agents ({online} of {count} online)").format(
            online=online, count=self.agents_model.rowCount()))
        self.tickets.setAccessibleName(self.tr("Queue of {group}").format(group=name))
        self.agents.setAccessibleName(self.tr("Agents of {group}").format(group=name))
        # "Held until" only where something is held: the title needs the room otherwise.
        held = any(t is not None and t.status is Status.HELD
                   for t in (self.queue_model.ticket(r)
                             for r in range(self.queue_model.rowCount())))
        self.tickets.setColumnHidden(QueueColumn.HELD_UNTIL, not held)


class BoardColumns(QWidget):
    """The columns of the groups in ``set_groups`` order, as many as fit, and the scroll bar
    across them all (also the wheel on a column's header, and ``ensure_visible``)."""

    dropped = Signal(int, object, object)
    current_changed = Signal()

    def __init__(self, state: ClientState, groups: BoardGroupsModel, ticker: CountdownTicker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardColumns")
        self._state = state
        self._groups_model = groups
        self._ticker = ticker
        self.group_ids: list[int] = []
        self.columns: list[GroupColumn] = []
        self.current: GroupColumn | None = None
        self._current_gid: int | None = None
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)
        self.empty = QLabel(self.tr("No group to show."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.scroll = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scroll.setObjectName("boardScroll")
        self.scroll.valueChanged.connect(self._bind)
        self.position = QLabel(self)
        self.position.setObjectName("boardPosition")
        bottom = QHBoxLayout()
        bottom.addWidget(self.scroll, 1)
        bottom.addWidget(self.position)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.row, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)
        self.installed: Callable[[GroupColumn], None] | None = None
        """Called with each column as it is made (the board hooks its keys on it)."""
        # A drag held over the scroll bar turns the columns towards that end, one group at a
        # time: a ticket can be carried to a group fifty columns away.
        self.setAcceptDrops(True)
        self._drag_step = 0
        self._drag_timer = QTimer(self, interval=DRAG_SCROLL_MS)
        self._drag_timer.timeout.connect(self._drag_scroll)

    # ------------------------------------------------------------ the pool

    def fits(self) -> int:
        return max(1, self.width() // MIN_COLUMN_WIDTH)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fill()

    def _fill(self) -> None:
        want = min(self.fits(), max(len(self.group_ids), 1))
        while len(self.columns) < want:
            column = GroupColumn(self._state, self._groups_model, self._ticker, self)
            column.dropped.connect(self.dropped)
            column.activated.connect(self._activate)
            column.header.wheeled.connect(lambda step: self.scroll.setValue(
                self.scroll.value() + step))
            self.row.addWidget(column, 1)
            self.columns.append(column)
            if self.installed is not None:
                self.installed(column)
        while len(self.columns) > want:
            column = self.columns.pop()
            if column is self.current:
                self.current = None
            self.row.removeWidget(column)
            column.deleteLater()
        shown = len(self.columns)
        self.scroll.setRange(0, max(0, len(self.group_ids) - shown))
        self.scroll.setPageStep(shown)
        self.scroll.setVisible(len(self.group_ids) > shown)
        self._bind()

    # ------------------------------------------------------------ carried across

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(TICKETS_MIME):
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Over the scroll bar (or the line beside it): its left half turns back, its right
        half on; nothing can be dropped here."""
        pos = event.position().toPoint()
        step = 0
        if self.scroll.isVisible() and pos.y() >= self.scroll.geometry().top() - 4:
            step = -1 if pos.x() < self.scroll.geometry().center().x() else 1
        if step != self._drag_step:
            self._drag_step = step
            if step:
                self._drag_scroll()
                self._drag_timer.start()
            else:
                self._drag_timer.stop()
        event.ignore()  # no drop here; keep the moves coming

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._drag_step = 0
        self._drag_timer.stop()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.dragLeaveEvent(QDragLeaveEvent())
        event.ignore()

    def _drag_scroll(self) -> None:
        self.scroll.setValue(self.scroll.value() + self._drag_step)

    def set_groups(self, group_ids: list[int]) -> None:
        """The groups to show, in order (the board's filter and order)."""
        if group_ids == self.group_ids:
            return
        self.group_ids = group_ids
        self._fill()
        if self._current_gid is not None and self._current_gid in group_ids:
            self.ensure_visible(self._current_gid)

    def _bind(self, *_: object) -> None:
        first = self.scroll.value()
        for i, column in enumerate(self.columns):
            at = first + i
            gid = self.group_ids[at] if at < len(self.group_ids) else None
            column.set_group(gid)
            column.setVisible(gid is not None)
        self.empty.setVisible(not self.group_ids)
        if self.group_ids:
            last = min(first + len(self.columns), len(self.group_ids))
            self.position.setText(self.tr("Groups {first}–{last} of {count}").format(
                first=first + 1, last=last, count=len(self.group_ids)))
        else:
            self.position.setText("")
        # The keys act on the group chosen, wherever its column now is.
        current = self.column_of(self._current_gid) if self._current_gid is not None else None
        if current is None and self.columns and self.columns[0].group_id is not None:
            current = self.columns[0]
        self._set_current(current)

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No group to show."))
        for column in self.columns:
            column.retranslate()
        self._bind()

    # ------------------------------------------------------------ which column

    def column_of(self, group_id: int | None) -> GroupColumn | None:
        for column in self.columns:
            if column.group_id == group_id and column.isVisibleTo(self):
                return column
        return None

    def ensure_visible(self, group_id: int) -> GroupColumn | None:
        if group_id not in self.group_ids:
            return None
        at = self.group_ids.index(group_id)
        first = self.scroll.value()
        if at < first:
            self.scroll.setValue(at)
        elif at >= first + len(self.columns):
            self.scroll.setValue(at - len(self.columns) + 1)
        return self.column_of(group_id)

    def choose(self, group_id: int) -> GroupColumn | None:
        """Scroll to the group and make its column the current one."""
        column = self.ensure_visible(group_id)
        if column is not None:
            self._current_gid = group_id
            self._set_current(column)
        return column

    def step(self, column: GroupColumn, by: int) -> GroupColumn | None:
        """The column ``by`` groups along from ``column`` (scrolled into view), if any."""
        if column.group_id not in self.group_ids:
            return None
        at = self.group_ids.index(column.group_id) + by
        if not 0 <= at < len(self.group_ids):
            return None
        return self.choose(self.group_ids[at])

    def _activate(self, column: GroupColumn) -> None:
        self._current_gid = column.group_id
        self._set_current(column)

    def _set_current(self, column: GroupColumn | None) -> None:
        if column is self.current:
            return
        if self.current is not None:
            self.current.set_current(False)
        self.current = column
        if column is not None:
            column.set_current(True)
        self.current_changed.emit()
