"""Reconnect backoff with jitter: after a restart, clients do not all retry in step."""

from __future__ import annotations

import random

from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import free_port
from ticketdesk.client.net.backoff import LIVE_MAX_MS, LIVE_MIN_MS, Backoff
from ticketdesk.client.net.live import LiveClient


def within_steps(delays: list[int], min_ms: int, max_ms: int) -> bool:
    step = min_ms
    for delay in delays:
        if not step / 2 <= delay <= step:
            return False
        step = min(step * 2, max_ms)
    return True


def test_delays_double_up_to_the_cap_each_within_its_step() -> None:
    backoff = Backoff(500, 10_000, rng=random.Random(7))
    delays = [backoff.next_ms() for _ in range(12)]
    assert within_steps(delays, 500, 10_000)
    assert max(delays) <= 10_000 and delays[-1] >= 5_000  # capped, and reached the cap
    backoff.reset()
    assert 250 <= backoff.next_ms() <= 500


def test_after_a_long_outage_the_live_client_tries_again_within_four_seconds(
    qtbot: QtBot,
) -> None:
    # The desktop client's own steps: a restarted server has its office back within the cap.
    backoff = Backoff(LIVE_MIN_MS, LIVE_MAX_MS, rng=random.Random(3))
    delays = [backoff.next_ms() for _ in range(40)]  # minutes of refused attempts
    assert within_steps(delays, LIVE_MIN_MS, LIVE_MAX_MS)
    assert max(delays[-30:]) <= 4_000 and min(delays[-30:]) >= 2_000
    assert LiveClient()._backoff.max_ms == LIVE_MAX_MS == 4_000


def test_two_clients_retrying_a_dead_server_wait_differently_within_bounds(
    qtbot: QtBot,
) -> None:
    port = free_port()  # nothing listens: every attempt is refused at once
    clients = [LiveClient(min_backoff_ms=40, max_backoff_ms=160) for _ in range(2)]
    try:
        for client in clients:
            client.start(f"http://127.0.0.1:{port}", "token")
        qtbot.waitUntil(
            lambda: all(len(c.recent_delays_ms) >= 6 for c in clients), timeout=TIMEOUT_MS
        )
    finally:
        for client in clients:
            client.stop()
    first, second = (list(c.recent_delays_ms)[:6] for c in clients)
    assert within_steps(first, 40, 160) and within_steps(second, 40, 160)
    assert first != second  # the same schedule would send them back in step
