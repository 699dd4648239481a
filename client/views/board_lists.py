"""The dispatch board's lists: a group's queue and its agents (with tickets in hand), the
load bar drawn in the agents' rows, and the picture a dragged ticket carries."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QWidget,
)

from ticketdesk.common.models import TicketPublic

from ..models.board_agents import AgentColumn, AgentRole, BoardAgentsModel
from ..models.board_queue import BoardQueueModel, QueueColumn, QueueRole
from ..models.ticket_mime import TICKETS_MIME, read_tickets_mime

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

_BAR_OK = QColor("#43a047")
_BAR_BUSY = QColor("#fb8c00")
_BAR_FULL = QColor("#e53935")
_BAR_TRACK = QColor("#e0e0e0")


def fit_header(header: QHeaderView, model: object, columns: list[int], extra: int = 24) -> None:
    """Size columns to their header text (and a margin) once, then leave them to the user.

    Not ResizeToContents: that measures every row again on every change, and these lists
    change every second (countdowns) and with every live event — at 1,000 agents and 10,000
    tickets that was seconds of stall."""
    metrics = header.fontMetrics()
    for column in columns:
        text = str(header.model().headerData(column, Qt.Orientation.Horizontal) or "")
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, max(metrics.horizontalAdvance(text) + extra,
                                          metrics.horizontalAdvance("0:00:00 000") + 8))


def bar_colour(load: int, capacity: int) -> QColor:
    if capacity <= 0 or load >= capacity:
        return _BAR_FULL
    return _BAR_BUSY if load / capacity >= 0.75 else _BAR_OK


class LoadBarDelegate(QStyledItemDelegate):
    """An agent's load as a bar (green, orange near capacity, red at or over it) with
    "2 / 5" on it; other rows paint as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        load = index.data(AgentRole.LOAD)
        if not isinstance(load, tuple):
            super().paint(painter, option, index)
            return
        n, capacity = load
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # type: ignore[attr-defined]
        if style is not None:  # selection and focus as for any cell
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = option.rect.adjusted(4, 2, -4, -2)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_BAR_TRACK)
        painter.drawRoundedRect(QRectF(rect), 3, 3)
        # No capacity here and nothing in hand: an empty track with the words, not a bar
        # of "0 / 0" (full or empty, it would mean nothing); with tickets anyway, full red.
        share = (1.0 if n else 0.0) if capacity <= 0 else min(n / capacity, 1.0)
        if share > 0:
            filled = QRectF(rect)
            filled.setWidth(rect.width() * share)
            painter.setBrush(bar_colour(n, capacity))
            painter.drawRoundedRect(filled, 3, 3)
        palette = option.palette  # type: ignore[attr-defined]
        painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                       if capacity <= 0 and not n else palette.color(QPalette.ColorRole.Text))
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                          rect.width()))
        painter.restore()


def drag_pixmap(tickets: list[TicketPublic], widget: QWidget) -> QPixmap:
    """A card for what is being dragged: the first ticket's number and title, and how many
    more come with it."""
    metrics = QFontMetrics(widget.font())
    first = tickets[0] if tickets else None
    title = f"#{first.id} {first.title}" if first else ""
    title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, 260)
    more = (
        translate("Board", "and %1 more").replace("%1", str(len(tickets) - 1))
        if len(tickets) > 1
        else ""
    )
    line = metrics.height()
    width = max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(more)) + 28
    height = line * (2 if more else 1) + 16
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(int(width * ratio), int(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#1565c0"))
    painter.setBrush(QColor(227, 242, 253, 235))
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
    if len(tickets) > 1:  # a stack: a second edge behind the card
        painter.drawLine(6, height - 2, width - 6, height - 2)
    painter.setPen(QColor("#0d47a1"))
    painter.setFont(widget.font())
    painter.drawText(QRect(14, 8, width - 20, line), Qt.AlignmentFlag.AlignVCenter, title)
    if more:
        painter.setPen(QColor("#455a64"))
        painter.drawText(QRect(14, 8 + line, width - 20, line), Qt.AlignmentFlag.AlignVCenter,
                         more)
    painter.end()
    return pixmap


_DROP_PEN = QColor("#1565c0")
GROUP_DROP = "group"
"""The target of a drop on another group's column: transfer there."""


class TicketDragDrop:
    """What the board's lists share: dragging the selected tickets (with a card for a
    picture), and taking dropped tickets onto a target row — an agent, a group — or onto
    the list as a whole (the queue). Each list says what its targets are (`drop_target`)
    and emits ``dropped(target, [(ticket id, version seen)])``."""

    ticket_role: int = 0
    drop_hover: QPersistentModelIndex | None = None
    foreign: Callable[[list[tuple[int, int]]], bool] | None = None
    """Set by the board's column: whether dragged tickets come from another group — then a
    drop anywhere on the list transfers them to the column's group (target ``"group"``)."""

    def _setup_drag_drop(self, *, drag: bool) -> None:
        view: QAbstractItemView = self  # type: ignore[assignment]
        view.setDragEnabled(drag)
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.setDropIndicatorShown(False)  # the target row is outlined instead
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)

    def selected_tickets(self) -> list[TicketPublic]:
        view: QAbstractItemView = self  # type: ignore[assignment]
        found = (i.data(self.ticket_role) for i in view.selectionModel().selectedRows())
        return [t for t in found if t is not None]

    def make_drag(self) -> QDrag | None:
        """The drag of the selected tickets: their ids and versions, and their card."""
        view: QAbstractItemView = self  # type: ignore[assignment]
        tickets = self.selected_tickets()
        if not tickets:
            return None
        rows = [i for i in view.selectionModel().selectedRows()]
        drag = QDrag(view)
        drag.setMimeData(view.model().mimeData(rows))
        pixmap = drag_pixmap(tickets, view)
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(12, pixmap.deviceIndependentSize().toSize().height() // 2))
        return drag

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        drag = self.make_drag()
        if drag is not None:
            drag.exec(Qt.DropAction.MoveAction)

    def drop_target(self, pos: QPoint) -> object | None:
        """What a drop at ``pos`` (viewport coordinates) would go to; None: not here."""
        raise NotImplementedError

    def _hover(self, index: QModelIndex | None) -> None:
        view: QAbstractItemView = self  # type: ignore[assignment]
        self.drop_hover = QPersistentModelIndex(index) if index is not None else None
        view.viewport().update()

    def _target_index(self, pos: QPoint) -> QModelIndex | None:
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(TICKETS_MIME):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def _drop_at(self, pos: QPoint, seen: list[tuple[int, int]]) -> object | None:
        if seen and self.foreign is not None and self.foreign(seen):
            return GROUP_DROP
        return self.drop_target(pos) if seen else None

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        pos = event.position().toPoint()
        target = self._drop_at(pos, read_tickets_mime(event.mimeData()))
        if target is not None:
            self._hover(QModelIndex() if target == GROUP_DROP else self._target_index(pos))
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            self._hover(None)
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hover(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(None)
        seen = read_tickets_mime(event.mimeData())
        target = self._drop_at(event.position().toPoint(), seen)
        if target is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.dropped.emit(target, seen)  # type: ignore[attr-defined]

    def _paint_hover(self) -> None:
        view: QAbstractItemView = self  # type: ignore[assignment]
        if self.drop_hover is None:
            return
        painter = QPainter(view.viewport())
        painter.setPen(QPen(_DROP_PEN, 2))
        if self.drop_hover.isValid():
            index = view.model().index(self.drop_hover.row(), 0, self.drop_hover.parent())
            rect = view.visualRect(index)
            rect.setLeft(0)
            rect.setRight(view.viewport().width() - 1)
        else:
            rect = view.viewport().rect()
        painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 4, 4)
        painter.end()


class QueueView(TicketDragDrop, QTableView):
    """The queue: drag from it; a drop on it takes the tickets back (target ``"queue"``)."""

    dropped = Signal(object, object)
    ticket_role = QueueRole.TICKET

    def __init__(self, model: BoardQueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardQueue")
        self._setup_drag_drop(drag=True)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QueueColumn.TICKET, QHeaderView.ResizeMode.Stretch)
        fit_header(header, model, [c for c in QueueColumn if c is not QueueColumn.TICKET])
        header.resizeSection(QueueColumn.FIRST_RESPONSE,
                             self.fontMetrics().horizontalAdvance("00 min overdue") + 16)
        header.resizeSection(QueueColumn.HELD_UNTIL,
                             self.fontMetrics().horizontalAdvance("2026-12-01 20:00") + 16)

    def _target_index(self, pos: QPoint) -> QModelIndex | None:
        return QModelIndex()  # the whole list

    def drop_target(self, pos: QPoint) -> object | None:
        return "queue"

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._paint_hover()


class AgentsView(TicketDragDrop, QTreeView):
    """The agents: drag their tickets in hand; a drop on an agent (or on one of their
    tickets) assigns to them (target: the agent's user id)."""

    dropped = Signal(object, object)
    ticket_role = AgentRole.TICKET

    def __init__(self, model: BoardAgentsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardAgents")
        self._setup_drag_drop(drag=True)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)  # 1,000 agents scroll without measuring each row
        self.setItemDelegateForColumn(AgentColumn.LOAD, LoadBarDelegate(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(AgentColumn.NAME, QHeaderView.ResizeMode.Stretch)
        fit_header(header, model, [AgentColumn.PRESENCE, AgentColumn.TIME])
        header.resizeSection(AgentColumn.TIME,
                             self.fontMetrics().horizontalAdvance("0:00:00 to accept") + 16)
        header.setSectionResizeMode(AgentColumn.LOAD, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(AgentColumn.LOAD, 8 * self.fontMetrics().height())
        # Tickets in hand show at once, and stay shown as agents come and go.
        model.rowsInserted.connect(self._expand_new)
        model.modelReset.connect(self.expandAll)

    def _target_index(self, pos: QPoint) -> QModelIndex | None:
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        return index if not index.parent().isValid() else index.parent()

    def drop_target(self, pos: QPoint) -> object | None:
        index = self._target_index(pos)
        return index.data(AgentRole.USER_ID) if index is not None else None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._paint_hover()

    def _expand_new(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.expand(self.model().index(row, 0))
