"""The server's clock as seen from this workstation.

Deadlines (an offer's ``accept_deadline``) are the server's times; a workstation whose clock
is a minute off would show every countdown a minute wrong. Each time the server tells us
what time it is — the ``Date`` of an HTTP answer, the ``created_at`` of a live event that
just arrived — that time, less our own clock at arrival, is a lower bound of the offset
between the two clocks (the message was on its way for a while). The largest of the recent
bounds is the estimate; it is never later than the server's real time by more than the
quickest recent trip took.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

SAMPLES = 32
"""Recent bounds kept; older ones age out, so a corrected local clock is followed."""

MAX_OFFSET = timedelta(days=2)
"""A bound further out than this is nonsense (a bad header), not a clock."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class ServerClock:
    def __init__(self, local: Callable[[], datetime] = utc_now) -> None:
        self._local = local
        self._bounds: deque[float] = deque(maxlen=SAMPLES)

    def observe(self, server_time: datetime, received: datetime | None = None) -> None:
        """The server said it was ``server_time`` in a message that arrived at ``received``
        (our clock; default: now)."""
        if server_time.tzinfo is None:
            server_time = server_time.replace(tzinfo=UTC)
        bound = server_time - (received or self._local())
        if abs(bound) <= MAX_OFFSET:
            self._bounds.append(bound.total_seconds())

    @property
    def offset(self) -> timedelta:
        """Server time minus local time (zero until the server has said anything)."""
        return timedelta(seconds=max(self._bounds)) if self._bounds else timedelta(0)

    def now(self) -> datetime:
        """The server's time now, as well as we can tell."""
        return self._local() + self.offset

    def reset(self) -> None:
        """Forget what we learnt (another server)."""
        self._bounds.clear()
