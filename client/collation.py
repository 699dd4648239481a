"""Sorting people's and groups' names as a Chinese reader expects: by pinyin (张伟 after
李娜), not by code point (which scatters Chinese names at random).

Qt's collator uses ICU, which PySide6 ships, so no pinyin package is needed. The names are
Chinese whichever language the interface speaks, so the zh_CN collation is used in both; it
orders Latin names alphabetically, ignoring case, as well."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QCollator, QCollatorSortKey, QLocale

T = TypeVar("T")

_collator: QCollator | None = None


def _the_collator() -> QCollator:
    global _collator  # one per process: building a collator loads ICU's tables
    if _collator is None:
        _collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _collator.setNumericMode(True)  # 组2 before 组10
        _collator.setCaseSensitivity(_collator.caseSensitivity().CaseInsensitive)
    return _collator


def name_key(name: str) -> QCollatorSortKey:
    return _the_collator().sortKey(name)


def sorted_by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in the order of their names, pinyin first letters for Chinese."""
    return sorted(items, key=lambda item: name_key(name(item)))
