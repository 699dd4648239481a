"""Reconnect delays: exponential backoff with jitter.

After a server restart every client reconnects at once; without jitter they would all retry
in the same instants. Each delay is drawn from the upper half of its step ("equal jitter"),
so clients spread out while none waits longer than the step's cap.
"""

from __future__ import annotations

import random


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
