"""The settings dialog's notifications page: which news notify, and which with a sound, one
row per kind. As on every settings page, a change applies (and is kept) at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..state.news import NewsKind, NotifyPrefs
from .common import plain_label
from .settings import SettingsPage


class NotifyPage(SettingsPage):
    key = "notifications"

    def __init__(
        self,
        prefs: NotifyPrefs,
        parent: QWidget | None = None,
        *,
        supervisor: Callable[[], bool] = lambda: False,
        sound_available: bool = True,
    ) -> None:
        """``supervisor``: whether to offer the escalations of supervised groups too (asked
        each time the page is shown: the role comes with the login, after the page)."""
        super().__init__(parent)
        self.setObjectName("notifySettings")
        self._prefs = prefs
        self._supervisor = supervisor
        self.kinds = list(NewsKind)
        self.labels: dict[NewsKind, QLabel] = {}
        self.show_boxes: dict[NewsKind, QCheckBox] = {}
        self.sound_boxes: dict[NewsKind, QCheckBox] = {}

        self.intro = plain_label("", self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.notify_heading = QLabel(self)
        self.sound_heading = QLabel(self)
        grid.addWidget(self.notify_heading, 0, 1, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.sound_heading, 0, 2, Qt.AlignmentFlag.AlignCenter)
        for row, kind in enumerate(self.kinds, start=1):
            label = QLabel(self)
            show = QCheckBox(self)
            show.setObjectName(f"show_{kind.value}")
            show.setChecked(prefs.shows(kind))
            sound = QCheckBox(self)
            sound.setObjectName(f"sound_{kind.value}")
            sound.setChecked(prefs.sounds(kind))
            sound.setEnabled(show.isChecked())
            show.toggled.connect(sound.setEnabled)
            show.toggled.connect(lambda on, k=kind: self._prefs.set_shows(k, on))
            sound.toggled.connect(lambda on, k=kind: self._prefs.set_sounds(k, on))
            label.setBuddy(show)
            grid.addWidget(label, row, 0)
            grid.addWidget(show, row, 1, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(sound, row, 2, Qt.AlignmentFlag.AlignCenter)
            self.labels[kind] = label
            self.show_boxes[kind] = show
            self.sound_boxes[kind] = sound
        self.sound_note = plain_label("", self)
        self.sound_note.setVisible(not sound_available)
        self.hint = plain_label("", self, object_name="hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addWidget(self.sound_note)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self._show_rows()
        self.retranslate()

    def title(self) -> str:
        return self.tr("Notifications")

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr("Tell me on the desktop, even while TicketDesk is behind other windows:"))
        self.notify_heading.setText(self.tr("Notify"))
        self.sound_heading.setText(self.tr("Sound"))
        for kind in self.kinds:
            self.labels[kind].setText(self.kind_text(kind))
            self.show_boxes[kind].setAccessibleName(
                self.tr("Notify: {kind}").format(kind=self.kind_text(kind)))
            self.sound_boxes[kind].setAccessibleName(
                self.tr("Sound: {kind}").format(kind=self.kind_text(kind)))
        self.sound_note.setText(
            self.tr("This computer has no sound output: the sound settings apply where it has."))
        self.hint.setText(self.tr(
            "Do not disturb (in the status bar and the tray menu) holds every message "
            "back and counts them; when it ends you get one message with what came."))

    def kind_text(self, kind: NewsKind) -> str:
        return {
            NewsKind.OFFER: self.tr("A ticket is assigned to me"),
            NewsKind.SLA: self.tr("An SLA warning or breach on my ticket"),
            NewsKind.ESCALATION: self.tr("SLA escalations in the groups I supervise"),
            NewsKind.TRANSFER: self.tr("A ticket is transferred into my group"),
            NewsKind.COMMENT: self.tr("Someone comments on my ticket"),
        }[kind]

    def offered(self) -> list[NewsKind]:
        """The kinds this user is offered (an agent supervises no group: no escalations)."""
        return [k for k in self.kinds if self._supervisor() or k is not NewsKind.ESCALATION]

    def _show_rows(self) -> None:
        offered = self.offered()
        for kind in self.kinds:
            for widget in (self.labels[kind], self.show_boxes[kind], self.sound_boxes[kind]):
                widget.setVisible(kind in offered)

    def showEvent(self, event: QShowEvent) -> None:
        self._show_rows()
        super().showEvent(event)
