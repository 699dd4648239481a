"""Live events gathered into batches, so that a burst repaints the window once, not once
per event."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from ticketdesk.common.models import LiveMessage

BATCH_QUIET_MS = 40
"""Live events are applied in batches: once none has come for this long…"""
BATCH_MAX_MS = 1000
"""…or once the first of them has waited this long. A replayed backlog arrives back to back
and so lands as one batch: one repaint per ticket, however many steps it took…"""
BATCH_MAX_EVENTS = 200
"""…or once this many have come: a busy stream (1,000 events a second) is applied in fifths
of a second, each a short task for the window (with 100,000 tickets cached, a batch of
1,000 kept it from answering for about 0.1 s)."""


class LiveBatcher(QObject):
    """Collects messages and hands them to ``apply`` as one list, by the rules above."""

    def __init__(
        self, apply: Callable[[list[LiveMessage]], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._apply = apply
        self._incoming: list[LiveMessage] = []
        self._incoming_since = 0.0
        self._timer = QTimer(self, singleShot=True, interval=BATCH_QUIET_MS)
        self._timer.timeout.connect(self.flush)

    def add(self, message: LiveMessage) -> None:
        now = time.monotonic()
        if not self._incoming:
            self._incoming_since = now
        self._incoming.append(message)
        waited_ms = (now - self._incoming_since) * 1000
        if waited_ms >= BATCH_MAX_MS or len(self._incoming) >= BATCH_MAX_EVENTS:
            self.flush()
        else:
            self._timer.start()  # (re)start the quiet period

    def flush(self) -> None:
        """Apply what has come so far, now."""
        self._timer.stop()
        messages, self._incoming = self._incoming, []
        self._apply(messages)

    def clear(self) -> None:
        """Forget what has come (the session ended)."""
        self._timer.stop()
        self._incoming.clear()
