"""Times as users read them: the API speaks UTC; people read their own local time."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # the name lupdate looks for


def local(moment: datetime) -> datetime:
    """The moment in this workstation's timezone."""
    if moment.tzinfo is None:  # the API always sends UTC; be safe with naive values
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def format_time(moment: datetime | None) -> str:
    """``2026-11-25 20:22`` in local time; the same shape in every language."""
    if moment is None:
        return ""
    return local(moment).strftime("%Y-%m-%d %H:%M")


def format_clock(moment: datetime | None, now: datetime | None = None) -> str:
    """``20:22:05`` in local time, for moments close at hand (an accept deadline); one on
    another day says which (``11-26 08:10:00``; with the year if not this one): a list of
    the engine's decisions reaches back past midnight."""
    if moment is None:
        return ""
    at, today = local(moment), local(now or datetime.now(UTC))
    if at.date() == today.date():
        return at.strftime("%H:%M:%S")
    if at.year == today.year:
        return at.strftime("%m-%d %H:%M:%S")
    return at.strftime("%Y-%m-%d %H:%M:%S")


def format_age(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, coarse enough for a queue: ``just now``, ``5 min``, ``3 h 20 min``,
    ``2 d 4 h``."""
    now = now or datetime.now(UTC)
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        return translate("Age", "just now")
    if minutes < 60:
        return translate("Age", "{m} min").format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes == 0:
            return translate("Age", "{h} h").format(h=hours)
        return translate("Age", "{h} h {m} min").format(h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    if hours == 0:
        return translate("Age", "{d} d").format(d=days)
    return translate("Age", "{d} d {h} h").format(d=days, h=hours)


def seconds_left(deadline: datetime, now: datetime) -> int:
    """Whole seconds until ``deadline`` (to the nearest, never below zero): what a countdown
    shows. (Rounded, not up: ``now`` is a little behind — the countdowns' last beat, a clock
    estimate that errs early — and rounding up would show a 3-second offer as 0:04.)"""
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    remaining = (deadline - now).total_seconds()
    return max(0, math.floor(remaining + 0.5))


def format_countdown(seconds: int) -> str:
    """``1:05`` (minutes and seconds), or ``2:00:00`` from an hour on."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_wait(seconds: float) -> str:
    """A wait, coarse: ``45 s``, ``3 min``, ``1 h 5 min``."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return translate("Age", "{s} s").format(s=seconds)
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return translate("Age", "{m} min").format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if minutes == 0:
        return translate("Age", "{h} h").format(h=hours)
    return translate("Age", "{h} h {m} min").format(h=hours, m=minutes)


def format_duration(seconds: float | None, *, days: bool = False) -> str:
    """A measured duration, for reports: ``45 s``, ``12 min 30 s``, ``1 h 36 min``,
    ``40 h``; hours are folded into days only with ``days`` (an age: ``7 d 17 h``), since a
    week online reads best as ``40 h``. None (nothing measured) is ``–``."""
    if seconds is None:
        return "–"
    seconds = max(0, round(seconds))
    if seconds < 60:
        return translate("Age", "{s} s").format(s=seconds)
    if seconds < 3600:
        minutes, secs = divmod(seconds, 60)
        if secs == 0:
            return translate("Age", "{m} min").format(m=minutes)
        return translate("Age", "{m} min {s} s").format(m=minutes, s=secs)
    hours, minutes = divmod(round(seconds / 60), 60)
    if days and hours >= 24:
        whole_days, hours = divmod(hours, 24)
        if hours == 0:
            return translate("Age", "{d} d").format(d=whole_days)
        return translate("Age", "{d} d {h} h").format(d=whole_days, h=hours)
    if minutes == 0:
        return translate("Age", "{h} h").format(h=hours)
    return translate("Age", "{h} h {m} min").format(h=hours, m=minutes)
