from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ticketdesk.common.models import WorkingHours
from ticketdesk.server.services.schedules import is_open, next_close, next_open

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
