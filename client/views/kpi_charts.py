"""The dashboard's charts, drawn with pyqtgraph (Qt Charts is deprecated since Qt 6.10):
bar charts with category labels, one or more series side by side. Imported only with the
dashboard: pyqtgraph (and numpy under it) take a second to load.

Drawn by QPainter, never OpenGL, so they look the same offscreen, over remote desktops and
in screenshots; mouse panning and zooming are off (a report is read, not explored)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="#374151")

CREATED_COLOUR = "#1a73e8"
RESOLVED_COLOUR = "#34a853"
BACKLOG_COLOUR = "#f29900"
BREACH_COLOUR = "#d93025"
NEUTRAL_COLOUR = "#5f6368"

MAX_TICK_LABELS = 12
"""More categories than this get every n-th label only, so that labels never overlap."""


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    colour: str


class BarChart(pg.PlotWidget):
    """Bars per category; several series stand side by side within a category.
    ``horizontal``: categories down the left (first on top), for labels too long to stand
    side by side under the bars."""

    def __init__(
        self, title: str, parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.setMinimumSize(220, 170)
        item = self.getPlotItem()
        self.set_title(title)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=horizontal, y=not horizontal, alpha=0.25)
        if horizontal:
            item.invertY(True)
        self.legend = item.addLegend(offset=(-6, 4), labelTextSize="8pt", labelTextColor="#374151")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 220))
        font = QFont()
        font.setPointSizeF(8)
        for side in ("bottom", "left"):
            axis = item.getAxis(side)
            axis.setStyle(tickFont=font)
            axis.setTextPen(pg.mkPen("#374151"))
        self.labels: list[str] = []
        self.series: list[Series] = []

    def set_title(self, title: str) -> None:
        self.getPlotItem().setTitle(title, size="10pt", color="#1f2937")
        self.setAccessibleName(title)

    def set_bars(self, labels: Sequence[str], series: Sequence[Series]) -> None:
        item = self.getPlotItem()
        item.clear()
        self.legend.clear()
        self.labels, self.series = list(labels), list(series)
        n = max(1, len(series))
        width = 0.8 / n
        for i, s in enumerate(series):
            offset = -0.4 + width * (i + 0.5)
            places = [k + offset for k in range(len(labels))]
            heights = list(s.values)
            where = (
                {"y": places, "x0": 0, "width": heights, "height": width * 0.92}
                if self.horizontal
                else {"x": places, "height": heights, "width": width * 0.92}
            )
            bars = pg.BarGraphItem(
                **where,
                brush=pg.mkBrush(QColor(s.colour)),
                pen=pg.mkPen(None),
                name=s.name if n > 1 else None,
            )
            item.addItem(bars)
        if n == 1:
            self.legend.hide()
        else:
            self.legend.show()
        every = max(1, -(-len(labels) // MAX_TICK_LABELS))
        ticks = [(k, label) for k, label in enumerate(labels) if k % every == 0]
        category_axis, value_axis = ("left", "bottom") if self.horizontal else ("bottom", "left")
        item.getAxis(category_axis).setTicks([ticks, []])
        top = max((max(s.values, default=0) for s in series), default=0)
        # Whole numbers on the value axis; headroom above the highest bar for the legend.
        top = max(1.0, float(top)) * (1.4 if n > 1 else 1.1)
        categories = (-0.6, max(0, len(labels) - 1) + 0.6)
        if self.horizontal:
            item.setYRange(*categories, padding=0)
            item.setXRange(0, top, padding=0)
        else:
            item.setXRange(*categories, padding=0)
            item.setYRange(0, top, padding=0)
        step = max(1, round(top / 5))
        item.getAxis(value_axis).setTickSpacing(major=step, minor=step)
