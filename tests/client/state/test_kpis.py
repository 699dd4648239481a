"""The dashboard's periods: whole local days, as a supervisor names them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ticketdesk.client.state.kpis import PeriodKind, period_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _days(kind: PeriodKind, today: date, **custom: date) -> tuple[datetime, datetime]:
    period = period_of(kind, today, "Asia/Shanghai", **custom)
    return period.start, period.end


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=SHANGHAI)


def test_each_period_is_whole_local_days() -> None:
    wednesday = date(2026, 12, 2)
    assert _days(PeriodKind.TODAY, wednesday) == (at(2026, 12, 2), at(2026, 12, 3))
    assert _days(PeriodKind.YESTERDAY, wednesday) == (at(2026, 12, 1), at(2026, 12, 2))
    assert _days(PeriodKind.LAST_7_DAYS, wednesday) == (at(2026, 11, 26), at(2026, 12, 3))
    # Monday to Sunday of the week before, whichever day this is (Sunday included)
    assert _days(PeriodKind.LAST_WEEK, wednesday) == (at(2026, 11, 23), at(2026, 11, 30))
    assert _days(PeriodKind.LAST_WEEK, date(2026, 12, 6)) == (at(2026, 11, 23), at(2026, 11, 30))
    assert _days(PeriodKind.LAST_WEEK, date(2026, 11, 30)) == (at(2026, 11, 23), at(2026, 11, 30))
    assert _days(PeriodKind.THIS_MONTH, wednesday) == (at(2026, 12, 1), at(2026, 12, 3))
    # a custom range runs to the end of its last day; backwards, it is that one day
    assert _days(PeriodKind.CUSTOM, wednesday, first=date(2026, 11, 1),
                 last=date(2026, 11, 30)) == (at(2026, 11, 1), at(2026, 12, 1))
    assert _days(PeriodKind.CUSTOM, wednesday, first=date(2026, 11, 5),
                 last=date(2026, 11, 1)) == (at(2026, 11, 5), at(2026, 11, 6))


def test_durations_read_as_a_report_gives_them() -> None:
    from ticketdesk.client.timefmt import format_duration

    assert [format_duration(s) for s in (None, 0, 45, 750, 1200, 5760, 9 * 3600, 40 * 3600)] == [
        "–", "0 s", "45 s", "12 min 30 s", "20 min", "1 h 36 min", "9 h", "40 h"]
    assert format_duration(185 * 3600 + 20 * 60, days=True) == "7 d 17 h"
    assert format_duration(48 * 3600, days=True) == "2 d"
