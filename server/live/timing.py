"""Where a pushed event spends its time in this process, and how late the event loop runs.

Under load an event can wait at every hand-over on its way from the NOTIFY to a client's
socket: for the reader to start, for the database, for the event loop to take the batch, for
the client's sender to run. These histograms say which (``/metrics``:
``ticketdesk_live_push_seconds`` by stage, ``ticketdesk_event_loop_lag_seconds``); the push
bench reads them before and after its run (``bench/push_latency.py``).
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

BUCKETS = (
    0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1,
    0.15, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0,
)
"""Upper bounds in seconds: fine below 100 ms, where the push's target is."""

STAGES = ("wait", "read", "handoff", "send", "total")
"""``wait``: from the first notification of a batch to its read starting; ``read``: the read
and encoding (off the event loop); ``handoff``: from the read done to the event loop taking
the batch; ``send``: from then to the message written to a client's socket (per recipient);
``total``: from the notification to the socket (per recipient)."""


@dataclass(slots=True)
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    total: float = 0.0

    def observe(self, seconds: float) -> None:
        self.counts[bisect.bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds

    def cumulative(self) -> Iterator[tuple[str, int]]:
        """(upper bound, count at or below it), Prometheus's way; the last is ``+Inf``."""
        running = 0
        for bound, count in zip((*map(str, BUCKETS), "+Inf"), self.counts, strict=True):
            running += count
            yield bound, running


@dataclass(frozen=True, slots=True)
class Batch:
    """When one batch of events reached each hand-over (``time.perf_counter()``)."""

    notified: float
    offered: float


class PushTimings:
    def __init__(self) -> None:
        self.stages = {stage: Histogram() for stage in STAGES}
        self.loop_lag = Histogram()

    def batch(self, notified: float, started: float, read: float, offered: float) -> Batch:
        self.stages["wait"].observe(started - notified)
        self.stages["read"].observe(read - started)
        self.stages["handoff"].observe(offered - read)
        return Batch(notified, offered)

    def sent(self, batch: Batch) -> None:
        now = time.perf_counter()
        self.stages["send"].observe(now - batch.offered)
        self.stages["total"].observe(now - batch.notified)

    async def probe_loop(self, every: float = 0.05) -> None:
        """How much later than asked a timer fires: the time anything queued in the event
        loop waits before it runs (other callbacks ahead of it, or the GIL)."""
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(every)
            self.loop_lag.observe(max(0.0, time.perf_counter() - asked - every))
