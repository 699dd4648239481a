from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ticketdesk.common.models import WorkingHours
from ticketdesk.common.schedules import is_open, next_close, next_open

OFFICE = WorkingHours.model_validate(
    {
        "timezone": "Asia/Shanghai",
        "weekly": {
            d: [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]
            for d in ("mon", "tue", "wed", "thu", "fri")
        },
        "holidays": ["2026-12-25"],
    }
)


SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI).astimezone(UTC)


def test_open_inside_shifts_in_the_groups_timezone():
    assert is_open(OFFICE, shanghai(2026, 11, 25, 10))  # Wed 10:00
    assert not is_open(OFFICE, shanghai(2026, 11, 25, 12, 30))  # lunch
    assert not is_open(OFFICE, shanghai(2026, 11, 25, 18))  # end is exclusive
    assert is_open(OFFICE, shanghai(2026, 11, 25, 9))  # start is inclusive
    assert not is_open(OFFICE, shanghai(2026, 11, 28, 10))  # Saturday


def test_next_open_is_the_next_shift_start():
    assert next_open(OFFICE, shanghai(2026, 11, 25, 12, 30)) == shanghai(2026, 11, 25, 13)
    assert next_open(OFFICE, shanghai(2026, 11, 25, 19)) == shanghai(2026, 11, 26, 9)
    assert next_open(OFFICE, shanghai(2026, 11, 27, 19)) == shanghai(2026, 11, 30, 9)  # Fri→Mon
    now = shanghai(2026, 11, 25, 10)
    assert next_open(OFFICE, now) == now


def test_holidays_are_off_hours():
    christmas = shanghai(2026, 12, 25, 10)  # a Friday
    assert not is_open(OFFICE, christmas)
    assert next_open(OFFICE, christmas) == shanghai(2026, 12, 28, 9)


def test_a_schedule_that_never_opens():
    never = WorkingHours(timezone="Asia/Shanghai", weekly={})
    assert not is_open(never, shanghai(2026, 11, 25, 10))
    assert next_open(never, shanghai(2026, 11, 25, 10)) is None


def test_round_the_clock_and_midnight():
    always = WorkingHours.always()
    assert is_open(always, shanghai(2026, 11, 25, 0))
    assert next_close(always, shanghai(2026, 11, 25, 10)) > shanghai(2027, 1, 1, 0)
    late = WorkingHours.model_validate(
        {
            "timezone": "Asia/Shanghai",
            "weekly": {
                "wed": [{"start": "20:00", "end": "24:00"}],
                "thu": [{"start": "00:00", "end": "02:00"}],
            },
        }
    )
    assert next_close(late, shanghai(2026, 11, 25, 21)) == datetime(2026, 11, 25, 18, tzinfo=UTC)


def test_other_timezones_and_daylight_saving():
    berlin = WorkingHours.model_validate(
        {"timezone": "Europe/Berlin", "weekly": {"mon": [{"start": "09:00", "end": "17:00"}]}}
    )
    # Monday 30 March 2026 is after the switch to summer time (UTC+2)
    assert next_open(berlin, datetime(2026, 3, 28, 12, tzinfo=UTC)) == datetime(
        2026, 3, 30, 7, tzinfo=UTC
    )
    # Monday 26 October 2026 is back on winter time (UTC+1)
    assert next_open(berlin, datetime(2026, 10, 24, 12, tzinfo=UTC)) == datetime(
        2026, 10, 26, 8, tzinfo=UTC
    )
    assert date(2026, 10, 26).weekday() == 0


# ------------------------------------------------------------ daylight-saving changes

BERLIN = ZoneInfo("Europe/Berlin")


def _berlin(shifts: dict[str, list[dict[str, str]]]) -> WorkingHours:
    return WorkingHours.model_validate({"timezone": "Europe/Berlin", "weekly": shifts})


def utc(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_a_repeated_hour_opens_only_once():
    """2026-10-25 (Sunday) in Berlin: 03:00 CEST becomes 02:00 CET, so 02:15 happens twice,
    at 00:15 and at 01:15 UTC. A shift 02:00–02:30 is the first of them only."""
    hours = _berlin({"sun": [{"start": "02:00", "end": "02:30"}]})
    first, second = utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 1, 15)
    assert first.astimezone(BERLIN).strftime("%H:%M") == "02:15"
    assert second.astimezone(BERLIN).strftime("%H:%M") == "02:15"
    assert is_open(hours, first)
    assert not is_open(hours, second)
    assert not is_open(hours, utc(2026, 10, 25, 0, 30))  # the first 02:30: closed
    assert next_close(hours, first) == utc(2026, 10, 25, 0, 30)
    # Held during the second 02:15: released at next Sunday's 02:00 (CET), not "now".
    assert next_open(hours, second) == utc(2026, 11, 1, 1, 0)
    assert next_open(hours, utc(2026, 10, 24, 23)) == utc(2026, 10, 25, 0, 0)


def test_a_shift_across_the_repeated_hour_lasts_its_real_length():
    hours = _berlin({"sun": [{"start": "01:00", "end": "04:00"}]})
    start = next_open(hours, utc(2026, 10, 24, 12))
    assert start == utc(2026, 10, 24, 23, 0)  # 01:00 CEST
    assert next_close(hours, start) == utc(2026, 10, 25, 3, 0)  # 04:00 CET: four hours
    assert is_open(hours, utc(2026, 10, 25, 1, 15))  # the second 02:15 is inside it


def test_a_skipped_hour_never_opens():
    """2026-03-29 (Sunday) in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:00–02:30 never
    happens; a shift 02:30–06:00 opens when the clocks jump, at 03:00 CEST."""
    hours = _berlin({"sun": [{"start": "02:00", "end": "02:30"}]})
    for minute in range(0, 24 * 60, 5):
        assert not is_open(hours, utc(2026, 3, 28, 22) + timedelta(minutes=minute)), minute
    assert next_open(hours, utc(2026, 3, 28, 12)) == utc(2026, 4, 5, 0, 0)  # next Sunday 02:00
    later = _berlin({"sun": [{"start": "02:30", "end": "06:00"}]})
    assert next_open(later, utc(2026, 3, 28, 12)) == utc(2026, 3, 29, 1, 0)  # 03:00 CEST
    assert not is_open(later, utc(2026, 3, 29, 0, 59))  # 01:59 CET
    assert is_open(later, utc(2026, 3, 29, 1, 0))
    assert next_close(later, utc(2026, 3, 29, 1, 0)) == utc(2026, 3, 29, 4, 0)  # 06:00 CEST


def test_a_shift_across_the_skipped_hour_lasts_its_real_length():
    hours = _berlin({"sun": [{"start": "01:00", "end": "04:00"}]})
    start = next_open(hours, utc(2026, 3, 28, 12))
    assert start == utc(2026, 3, 29, 0, 0)  # 01:00 CET
    assert next_close(hours, start) == utc(2026, 3, 29, 2, 0)  # 04:00 CEST: two hours
