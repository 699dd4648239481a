"""Numbers read from text, in ASCII digits only.

Python's ``str.isdigit()`` is true for superscripts (``²``) that ``int()`` then refuses, and
``int()``/``float()`` accept Arabic-Indic or full-width digits (``٣``, ``７``), underscores and
surrounding spaces. Text from users (ids, ``#123`` in a search, cursors, CLI arguments, field
values) is parsed here and nowhere else, so a number means the same on every path and odd
digits are simply "not a number" instead of a crash or a silent reinterpretation."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits and nothing else."""
    return _DIGITS.fullmatch(text) is not None


def parse_int(text: str, *, max_digits: int = 18) -> int | None:
    """The non-negative integer ``text`` spells in ASCII digits (at most ``max_digits`` of
    them, so it fits the column it is compared with), else None."""
    if len(text) > max_digits or not is_digits(text):
        return None
    return int(text)


def parse_decimal(text: str) -> int | float | None:
    """A number as a person types it: optional sign, ASCII digits, optional fraction and
    exponent (``-12``, ``3.5``, ``1e3``). Integers stay ``int``; anything else is None."""
    if len(text) > 400 or _DECIMAL.fullmatch(text) is None:
        return None
    if any(c in text for c in ".eE"):
        return float(text)
    return int(text)
