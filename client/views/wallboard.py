"""The wallboard (大屏): a full-screen, read-only window for the call centre's TV — per group
the queue, longest wait, agents online and busy, today's resolved tickets and SLA breaches,
in type sized to the screen's height so it reads across the room. Live from the cache; when
the groups do not fit it turns through pages of them by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..models.wallboard import WallboardModel, WallColumn, WallRole
from ..net.live import LiveState
from ..state import ClientSession
from ..state.routing import RoutingHintsSource
from ..state.wallboard import TodayCounts
from ..timefmt import local
from .common import plain_label, set_style_property
from .retranslate import FollowsLanguage, refresh_words

ROWS_PER_PAGE = 6
"""Groups on one page. Each row is a fixed share of the screen's height, so the type is as
large on any TV; more groups than this and the pages turn."""
ROTATE_MS = 15_000
"""How long each page stays up."""
CLOCK_MS = 1000
HOURS_REFETCH_MS = 5000
HOURS_REFRESH_MS = 60_000
"""Whether a group is working is asked again after live changes (at most every few seconds)
and every minute, when a shift may have started or ended."""

# Sizes as fractions of the window's height (1080 px: figures 74 px, names 47 px, headings
# 30 px).
FIGURE_SIZE = 1 / 14.5
NAME_SIZE = 1 / 23
HEADING_SIZE = 1 / 36
TITLE_SIZE = 1 / 28

STYLE = """
#wallboard {{ background: #0f1419; }}
#wallboard QLabel {{ color: #e9eef2; }}
#wallTitle, #wallClock {{ font-size: {title}px; font-weight: 700; color: #c9d6e0; }}
#wallPage, #wallLive {{ font-size: {heading}px; color: #9fb2c1; }}
#wallLive[kind="online"] {{ color: #5fd38d; }}
#wallLive[kind="lost"] {{ color: #ff6b6b; font-weight: 700; }}
#wallHeading {{ font-size: {heading}px; color: #9fb2c1; }}
#wallName {{ font-size: {name}px; font-weight: 600; }}
#wallboard #wallNote {{ font-size: {heading}px; color: #ffc145; }}
#wallFigure {{ font-size: {figure}px; font-weight: 700; }}
#wallFigure[level="warn"] {{ color: #ffc145; }}
#wallFigure[level="alert"] {{ color: #ff6b6b; }}
#wallRow {{ background: #18202a; border-radius: {radius}px; }}
#wallRow[odd="true"] {{ background: #141b23; }}
"""


class Wallboard(FollowsLanguage, QWidget):
    closed = Signal()

    rotate_ms: int = ROTATE_MS

    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setObjectName("wallboard")
        self.setWindowFlag(Qt.WindowType.Window)
        self.texts.set(self.setWindowTitle, lambda: self.tr("TicketDesk wallboard"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.today = TodayCounts(session, self)
        # Whether each group works now: the routing hints' hours, from the one calendar.
        self.hours = RoutingHintsSource(session, refetch_after_ms=HOURS_REFETCH_MS, parent=self)
        self._hours_timer = QTimer(self, interval=HOURS_REFRESH_MS)  # shifts start by the clock
        self._hours_timer.timeout.connect(self.hours.refresh)
        self._hours_timer.start()
        self.model = WallboardModel(session.state, self.today, session.clock.now, self.hours,
                                    self)
        self.page = 0

        self.title = plain_label("", self, wrap=False, object_name="wallTitle")
        self.texts.set(self.title.setText, lambda: self.tr("Queues now"))
        self.live_label = plain_label("", self, wrap=False, object_name="wallLive")
        self.page_label = plain_label("", self, wrap=False, object_name="wallPage")
        self.clock_label = plain_label("", self, wrap=False, object_name="wallClock")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.live_label)
        top.addSpacing(40)
        top.addWidget(self.page_label)
        top.addSpacing(40)
        top.addWidget(self.clock_label)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        self.headings = [
            # (wrapping: "Resolved today" may take two lines rather than crowd its neighbour)
            plain_label(str(self.model.headerData(c, Qt.Orientation.Horizontal)), self,
                        object_name="wallHeading")
            for c in WallColumn
        ]
        self.rows: list[tuple[QFrame, list[QLabel]]] = []
        self.notes: list[QLabel] = []
        """Under each group's name: "closed, opens 09:00" while it is not working."""
        self._build_rows()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.grid, 1)

        self._rotate = QTimer(self)
        self._rotate.timeout.connect(self.next_page)
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self._show_clock)
        self._clock.start()
        for signal in (self.model.dataChanged, self.model.modelReset):
            signal.connect(self._refill)
        session.live_state_changed.connect(self._show_live)
        session.loading_changed.connect(self._show_live)
        self._restyle()
        self._show_clock()
        self._show_live()
        self._refill()

    # ------------------------------------------------------------ building

    def retranslate(self) -> None:
        """The fixed words, the column heads, the cells' words and the live line."""
        super().retranslate()
        for column, heading in zip(WallColumn, self.headings, strict=True):
            heading.setText(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
        refresh_words(self.model)
        self._refill()
        self._show_live()

    def _build_rows(self) -> None:
        """A heading line and ROWS_PER_PAGE rows, each a band of labels across the screen."""
        for column, heading in enumerate(self.headings):
            align = Qt.AlignmentFlag.AlignLeft if column == WallColumn.GROUP \
                else Qt.AlignmentFlag.AlignRight
            heading.setAlignment(align | Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(heading, 0, column)
        for index in range(ROWS_PER_PAGE):
            band = QFrame(self)
            band.setObjectName("wallRow")
            band.setProperty("odd", index % 2 == 1)
            self.grid.addWidget(band, index + 1, 0, 1, len(WallColumn))
            cells = []
            for column in WallColumn:
                name = "wallName" if column is WallColumn.GROUP else "wallFigure"
                cell = plain_label("", self, wrap=False, object_name=name)
                align = Qt.AlignmentFlag.AlignLeft if column is WallColumn.GROUP \
                    else Qt.AlignmentFlag.AlignRight
                cell.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                if column is WallColumn.GROUP:
                    note = plain_label("", self, wrap=False, object_name="wallNote")
                    box = QVBoxLayout()
                    box.setSpacing(0)
                    box.addStretch(1)
                    box.addWidget(cell)
                    box.addWidget(note)
                    box.addStretch(1)
                    self.grid.addLayout(box, index + 1, column)
                    self.notes.append(note)
                else:
                    self.grid.addWidget(cell, index + 1, column)
                cells.append(cell)
            self.rows.append((band, cells))
            self.grid.setRowStretch(index + 1, 1)
        self.grid.setColumnStretch(WallColumn.GROUP, 3)
        for column in WallColumn:
            if column is not WallColumn.GROUP:
                self.grid.setColumnStretch(column, 2)

    def _restyle(self) -> None:
        height = max(self.height(), 300)
        margin = round(height / 36)
        self.setStyleSheet(STYLE.format(
            figure=round(height * FIGURE_SIZE), name=round(height * NAME_SIZE),
            heading=round(height * HEADING_SIZE), title=round(height * TITLE_SIZE),
            radius=round(height / 100),
        ))
        self.layout().setContentsMargins(margin, margin // 2, margin, margin)
        self.grid.setHorizontalSpacing(margin)
        for note in self.notes:
            note.setContentsMargins(margin // 2, 0, 0, 0)
        for _band, cells in self.rows:
            cells[0].setContentsMargins(margin // 2, 0, 0, 0)
            cells[-1].setContentsMargins(0, 0, margin // 2, 0)
        self.headings[0].setContentsMargins(margin // 2, 0, 0, 0)
        self.headings[-1].setContentsMargins(0, 0, margin // 2, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    # ------------------------------------------------------------ pages

    @property
    def pages(self) -> int:
        return max(1, -(-self.model.rowCount() // ROWS_PER_PAGE))

    def shown_groups(self) -> list[str]:
        """The group names on the page now (what the room sees)."""
        return [cells[0].text() for band, cells in self.rows if not band.isHidden()]

    def next_page(self) -> None:
        self.page = (self.page + 1) % self.pages
        self._refill()

    def previous_page(self) -> None:
        self.page = (self.page - 1) % self.pages
        self._refill()

    def _refill(self, *_args: object) -> None:
        model = self.model
        self.page = min(self.page, self.pages - 1)
        first = self.page * ROWS_PER_PAGE
        for offset, (band, cells) in enumerate(self.rows):
            row = first + offset
            present = row < model.rowCount()
            band.setVisible(present)
            note = model.index(row, WallColumn.GROUP).data(WallRole.HOURS) if present else ""
            self.notes[offset].setText(note or "")
            self.notes[offset].setVisible(bool(note))
            for column, cell in enumerate(cells):
                cell.setVisible(present)
                if not present:
                    continue
                index = model.index(row, column)
                cell.setText(index.data())
                if column != WallColumn.GROUP:
                    set_style_property(cell, "level", index.data(WallRole.LEVEL))
        self.page_label.setText(
            self.tr("Page {page} / {pages}").format(page=self.page + 1, pages=self.pages)
        )
        self.page_label.setVisible(self.pages > 1)
        if self.pages > 1:
            if not self._rotate.isActive() or self._rotate.interval() != self.rotate_ms:
                self._rotate.start(self.rotate_ms)
        else:
            self._rotate.stop()

    def _restart_rotation(self) -> None:
        if self.pages > 1:
            self._rotate.start(self.rotate_ms)

    # ------------------------------------------------------------ the rest of the screen

    def _show_clock(self) -> None:
        self.clock_label.setText(local(self._session.clock.now()).strftime("%H:%M"))

    def _show_live(self) -> None:
        live = self._session.live_state is LiveState.ONLINE and not self._session.loading
        self.live_label.setText(self.tr("● Live") if live else self.tr("● Not live: reconnecting…"))
        set_style_property(self.live_label, "kind", "online" if live else "lost")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.next_page()
            self._restart_rotation()  # a page chosen by hand stays its full time
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.previous_page()
            self._restart_rotation()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._rotate.stop()
        self._clock.stop()
        super().closeEvent(event)
        self.closed.emit()
