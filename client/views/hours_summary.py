"""The weekly working hours in words, under the grid: days with the same shifts together."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ticketdesk.common.models.groups import WEEKDAYS

from ..models.hours import Weekly

translate = QCoreApplication.translate  # the name lupdate looks for


def day_names() -> list[str]:
    return [
        translate("HoursSummary", "Mon"),
        translate("HoursSummary", "Tue"),
        translate("HoursSummary", "Wed"),
        translate("HoursSummary", "Thu"),
        translate("HoursSummary", "Fri"),
        translate("HoursSummary", "Sat"),
        translate("HoursSummary", "Sun"),
    ]


def _days_text(days: list[int]) -> str:
    """"Mon–Fri" for a run of days, "Mon, Wed" otherwise."""
    names = day_names()
    # The list separator is the language's: "Sat, Sun"; "周六、周日".
    comma = translate("HoursSummary", ", ")
    parts: list[str] = []
    run: list[int] = []
    for day in [*days, -2]:
        if run and day == run[-1] + 1:
            run.append(day)
            continue
        if run:
            parts.append(
                names[run[0]] if len(run) == 1
                else f"{names[run[0]]}{comma}{names[run[1]]}" if len(run) == 2
                else f"{names[run[0]]}–{names[run[-1]]}"
            )
        run = [day]
    return comma.join(parts)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def hours_summary(weekly: Weekly) -> str:
    """E.g. "Mon–Fri 09:00–12:00, 13:00–18:00 · Sat 10:00–16:00 · closed Sun · 46 h a week"."""
    if not weekly:
        return translate("HoursSummary", "No working time: the group never opens.")
    by_shifts: dict[str, list[int]] = {}
    closed: list[int] = []
    for day, name in enumerate(WEEKDAYS):
        shifts = weekly.get(name, [])
        if not shifts:
            closed.append(day)
            continue
        key = ", ".join(f"{s['start']}–{s['end']}" for s in shifts)
        by_shifts.setdefault(key, []).append(day)
    parts = [f"{_days_text(days)} {key}" for key, days in by_shifts.items()]
    if closed:
        parts.append(translate("HoursSummary", "closed {days}").format(days=_days_text(closed)))
    minutes = sum(
        _minutes(s["end"]) - _minutes(s["start"]) for shifts in weekly.values() for s in shifts
    )
    hours = f"{minutes / 60:g}"
    parts.append(translate("HoursSummary", "{hours} h a week").format(hours=hours))
    return " · ".join(parts)
