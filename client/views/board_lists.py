"""The dispatch board's lists: a group's queue and its agents (with tickets in hand), the
load bar drawn in the agents' rows, and the picture a dragged ticket carries."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPixmap
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
from ..models.board_queue import BoardQueueModel, QueueColumn

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex

_BAR_OK = QColor("#43a047")
_BAR_BUSY = QColor("#fb8c00")
_BAR_FULL = QColor("#e53935")
_BAR_TRACK = QColor("#e0e0e0")


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
        share = 1.0 if capacity <= 0 else min(n / capacity, 1.0)
        if share > 0:
            filled = QRectF(rect)
            filled.setWidth(rect.width() * share)
            painter.setBrush(bar_colour(n, capacity))
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))  # type: ignore[attr-defined]
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{n} / {capacity}")
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


class QueueView(QTableView):
    def __init__(self, model: BoardQueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardQueue")
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
        for column in QueueColumn:
            if column is not QueueColumn.TICKET:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class AgentsView(QTreeView):
    def __init__(self, model: BoardAgentsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardAgents")
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
        header.setSectionResizeMode(AgentColumn.PRESENCE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AgentColumn.TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AgentColumn.LOAD, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(AgentColumn.LOAD, 8 * self.fontMetrics().height())
        # Tickets in hand show at once, and stay shown as agents come and go.
        model.rowsInserted.connect(self._expand_new)
        model.modelReset.connect(self.expandAll)

    def _expand_new(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.expand(self.model().index(row, 0))
