"""Working hours: is a group open at a moment, and when does its next shift start.

Schedules are evaluated in the group's own timezone; holidays are local dates on which
the group does not work at all. Pure functions of (schedule, instant).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ticketdesk.common.models import WEEKDAYS, WorkingHours

SEARCH_DAYS = 400
"""How far ahead to look for the next shift (a year of holidays and then some)."""


def _at(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    hours, minutes = (int(x) for x in hhmm.split(":"))
    if hours == 24:
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz)
    return datetime.combine(day, time(hours, minutes), tzinfo=tz)


def spans(hours: WorkingHours, day: date) -> list[tuple[datetime, datetime]]:
    """The working spans of one local date, as aware datetimes; none on a holiday."""
    if day in hours.holidays:
        return []
    tz = ZoneInfo(hours.timezone)
    shifts = hours.weekly.get(WEEKDAYS[day.weekday()], [])
    return sorted((_at(day, s.start, tz), _at(day, s.end, tz)) for s in shifts)


def is_open(hours: WorkingHours, at: datetime) -> bool:
    local = at.astimezone(ZoneInfo(hours.timezone))
    return any(start <= local < end for start, end in spans(hours, local.date()))


def next_open(hours: WorkingHours, at: datetime) -> datetime | None:
    """``at`` itself when open, else the start of the next shift (UTC); None if it never opens."""
    if is_open(hours, at):
        return at
    local = at.astimezone(ZoneInfo(hours.timezone))
    for offset in range(SEARCH_DAYS):
        for start, _ in spans(hours, local.date() + timedelta(days=offset)):
            if start > local:
                return start.astimezone(UTC)
    return None


def next_close(hours: WorkingHours, at: datetime) -> datetime | None:
    """When the current stretch of working time ends (spans that touch are one stretch)."""
    if not is_open(hours, at):
        return None
    local = at.astimezone(ZoneInfo(hours.timezone))
    end = local
    for offset in range(-1, SEARCH_DAYS):
        for start, stop in spans(hours, local.date() + timedelta(days=offset)):
            if start <= end < stop:
                end = stop
    return end.astimezone(UTC)
