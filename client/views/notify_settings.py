"""Which news notify, and which with a sound: one row per kind, saved on OK."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..state.news import NewsKind, NotifyPrefs
from .common import plain_label


class NotifySettings(QDialog):
    def __init__(
        self,
        prefs: NotifyPrefs,
        parent: QWidget | None = None,
        *,
        supervisor: bool = False,
        sound_available: bool = True,
    ) -> None:
        """``supervisor``: offer the escalations of supervised groups too."""
        super().__init__(parent)
        self.setObjectName("notifySettings")
        self.setWindowTitle(self.tr("Notifications"))
        self.setMinimumWidth(460)
        self._prefs = prefs
        self.kinds = [k for k in NewsKind if supervisor or k is not NewsKind.ESCALATION]
        self.show_boxes: dict[NewsKind, QCheckBox] = {}
        self.sound_boxes: dict[NewsKind, QCheckBox] = {}

        intro = plain_label(
            self.tr("Tell me on the desktop, even while TicketDesk is behind other windows:"),
            self,
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.addWidget(QLabel(self.tr("Notify"), self), 0, 1, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(QLabel(self.tr("Sound"), self), 0, 2, Qt.AlignmentFlag.AlignCenter)
        for row, kind in enumerate(self.kinds, start=1):
            label = QLabel(self.kind_text(kind), self)
            show = QCheckBox(self)
            show.setObjectName(f"show_{kind.value}")
            show.setAccessibleName(self.tr("Notify: {kind}").format(kind=self.kind_text(kind)))
            show.setChecked(prefs.shows(kind))
            sound = QCheckBox(self)
            sound.setObjectName(f"sound_{kind.value}")
            sound.setAccessibleName(self.tr("Sound: {kind}").format(kind=self.kind_text(kind)))
            sound.setChecked(prefs.sounds(kind))
            sound.setEnabled(show.isChecked())
            show.toggled.connect(sound.setEnabled)
            label.setBuddy(show)
            grid.addWidget(label, row, 0)
            grid.addWidget(show, row, 1, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(sound, row, 2, Qt.AlignmentFlag.AlignCenter)
            self.show_boxes[kind] = show
            self.sound_boxes[kind] = sound
        self.sound_note = plain_label(
            self.tr("This computer has no sound output: the sound settings apply where it has."),
            self,
        )
        self.sound_note.setVisible(not sound_available)
        hint = plain_label(
            self.tr(
                "Do not disturb (in the status bar and the tray menu) holds every message "
                "back and counts them; when it ends you get one message with what came."
            ),
            self,
        )
        hint.setObjectName("hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.sound_note)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def kind_text(self, kind: NewsKind) -> str:
        return {
            NewsKind.OFFER: self.tr("A ticket is assigned to me"),
            NewsKind.SLA: self.tr("An SLA warning or breach on my ticket"),
            NewsKind.ESCALATION: self.tr("SLA escalations in the groups I supervise"),
            NewsKind.TRANSFER: self.tr("A ticket is transferred into my group"),
            NewsKind.COMMENT: self.tr("Someone comments on my ticket"),
        }[kind]

    def accept(self) -> None:
        for kind in self.kinds:
            self._prefs.set_shows(kind, self.show_boxes[kind].isChecked())
            self._prefs.set_sounds(kind, self.sound_boxes[kind].isChecked())
        super().accept()
