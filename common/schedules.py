"""Working hours: is a group open at a moment, and when does its next shift start.

Schedules are evaluated in the group's own timezone; holidays are local dates on which
the group does not work at all. Pure functions of (schedule, instant). Every comparison is
between UTC instants, so daylight-saving changes count as they happen (see ``_instant``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ticketdesk.common.models import WEEKDAYS, WorkingHours

SEARCH_DAYS = 400
"""How far ahead to look for the next shift (a year of holidays and then some)."""


def _instant(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    """The UTC instant a local wall-clock time names, on days when clocks change too: a
    time that happens twice (clocks go back) means its first occurrence; a time that never
    happens (clocks go forward) means the moment the clocks jump over it — when the wall
    clock first shows it or later. "24:00" is midnight at the end of the day."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    if hours == 24:
        day, hours = day + timedelta(days=1), 0
    wall = datetime.combine(day, time(hours, minutes))
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap: fold=0 reads the wall time with the offset before the jump, fold=1 with the
    # one after, so the jump lies between the two instants. Find it (to the second).
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def spans(hours: WorkingHours, day: date) -> list[tuple[datetime, datetime]]:
    """The working spans of one local date, as UTC instants; none on a holiday. A shift that
    falls entirely in a skipped hour is empty and left out."""
    if day in hours.holidays:
        return []
    tz = ZoneInfo(hours.timezone)
    shifts = hours.weekly.get(WEEKDAYS[day.weekday()], [])
    out = [(_instant(day, s.start, tz), _instant(day, s.end, tz)) for s in shifts]
    return sorted((start, end) for start, end in out if start < end)


def _days_around(hours: WorkingHours, at: datetime) -> list[date]:
    """The local dates whose spans can contain ``at`` (its own, and the day before for a
    shift ending at 24:00)."""
    local = at.astimezone(ZoneInfo(hours.timezone)).date()
    return [local - timedelta(days=1), local]


def is_open(hours: WorkingHours, at: datetime) -> bool:
    # Instants, not wall-clock readings: aware datetimes of one tzinfo compare by their wall
    # clock, so 02:15 before and after the clocks go back would look alike.
    at = at.astimezone(UTC)
    return any(
        start <= at < end for day in _days_around(hours, at) for start, end in spans(hours, day)
    )


def next_open(hours: WorkingHours, at: datetime) -> datetime | None:
    """``at`` itself when open, else the start of the next shift (UTC); None if it never opens."""
    if is_open(hours, at):
        return at
    at = at.astimezone(UTC)
    first_day = at.astimezone(ZoneInfo(hours.timezone)).date()
    for offset in range(SEARCH_DAYS):
        for start, _ in spans(hours, first_day + timedelta(days=offset)):
            if start > at:
                return start
    return None


def next_close(hours: WorkingHours, at: datetime) -> datetime | None:
    """When the current stretch of working time ends (spans that touch are one stretch)."""
    if not is_open(hours, at):
        return None
    end = at.astimezone(UTC)
    first_day = end.astimezone(ZoneInfo(hours.timezone)).date()
    for offset in range(-1, SEARCH_DAYS):
        for start, stop in spans(hours, first_day + timedelta(days=offset)):
            if start <= end < stop:
                end = stop
    return end
