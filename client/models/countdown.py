"""One beat for every accept countdown on screen.

The inbox cell and the ticket detail count down the same offer; with a timer each they
would now and then show seconds apart. They read the time from one `CountdownTicker`
instead, which runs only while somebody shows a countdown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

COUNTDOWN_TICK_MS = 250
"""How often running countdowns are looked at; what shows a second repaints once a second."""
URGENT_SECONDS = 20
"""An offer with this little time left to accept it is shown as urgent."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class CountdownTicker(QObject):
    tick = Signal()
    """`now` moved on; countdowns should look again."""

    def __init__(
        self,
        clock: Clock = utc_now,
        parent: QObject | None = None,
        *,
        interval_ms: int = COUNTDOWN_TICK_MS,
    ) -> None:
        """``clock``: the server's time now (deadlines are the server's)."""
        super().__init__(parent)
        self._clock = clock
        self._now = clock()
        self._users: set[int] = set()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def now(self) -> datetime:
        """The time every countdown shows: the last beat's while running, else the clock's."""
        return self._now if self._timer.isActive() else self._clock()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def want(self, user: object, wanted: bool) -> None:
        """``user`` shows a countdown (``wanted``) or no longer does; runs while any does."""
        if wanted:
            if not self._users:
                self._now = self._clock()
                self._timer.start()
            self._users.add(id(user))
        else:
            self._users.discard(id(user))
            if not self._users:
                self._timer.stop()

    def _on_timeout(self) -> None:
        self._now = self._clock()
        self.tick.emit()
