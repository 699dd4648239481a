"""How long since the person at this computer last touched the keyboard or mouse.

System-wide where the platform says it — typing in another program counts, an agent
answering e-mail beside TicketDesk is not idle:

- X11: the MIT screen-saver extension (``XScreenSaverQueryInfo`` from ``libXss``, through
  ctypes, on a connection of its own to ``$DISPLAY``); tested under Xvfb;
- Windows: ``GetLastInputInfo``; macOS: ``CGEventSourceSecondsSinceLastEventType`` — both
  through ctypes, written to their documentation but not run here (no such machine).

Where none answers (Wayland, a missing ``libXss``, offscreen), `InputWatcher` measures input
inside TicketDesk's own windows, and it also counts where a system source exists (the
smaller of the two is the truth: XWayland, for one, sees only X programs' input).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QGuiApplication, QMouseEvent

log = logging.getLogger(__name__)

IdleSource = Callable[[], float | None]
"""Seconds since the last input, or None when it cannot be told right now."""

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress, QEvent.Type.MouseMove,
})


class InputWatcher(QObject):
    """An application-wide event filter noting the time of the last real input: events
    from the window system only (``spontaneous``), not ones the program sent itself, and a
    mouse move only when the pointer moved (a window appearing under a still pointer sends
    one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.last_input = clock()
        self._pointer: QPointF | None = None

    def seconds_since_input(self) -> float:
        return max(0.0, self._clock() - self.last_input)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and event.spontaneous():
            if isinstance(event, QMouseEvent) and event.type() is QEvent.Type.MouseMove:
                position = event.globalPosition()
                moved = self._pointer is None or position != self._pointer
                self._pointer = position
                if not moved:
                    return False
            self.last_input = self._clock()
        return False


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong), ("state", ctypes.c_int), ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong), ("idle", ctypes.c_ulong),
        ("eventMask", ctypes.c_ulong),
    ]


class X11Idle:
    """The X server's idle time (milliseconds since the last input to any client)."""

    def __init__(self, display: bytes | None = None) -> None:
        """``display``: e.g. ``b":14"``; None uses ``$DISPLAY``. Raises OSError where the
        libraries, the display or the extension is missing."""
        xlib_name = ctypes.util.find_library("X11")
        xss_name = ctypes.util.find_library("Xss")
        if not xlib_name or not xss_name:
            raise OSError("libX11 or libXss is not installed")
        self._xlib = ctypes.CDLL(xlib_name)
        self._xss = ctypes.CDLL(xss_name)
        self._xlib.XOpenDisplay.restype = ctypes.c_void_p
        self._xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        self._xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
        self._xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        self._xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_XScreenSaverInfo)]
        self._display = self._xlib.XOpenDisplay(display)
        if not self._display:
            raise OSError("cannot open the X display")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(
            self._display, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            self.close()
            raise OSError("the X server has no MIT-SCREEN-SAVER extension")
        self._root = self._xlib.XDefaultRootWindow(self._display)
        self._info = self._xss.XScreenSaverAllocInfo()

    def __call__(self) -> float | None:
        if not self._display:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return self._info.contents.idle / 1000.0

    def close(self) -> None:
        if self._display:
            self._xlib.XCloseDisplay(self._display)
            self._display = None


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]


def _windows_idle() -> IdleSource:
    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    info = _LastInputInfo()
    info.cbSize = ctypes.sizeof(info)

    def idle() -> float | None:
        if not user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        # Both in milliseconds since boot, 32 bits: the difference wraps correctly.
        return ((kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF) / 1000.0

    return idle


def _macos_idle() -> IdleSource:
    name = ctypes.util.find_library("CoreGraphics") or ctypes.util.find_library(
        "ApplicationServices")
    if not name:
        raise OSError("CoreGraphics not found")
    cg = ctypes.CDLL(name)
    cg.CGEventSourceSecondsSinceLastEventType.restype = ctypes.c_double
    cg.CGEventSourceSecondsSinceLastEventType.argtypes = [ctypes.c_int32, ctypes.c_uint32]
    combined_session_state, any_input_event = 0, 0xFFFFFFFF

    def idle() -> float | None:
        return float(cg.CGEventSourceSecondsSinceLastEventType(
            combined_session_state, any_input_event))

    return idle


def system_idle_source() -> IdleSource | None:
    """The platform's system-wide idle time, or None where this platform gives none."""
    try:
        if sys.platform == "win32":
            return _windows_idle()
        if sys.platform == "darwin":
            return _macos_idle()
        if QGuiApplication.platformName() == "xcb":
            return X11Idle()
    except (OSError, AttributeError) as error:
        log.info("no system-wide idle time (%s): only input to TicketDesk counts", error)
    return None


def combined(sources: list[IdleSource]) -> IdleSource:
    """The smallest answer of the sources that answer."""

    def idle() -> float | None:
        answers = [a for a in (s() for s in sources) if a is not None]
        return min(answers) if answers else None

    return idle
