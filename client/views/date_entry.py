"""A date typed or picked: a line edit that takes 2026-10-01 (or 2026/10/1, 20261001,
2026年10月1日) with a calendar button beside it.

A QDateEdit silently drops what it cannot read and ignores Enter, so an admin who typed a
holiday and pressed Enter saw nothing happen. Here Enter (or the caller's Add button) hands
the text to `date()`, which either reads a date or says what is wrong with it."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from .retranslate import FollowsLanguage

_DATE = re.compile(
    r"\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))\s*"
)


def parse_date(text: str) -> date | None:
    """The date written in ``text`` (year first, as ISO and Chinese write it); None if it
    does not name a real day."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month = match.group(1), match.group(2) or match.group(4)
    day = match.group(3) or match.group(5)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # 2026-02-30
        return None


class DateEntry(FollowsLanguage, QWidget):
    submitted = Signal()
    """Enter was pressed, or a day was picked on the calendar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.texts.set(self.edit.setPlaceholderText, lambda: self.tr("e.g. 2026-10-01"))
        self.edit.setMaxLength(20)
        self.edit.setClearButtonEnabled(True)
        # Room for a whole date and the clear button: a cut-off date reads as a wrong one.
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2026-10-01") + 36)
        self.edit.returnPressed.connect(self.submitted)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.pick_button = QToolButton(self)
        self.texts.set(self.pick_button.setText, lambda: self.tr("Calendar"))
        self.texts.set(self.pick_button.setToolTip, lambda: self.tr("Pick a day on the calendar"))
        self.pick_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick_button.setMenu(menu)
        menu.aboutToShow.connect(self._open_calendar)
        self._menu = menu
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick_button)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def date(self) -> date | None:
        """The date entered; None when the text names no day (empty included)."""
        return parse_date(self.edit.text())

    def _open_calendar(self) -> None:
        shown = self.date()
        self.calendar.setSelectedDate(QDate(shown) if shown else QDate.currentDate())

    def _picked(self, day: QDate) -> None:
        picked = day.toPython()
        assert isinstance(picked, date)
        self.edit.setText(picked.isoformat())
        self._menu.hide()
        self.submitted.emit()
