"""Times as users read them: a clock time says its day when it is not today."""

from __future__ import annotations

from datetime import datetime, timedelta

from ticketdesk.client.timefmt import format_clock, local


def test_a_clock_time_of_another_day_says_which() -> None:
    now = local(datetime(2026, 11, 26, 15, 0).astimezone())
    assert format_clock(now - timedelta(hours=1), now) == "14:00:00"
    assert format_clock(now - timedelta(days=1), now) == "11-25 15:00:00"
    assert format_clock(now - timedelta(days=365), now) == "2025-11-26 15:00:00"
    assert format_clock(None, now) == ""
