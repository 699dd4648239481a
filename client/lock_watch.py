"""Screen lock and sleep, where the desktop says so over D-Bus: systemd-logind's
``PrepareForSleep(true)`` (system bus) and its session's ``Lock`` signal, and the
freedesktop screen saver's ``ActiveChanged(true)`` (session bus; GNOME, KDE). Each makes
`went_away` fire. Where Qt D-Bus or the buses are missing (Windows, macOS, a bare X
session) nothing connects and nothing fires; the automatic away then still notices sleep
by the clocks (`state.auto_presence`) and a locked screen by the idle time.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import SLOT, QObject, Signal, Slot

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
_SIGNALS = (
    # (bus, path, interface, signal, slot)
    ("system", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
     "PrepareForSleep", "on_flag(bool)"),
    ("system", "", "org.freedesktop.login1.Session", "Lock", "on_event()"),
    ("session", "", "org.freedesktop.ScreenSaver", "ActiveChanged", "on_flag(bool)"),
)


class LockWatcher(QObject):
    went_away = Signal()
    """The screen was locked or the computer is going to sleep."""

    def __init__(self, parent: QObject | None = None, *, buses: dict | None = None,
                 any_sender: bool = False) -> None:
        """``buses``: ``{"system": QDBusConnection, "session": …}`` to use instead of the
        desktop's (tests); ``any_sender``: accept the signals from anyone (tests; the
        desktop's come from logind and the screen saver only)."""
        super().__init__(parent)
        self.connected = 0
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            log.info("no Qt D-Bus: screen lock and sleep are not noticed at once")
            return
        if buses is None:
            buses = {"system": QDBusConnection.systemBus(),
                     "session": QDBusConnection.sessionBus()}
        for which, path, interface, name, slot in _SIGNALS:
            bus = buses.get(which)
            if bus is None or not bus.isConnected():
                continue
            service = "" if any_sender else (LOGIN1 if which == "system" else "")
            if bus.connect(service, path, interface, name, self, SLOT(slot)):
                self.connected += 1

    @Slot(bool)
    def on_flag(self, on: bool) -> None:
        if on:
            self.went_away.emit()

    @Slot()
    def on_event(self) -> None:
        self.went_away.emit()
