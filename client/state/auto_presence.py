"""Presence from real activity: away after a while without input, online again on input.

`AutoPresence` looks at an idle source (seconds since the last input) every few seconds and
asks for a presence with `wants`; the window sets it on the server like a choice of the
agent's. The rules, so that presence never flaps:

- **away** once there was no input for the server's ``idle_away_minutes`` (0: never), or
  after the computer slept (the wall clock jumped ahead of the monotonic clock, which stops
  during sleep), or at once when the screen is locked or the computer goes to sleep
  (`away_now`, from `lock_watch.LockWatcher`) — only from *online*;
- **online again** only from an away this object set itself, and only on input that goes on
  for `RETURN_SECONDS` (inputs no more than `BURST_GAP_SECONDS` apart): a single event — a
  nudged mouse, a key pressed by the cleaner, a synthetic event — leaves the agent away;
- a presence the agent chose by hand (`chose`), or that the server or another session set,
  is never overridden: an agent who chose "away" stays away while typing.

Both clocks are passed in, so tests drive the time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ticketdesk.common.enums import Presence

from ..idle import IdleSource
from .cache import ClientState

POLL_ONLINE_MS = 5000
"""How often idleness is looked at while online (minutes matter: seconds of delay do not)."""
POLL_AWAY_MS = 500
"""…and while automatically away, where input must be seen as it goes on."""
RETURN_SECONDS = 2.0
"""Input must go on this long to count as the agent being back."""
BURST_GAP_SECONDS = 5.0
"""Inputs further apart than this are separate nudges, not one stretch of work."""
SLEEP_JUMP_SECONDS = 60.0
"""The wall clock running ahead of the monotonic one by this much between two looks: the
computer slept (or was suspended) meanwhile."""
INPUT_RESOLUTION = 0.05
"""Idle readings closer than this to the last input seen are the same input (sources
answer in milliseconds, subtraction rounds)."""


class AutoPresence(QObject):
    wants = Signal(object)
    """A `Presence` to set now."""

    def __init__(
        self,
        state: ClientState,
        idle_seconds: IdleSource,
        *,
        idle_minutes: float,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._idle = idle_seconds
        self.idle_minutes = idle_minutes
        self._clock = clock
        self._wall = wall
        self.auto_away = False
        """The current away is this object's doing (and so may end by itself)."""
        self._last_input: float | None = None
        self._burst_start: float | None = None
        self._burst_last: float | None = None
        self._looked = (clock(), wall())
        self._timer = QTimer(self, interval=POLL_ONLINE_MS)
        self._timer.timeout.connect(self.check)
        state.me_changed.connect(self._on_me_changed)

    def start(self) -> None:
        self._looked = (self._clock(), self._wall())
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def chose(self, presence: Presence) -> None:
        """The agent chose a presence by hand: whatever it is, it is theirs now."""
        self._set_auto(False)

    def away_now(self) -> None:
        """The screen was locked or the computer goes to sleep: away now, if online."""
        me = self._state.me
        if me is None or me.presence is not Presence.ONLINE or self.auto_away:
            return
        self._set_auto(True)
        self._last_input = self._clock()
        self._burst_start = self._burst_last = None
        self.wants.emit(Presence.AWAY)

    def check(self) -> None:
        """Look at the clocks and the input once (the timer calls this; tests may too)."""
        now, wall = self._clock(), self._wall()
        then, wall_then = self._looked
        self._looked = (now, wall)
        slept = (wall - wall_then) - (now - then) >= SLEEP_JUMP_SECONDS
        me = self._state.me
        if me is None:
            return
        idle = self._idle()
        if me.presence is Presence.ONLINE:
            if self.auto_away:
                return  # asked for already; the server's answer is on its way
            threshold = self.idle_minutes * 60
            if slept or (threshold > 0 and idle is not None and idle >= threshold):
                self._set_auto(True)
                self._last_input = now - idle if idle is not None and not slept else now
                self._burst_start = self._burst_last = None
                self.wants.emit(Presence.AWAY)
            return
        if not self.auto_away or me.presence is not Presence.AWAY or idle is None:
            return
        last_input = now - idle
        if self._last_input is not None and last_input <= self._last_input + INPUT_RESOLUTION:
            return  # nothing new since the last look
        self._last_input = last_input
        if self._burst_last is None or last_input - self._burst_last > BURST_GAP_SECONDS:
            self._burst_start = last_input  # a new stretch begins
        self._burst_last = last_input
        assert self._burst_start is not None
        if last_input - self._burst_start >= RETURN_SECONDS:
            self._set_auto(False)
            self.wants.emit(Presence.ONLINE)

    def _set_auto(self, on: bool) -> None:
        self.auto_away = on
        self._timer.setInterval(POLL_AWAY_MS if on else POLL_ONLINE_MS)

    def _on_me_changed(self) -> None:
        me = self._state.me
        if me is None or (self.auto_away and me.presence is Presence.OFFLINE):
            # Taken offline (the connection was lost, logged out elsewhere): not ours to undo.
            self._set_auto(False)
