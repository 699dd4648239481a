"""A week of working time as half-hour slots, and back to the wire's weekly shifts.

The grid editor paints slots; the server stores ``{"mon": [{"start", "end"}], …}``. A
contiguous run of working slots is one shift, and a run that reaches midnight ends at
``"24:00"``. Shifts not on the half hour are widened to the slots they touch."""

from __future__ import annotations

from ticketdesk.common.models.groups import WEEKDAYS

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES

Week = list[list[bool]]
"""``week[day][slot]``: day 0 is Monday, slot 0 is 00:00–00:30."""

Weekly = dict[str, list[dict[str, str]]]


def empty_week() -> Week:
    return [[False] * SLOTS_PER_DAY for _ in WEEKDAYS]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def slot_time(slot: int) -> str:
    """The time at which a slot starts; ``SLOTS_PER_DAY`` is "24:00"."""
    minutes = slot * SLOT_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def week_from_weekly(weekly: dict[str, list[object]]) -> Week:
    """Slots from shifts (``Shift`` models or ``{"start", "end"}`` dicts)."""
    week = empty_week()
    for day, name in enumerate(WEEKDAYS):
        for shift in weekly.get(name, []):
            start = shift["start"] if isinstance(shift, dict) else shift.start  # type: ignore[attr-defined]
            end = shift["end"] if isinstance(shift, dict) else shift.end  # type: ignore[attr-defined]
            first = _minutes(start) // SLOT_MINUTES
            last = -(-_minutes(end) // SLOT_MINUTES)  # a shift ending 17:45 covers 17:30–18:00
            for slot in range(first, min(last, SLOTS_PER_DAY)):
                week[day][slot] = True
    return week


def day_shifts(slots: list[bool]) -> list[tuple[int, int]]:
    """The runs of working slots of one day as (first slot, end slot)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for slot, working in enumerate([*slots, False]):
        if working and start is None:
            start = slot
        elif not working and start is not None:
            runs.append((start, slot))
            start = None
    return runs


def weekly_from_week(week: Week) -> Weekly:
    """Shifts from slots; a day without working time is left out (the wire's day off)."""
    weekly: Weekly = {}
    for day, name in enumerate(WEEKDAYS):
        shifts = [{"start": slot_time(a), "end": slot_time(b)} for a, b in day_shifts(week[day])]
        if shifts:
            weekly[name] = shifts
    return weekly


def weekly_minutes(week: Week) -> int:
    return sum(day.count(True) for day in week) * SLOT_MINUTES
