"""Business-time arithmetic on a group's working hours: the SLA clocks' calendar.

Built on :func:`schedules.spans` — the same calendar code the assignment engine uses — so a
group's timezone, weekly shifts, holidays and daylight-saving changes mean the same thing to
routing and to due times. Shifts that touch (22:00–24:00 then 00:00–06:00 the next day, as
the hours editor stores an overnight shift) are one stretch: a clock running through
midnight does not stop or restart there.

The working spans are laid out once per schedule as a timeline of integer microseconds with
running totals of working time, so adding business time or measuring it between two
instants is a binary search (recomputing 100,000 due times after a calendar change is
arithmetic, not a walk over days per ticket).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ticketdesk.common.models import WorkingHours

from . import schedules

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
MINUTE_US = 60_000_000
CHUNK_DAYS = 64
"""Days of spans laid out at a time when a question reaches past the timeline."""
HORIZON_DAYS = 3_660
"""How far from the first question the timeline may grow (ten years): a target that would
take longer than that to reach has no due time."""


def _us(at: datetime) -> int:
    return (at.astimezone(UTC) - EPOCH) // US


def _at(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


class BusinessCalendar:
    """The working time of one schedule, as merged spans with running totals."""

    def __init__(self, hours: WorkingHours) -> None:
        self.hours = hours
        self._tz = ZoneInfo(hours.timezone)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._before: list[int] = []  # working time before each span's start
        self._through: list[int] = []  # working time up to each span's end
        # Request handlers and the dispatch loop share one layout per schedule.
        self._lock = threading.Lock()
        self._first: date | None = None  # local dates laid out: [_first, _last)
        self._last: date | None = None
        self._origin: date | None = None
        self._safe = (0, -1)  # instants (µs) answered without looking at dates

    # --- laying out the timeline -------------------------------------------------------
    def _layout(self, first: date, last: date) -> None:
        """Lay out the local dates [first, last) afresh (totals count from ``first``)."""
        starts: list[int] = []
        ends: list[int] = []
        day = first
        while day < last:
            for start, end in schedules.spans(self.hours, day):
                s, e = _us(start), _us(end)
                if ends and s <= ends[-1]:  # touching or overlapping: one stretch
                    ends[-1] = max(ends[-1], e)
                else:
                    starts.append(s)
                    ends.append(e)
            day += timedelta(days=1)
        before, through, total = [], [], 0
        for s, e in zip(starts, ends, strict=True):
            before.append(total)
            total += e - s
            through.append(total)
        self._starts, self._ends, self._before, self._through = starts, ends, before, through
        self._first, self._last = first, last
        # Two days inside either edge: covered whatever the offset (the checks below in
        # dates keep a day to spare; UTC offsets are under a day).
        self._safe = (_us(datetime.combine(first + timedelta(days=2), time(), UTC)),
                      _us(datetime.combine(last - timedelta(days=2), time(), UTC)))

    def _cover(self, us: int) -> bool:
        """Make sure the timeline covers instant ``us`` with a day to spare either side;
        False when that would reach past the horizon."""
        if self._safe[0] <= us < self._safe[1]:
            return True  # the common case, without a timezone conversion
        day = _at(us).astimezone(self._tz).date()
        if self._origin is None:
            self._origin = day
        if abs((day - self._origin).days) > HORIZON_DAYS:
            return False
        first, last = self._first, self._last
        if first is not None and last is not None and first < day < last - timedelta(days=1):
            return True
        lo = day - timedelta(days=2) if first is None else min(first, day - timedelta(days=2))
        hi = day + timedelta(days=CHUNK_DAYS) if last is None else max(
            last, day + timedelta(days=CHUNK_DAYS))
        self._layout(lo, hi)
        return True

    def _extend(self) -> bool:
        """Lay out another chunk of days ahead; False past the horizon."""
        assert self._first is not None and self._last is not None and self._origin is not None
        if (self._last - self._origin).days > HORIZON_DAYS:
            return False
        self._layout(self._first, self._last + timedelta(days=CHUNK_DAYS))
        return True

    def _worked_until(self, us: int) -> int:
        """Working time from the timeline's start to ``us`` (covered)."""
        i = bisect_right(self._starts, us) - 1
        if i < 0:
            return 0
        return self._before[i] + min(us, self._ends[i]) - self._starts[i]

    # --- the questions -----------------------------------------------------------------
    def between_us(self, a: datetime, b: datetime) -> int | None:
        """Working microseconds from ``a`` to ``b`` (negative when ``b`` is earlier)."""
        ua, ub = _us(a), _us(b)
        with self._lock:
            if not (self._cover(ua) and self._cover(ub)):
                return None
            return self._worked_until(ub) - self._worked_until(ua)

    def add_us(self, start: datetime, amount: int) -> datetime | None:
        """The instant when ``amount`` microseconds of working time have passed since
        ``start``: inside a working span or at its end (a clock that runs out exactly at
        closing time is due at closing, not at the next opening). For ``amount`` 0, the
        first working instant at or after ``start``. None if it never comes."""
        if amount < 0:
            raise ValueError("business time to add must not be negative")
        us = _us(start)
        with self._lock:
            if not self._cover(us):
                return None
            target = self._worked_until(us) + amount
            while True:
                # amount > 0: the first span whose end reaches the target (due at its
                # closing if exactly); 0: the first span ending after it (never a closing).
                j = (bisect_left(self._through, target) if amount else
                     bisect_right(self._through, target))
                if j < len(self._starts):
                    return _at(max(us, self._starts[j] + target - self._before[j]))
                if not self._extend():
                    return None


@lru_cache(maxsize=256)
def _calendar(key: str) -> BusinessCalendar:
    return BusinessCalendar(WorkingHours.model_validate_json(key))


def calendar(hours: WorkingHours | BusinessCalendar) -> BusinessCalendar:
    """One timeline per distinct schedule, shared (a group's tickets reuse its layout); a
    calendar passed in is itself (a bulk pass looks its groups' up once)."""
    if isinstance(hours, BusinessCalendar):
        return hours
    return _calendar(hours.model_dump_json())


def add_business_minutes(hours: WorkingHours | BusinessCalendar, start: datetime,
                         minutes: float) -> datetime | None:
    """``start`` plus ``minutes`` of the schedule's working time (see ``add_us``)."""
    return calendar(hours).add_us(start, round(minutes * MINUTE_US))


def business_minutes_between(hours: WorkingHours | BusinessCalendar, a: datetime,
                             b: datetime) -> float:
    """Working minutes from ``a`` to ``b`` on the schedule (negative when ``b`` < ``a``); 0
    where the question reaches past the horizon."""
    worked = calendar(hours).between_us(a, b)
    return 0.0 if worked is None else worked / MINUTE_US
