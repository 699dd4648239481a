"""Reconnect delays: exponential backoff with jitter.

After a server restart every client reconnects at once; without jitter they would all retry
in the same instants. Each delay is drawn from the upper half of its step ("equal jitter"),
so clients spread out while none waits longer than the step's cap.
"""

from __future__ import annotations

import random

LIVE_MIN_MS = 500
LIVE_MAX_MS = 4_000
"""The live connection's steps: 0.5 s doubling to 4 s. The cap was 10 s; but after an outage
of minutes every client sits at the cap, so the server, once back, waited up to a whole cap
for its last client (a 1,000-client restart measured 14.7 s from the first client's return
to the last's, bench/connections.py --resume-storm). What a lower cap costs is only more
attempts while the server is down, each refused at once by the kernel (no server work): at
4 s, 1,000 clients knock ~330 times a second instead of ~130, nothing for an office LAN.
Once the server answers, its clients arrive spread over 2 s (the upper half of the step),
which the batched token check takes in its stride. Not lower: a server that is up but
struggling should not be hammered by its whole office every second."""


class Backoff:
    def __init__(self, min_ms: int, max_ms: int, *, rng: random.Random | None = None) -> None:
        self.min_ms, self.max_ms = min_ms, max_ms
        self._step = min_ms
        self._rng = rng or random.Random()

    def reset(self) -> None:
        self._step = self.min_ms

    def next_ms(self) -> int:
        """The delay before the next attempt, in [step / 2, step]; the step then doubles up to
        ``max_ms``."""
        step = self._step
        self._step = min(self._step * 2, self.max_ms)
        return self.jittered(step)

    def first_ms(self) -> int:
        """A delay at the smallest step (e.g. after being dropped as too slow)."""
        return self.jittered(self.min_ms)

    def jittered(self, step: int) -> int:
        return round(self._rng.uniform(step / 2, step))
