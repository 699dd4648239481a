"""The notification sound: a short chime (``resources/sounds/notify.wav``) through Qt
Multimedia's `QSoundEffect`.

Sound is a nicety, never a requirement: where Qt Multimedia cannot load (its backend's
libraries are missing, e.g. no PulseAudio library on a bare server image) or the computer
has no audio output, `play` does nothing and `available` says so; nothing is logged at
warning level (a workstation without speakers is not a fault). Qt Multimedia is loaded at
the first sound, not at start-up.
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import Any

from PySide6.QtCore import QObject, QUrl

log = logging.getLogger(__name__)

SOUND_FILE = "sounds/notify.wav"


class NotificationSound(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect: Any = None
        self._tried = False
        self.played = 0
        """Sounds started (for tests; a machine without audio never counts one)."""

    @property
    def available(self) -> bool:
        """True where a sound can be played (Qt Multimedia loads, an output exists)."""
        self._load()
        return self._effect is not None

    def play(self) -> None:
        self._load()
        if self._effect is None:
            return
        self._effect.play()
        self.played += 1

    def _load(self) -> None:
        if self._tried:
            return
        self._tried = True
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as error:  # the backend's libraries are not installed
            log.info("no notification sound: Qt Multimedia does not load (%s)", error)
            return
        if not QMediaDevices.audioOutputs():
            log.info("no notification sound: no audio output")
            return
        path = resources.files("ticketdesk.resources").joinpath(SOUND_FILE)
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(0.6)
        self._effect = effect
