"""Business-time arithmetic with known answers, and properties over generated calendars."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketdesk.common.business_time import (
    add_business_minutes,
    business_minutes_between,
)
from ticketdesk.common.models import WEEKDAYS, WorkingHours
from ticketdesk.common.schedules import is_open, next_close, next_open

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def hours(timezone="Asia/Shanghai", days=("mon", "tue", "wed", "thu", "fri"),
          shifts=(("09:00", "18:00"),), holidays=()):
    return WorkingHours.model_validate({
        "timezone": timezone,
        "weekly": {d: [{"start": s, "end": e} for s, e in shifts] for d in days},
        "holidays": list(holidays),
    })


def local(tz, y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=tz)


OFFICE = hours()


def test_friday_afternoon_plus_four_business_hours_is_monday_noon():
    created = local(SHANGHAI, 2026, 11, 27, 17, 30)  # a Friday
    due = add_business_minutes(OFFICE, created, 240)
    assert due == local(SHANGHAI, 2026, 11, 30, 12, 30)
    assert due.tzinfo is not None and due.utcoffset() == timedelta(0)  # UTC out
    assert business_minutes_between(OFFICE, created, due) == 240
    assert business_minutes_between(OFFICE, due, created) == -240


def test_a_target_that_runs_out_at_closing_is_due_at_closing():
    friday = local(SHANGHAI, 2026, 11, 27, 17, 30)
    assert add_business_minutes(OFFICE, friday, 30) == local(SHANGHAI, 2026, 11, 27, 18)
    # A zero target outside hours is due when the group next opens, never at a closing.
    assert add_business_minutes(OFFICE, friday.replace(hour=18), 0) == local(
        SHANGHAI, 2026, 11, 30, 9)


def test_holidays_are_skipped():
    with_monday_off = hours(holidays=["2026-11-30"])
    due = add_business_minutes(with_monday_off, local(SHANGHAI, 2026, 11, 27, 17, 30), 240)
    assert due == local(SHANGHAI, 2026, 12, 1, 12, 30)  # Tuesday


def test_a_shanghai_group_seen_from_berlin():
    # Friday 10:30 in Berlin is 17:30 in Shanghai (winter, seven hours apart): the group's
    # own hours count, not the viewer's.
    created = local(BERLIN, 2026, 11, 27, 10, 30)
    due = add_business_minutes(OFFICE, created, 240)
    assert due == local(SHANGHAI, 2026, 11, 30, 12, 30)
    assert due.astimezone(BERLIN) == local(BERLIN, 2026, 11, 30, 5, 30)


def test_daylight_saving_changes_in_the_groups_timezone():
    berlin_office = hours(timezone="Europe/Berlin")
    # Clocks go forward on Sunday 29 March 2026: Friday 17:00 CET + 2 h is Monday 10:00
    # CEST, which is 08:00 UTC (not 09:00).
    due = add_business_minutes(berlin_office, local(BERLIN, 2026, 3, 27, 17), 120)
    assert due == local(BERLIN, 2026, 3, 30, 10)
    assert due.astimezone(UTC).hour == 8
    # Round the clock across the change: the short Sunday has 23 working hours.
    always = WorkingHours.always("Europe/Berlin")
    saturday_noon = local(BERLIN, 2026, 3, 28, 12)
    assert add_business_minutes(always, saturday_noon, 24 * 60) == local(BERLIN, 2026, 3, 29, 13)
    # And the long Sunday in October has 25.
    assert business_minutes_between(
        always, local(BERLIN, 2026, 10, 25, 0), local(BERLIN, 2026, 10, 26, 0)) == 25 * 60


def test_overnight_shifts_run_through_midnight():
    # 22:00–06:00 Monday night to Saturday morning, stored as the hours editor stores it.
    late, early = {"start": "22:00", "end": "24:00"}, {"start": "00:00", "end": "06:00"}
    night = WorkingHours.model_validate({
        "timezone": "Asia/Shanghai",
        "weekly": {"mon": [late], "tue": [early, late], "wed": [early, late],
                   "thu": [early, late], "fri": [early, late], "sat": [early]},
    })
    monday = local(SHANGHAI, 2026, 11, 23, 23, 30)
    assert add_business_minutes(night, monday, 60) == local(SHANGHAI, 2026, 11, 24, 0, 30)
    # Tuesday 05:30 + 1 h: half an hour that night, half an hour the next.
    assert add_business_minutes(night, local(SHANGHAI, 2026, 11, 24, 5, 30), 60) == local(
        SHANGHAI, 2026, 11, 24, 22, 30)
    # Saturday 05:00 + 2 h: one hour left that shift, then Monday night.
    assert add_business_minutes(night, local(SHANGHAI, 2026, 11, 28, 5), 120) == local(
        SHANGHAI, 2026, 11, 30, 23)


def test_a_schedule_missing_weekdays():
    tue_thu = hours(days=("tue", "thu"), shifts=(("10:00", "14:00"),))
    wednesday = local(SHANGHAI, 2026, 11, 25, 12)
    assert add_business_minutes(tue_thu, wednesday, 240) == local(SHANGHAI, 2026, 11, 26, 14)
    assert add_business_minutes(tue_thu, wednesday, 300) == local(SHANGHAI, 2026, 12, 1, 11)
    assert business_minutes_between(tue_thu, wednesday, local(SHANGHAI, 2026, 12, 3, 0)) == 480


def test_a_schedule_that_never_opens_has_no_due_time():
    never = WorkingHours(timezone="Asia/Shanghai", weekly={})
    assert add_business_minutes(never, local(SHANGHAI, 2026, 11, 25, 10), 60) is None
    assert business_minutes_between(never, local(SHANGHAI, 2026, 11, 25, 10),
                                    local(SHANGHAI, 2026, 12, 25, 10)) == 0


def test_far_targets_and_far_questions():
    start = local(SHANGHAI, 2026, 11, 25, 10)
    # 200 working days of 9 hours: the timeline grows as far as the question needs.
    due = add_business_minutes(OFFICE, start, 200 * 9 * 60)
    assert due is not None and due > start + timedelta(days=270)
    assert business_minutes_between(OFFICE, start, due) == 200 * 9 * 60
    # Earlier than anything asked before still works (the timeline grows backwards too).
    earlier = start - timedelta(days=365)
    assert business_minutes_between(OFFICE, earlier, start) > 0


# --- properties -------------------------------------------------------------------------

ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe"]


@st.composite
def calendars(draw):
    weekly = {}
    for day in draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True)):
        cuts = sorted(draw(st.lists(st.integers(0, 48), min_size=2, max_size=6, unique=True)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        weekly[day] = [{"start": f"{a // 2:02d}:{a % 2 * 30:02d}",
                        "end": f"{b // 2:02d}:{b % 2 * 30:02d}"} for a, b in pairs]
    holidays = draw(st.lists(st.dates(date(2026, 1, 1), date(2027, 6, 30)), max_size=30))
    return WorkingHours.model_validate(
        {"timezone": draw(st.sampled_from(ZONES)), "weekly": weekly, "holidays": holidays})


instants = st.datetimes(datetime(2026, 1, 1), datetime(2027, 1, 1), timezones=st.just(UTC))


def _walk(schedule, start, minutes):
    """An independent answer: hop from opening to closing with the engine's own calls."""
    at, left = start, timedelta(minutes=minutes)
    while True:
        at = next_open(schedule, at)
        if at is None:
            return None
        close = next_close(schedule, at)
        if close - at >= left and (left or close > at):
            return at + left
        left -= close - at
        at = close


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=calendars(), start=instants, minutes=st.integers(0, 3_000))
def test_due_times_fall_in_working_hours_after_creation_with_the_target_between(
        schedule, start, minutes):
    due = add_business_minutes(schedule, start, minutes)
    assert due is not None  # every generated calendar works some time each week
    assert due >= start
    if minutes:
        # In working time, or at the very end of a span (due at closing).
        assert is_open(schedule, due) or is_open(schedule, due - timedelta(microseconds=1))
    else:
        assert is_open(schedule, due)
    assert business_minutes_between(schedule, start, due) == minutes
    assert due == _walk(schedule, start, minutes)


@settings(max_examples=30, deadline=None)
@given(schedule=calendars(), a=instants, b=instants, c=instants)
def test_business_time_adds_up_along_the_way(schedule, a, b, c):
    a, b, c = sorted((a, b, c))
    ab = business_minutes_between(schedule, a, b)
    bc = business_minutes_between(schedule, b, c)
    assert ab >= 0 and bc >= 0
    assert abs(business_minutes_between(schedule, a, c) - (ab + bc)) < 1e-6
    assert ab <= (b - a).total_seconds() / 60 + 1e-6
