"""A week grid for working hours: seven day columns by 48 half-hour rows.

Dragging paints a rectangle of working time from the cell pressed to the cell under the
pointer; starting on a working cell erases instead. Arrow keys move a cursor, space flips the
cell under it. The grid holds slots (`models.hours`); `weekly()` turns them into shifts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..models.hours import (
    SLOTS_PER_DAY,
    Week,
    Weekly,
    empty_week,
    week_from_weekly,
    weekly_from_week,
)
from .hours_summary import day_names
from .retranslate import FollowsLanguage

DAYS = 7


class HoursGrid(FollowsLanguage, QWidget):
    changed = Signal()
    """The working time changed (after a drag ends, or a key flipped a cell)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hoursGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.texts.set(self.setAccessibleName, lambda: self.tr("Weekly working hours"))
        self._week: Week = empty_week()
        self._before_drag: Week | None = None
        self._anchor: tuple[int, int] | None = None
        self._paint_value = True
        self.cursor_cell: tuple[int, int] = (0, 18)  # Monday 09:00, where a working day starts
        self._day_names = day_names()

    def retranslate(self) -> None:
        super().retranslate()
        self._day_names = day_names()  # the column heads, drawn
        self.update()

    # ------------------------------------------------------------ data

    def set_weekly(self, weekly: dict[str, list[object]]) -> None:
        self._week = week_from_weekly(weekly)
        self.update()

    def weekly(self) -> Weekly:
        return weekly_from_week(self._week)

    def week(self) -> Week:
        return [list(day) for day in self._week]

    # ------------------------------------------------------------ geometry

    def _header_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _label_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("24:00") + 10

    def _cell_size(self) -> tuple[float, float]:
        width = (self.width() - self._label_width() - 1) / DAYS
        # Room below the grid for the last hour label ("24:00"), drawn across the bottom line.
        bottom_room = self.fontMetrics().height() // 2 + 1
        height = (self.height() - self._header_height() - bottom_room) / SLOTS_PER_DAY
        return width, height

    def cell_rect(self, day: int, slot: int) -> QRect:
        """Where a cell is drawn (tests press on its centre)."""
        w, h = self._cell_size()
        x0, y0 = self._label_width(), self._header_height()
        left, top = round(x0 + day * w), round(y0 + slot * h)
        return QRect(left, top, round(x0 + (day + 1) * w) - left, round(y0 + (slot + 1) * h) - top)

    def cell_at(self, pos: QPoint) -> tuple[int, int]:
        """The cell under a point, clamped into the grid (a drag may leave it)."""
        w, h = self._cell_size()
        day = int((pos.x() - self._label_width()) // w) if w > 0 else 0
        slot = int((pos.y() - self._header_height()) // h) if h > 0 else 0
        return min(max(day, 0), DAYS - 1), min(max(slot, 0), SLOTS_PER_DAY - 1)

    def sizeHint(self) -> QSize:
        return QSize(self._label_width() + DAYS * 64, self._header_height() + SLOTS_PER_DAY * 11)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._label_width() + DAYS * 32, self._header_height() + SLOTS_PER_DAY * 6)

    # ------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        day, slot = self.cell_at(event.position().toPoint())
        self._anchor = (day, slot)
        self._before_drag = self.week()
        self._paint_value = not self._week[day][slot]  # on working time: erase
        self.cursor_cell = (day, slot)
        self._paint_to(day, slot)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is None:
            return super().mouseMoveEvent(event)
        self._paint_to(*self.cell_at(event.position().toPoint()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._anchor is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        self._paint_to(*self.cell_at(event.position().toPoint()))
        changed = self._week != self._before_drag
        self._anchor = self._before_drag = None
        if changed:
            self.changed.emit()
        event.accept()

    def _paint_to(self, day: int, slot: int) -> None:
        """Redo the drag's rectangle from the week as it was when the drag began, so moving
        back shrinks what was painted."""
        assert self._anchor is not None and self._before_drag is not None
        self._week = [list(d) for d in self._before_drag]
        (d0, s0), (d1, s1) = self._anchor, (day, slot)
        for d in range(min(d0, d1), max(d0, d1) + 1):
            for s in range(min(s0, s1), max(s0, s1) + 1):
                self._week[d][s] = self._paint_value
        self.cursor_cell = (day, slot)
        self.update()

    # ------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        day, slot = self.cursor_cell
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in moves:
            dx, dy = moves[Qt.Key(key)]
            self.cursor_cell = (
                min(max(day + dx, 0), DAYS - 1),
                min(max(slot + dy, 0), SLOTS_PER_DAY - 1),
            )
            self.update()
        elif key == Qt.Key.Key_Space:
            self._week[day][slot] = not self._week[day][slot]
            self.update()
            self.changed.emit()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        working = palette.color(QPalette.ColorRole.Highlight)
        off = palette.color(QPalette.ColorRole.Base)
        hour_line = palette.color(QPalette.ColorRole.Mid)
        half_line = QColor(hour_line)
        half_line.setAlpha(70)
        text = palette.color(QPalette.ColorRole.Text)
        for day in range(DAYS):
            for slot in range(SLOTS_PER_DAY):
                rect = self.cell_rect(day, slot)
                painter.fillRect(rect, working if self._week[day][slot] else off)
        # Lines: every hour solid, every half hour faint; days separated.
        x0, y0 = self._label_width(), self._header_height()
        right = self.cell_rect(DAYS - 1, 0).right()
        bottom = self.cell_rect(0, SLOTS_PER_DAY - 1).bottom()
        for slot in range(SLOTS_PER_DAY + 1):
            y = self.cell_rect(0, min(slot, SLOTS_PER_DAY - 1)).top() if slot < SLOTS_PER_DAY \
                else bottom + 1
            painter.setPen(hour_line if slot % 2 == 0 else half_line)
            painter.drawLine(x0, y, right, y)
        painter.setPen(hour_line)
        for day in range(DAYS + 1):
            x = self.cell_rect(day, 0).left() if day < DAYS else right + 1
            painter.drawLine(x, y0, x, bottom)
        painter.setPen(text)
        for day, name in enumerate(self._day_names):
            rect = self.cell_rect(day, 0)
            painter.drawText(
                QRect(rect.left(), 0, rect.width(), y0), Qt.AlignmentFlag.AlignCenter, name
            )
        for hour in range(0, 25, 2):
            y = self.cell_rect(0, hour * 2).top() if hour < 24 else bottom + 1
            label = f"{hour:02d}:00"
            height = self.fontMetrics().height()
            painter.drawText(
                QRect(0, y - height // 2, x0 - 4, height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        if self.hasFocus():
            cursor = self.cell_rect(*self.cursor_cell).adjusted(0, 0, -1, -1)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawRect(cursor)
        painter.end()
