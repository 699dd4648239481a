"""Cell values and spreadsheet formula injection (OWASP ASVS 1.2.10 / 5.3.10)."""

from __future__ import annotations

from datetime import date, datetime

Cell = str | int | float | bool | datetime | date | None
"""What a row may hold. Datetimes are written in the workstation's local time."""

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A cell beginning with one of these may be taken for a formula by a spreadsheet."""

XLSX_STRING_MAX = 32_767
"""Longest text an XLSX cell holds."""


def neutralise(text: str) -> str:
    """Text as a spreadsheet shows it but never runs it: a leading single quote before a
    formula-looking start (``=HYPERLINK(...)``, ``+1``, ``@SUM``, tab, CR)."""
    return "'" + text if text.startswith(_TRIGGERS) else text


def local_naive(moment: datetime) -> datetime:
    """The moment in local time without a zone (spreadsheets store wall-clock times)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.replace(tzinfo=None)


def as_text(value: Cell) -> str:
    """The value as a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return local_naive(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))
