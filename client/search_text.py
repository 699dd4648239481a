"""Matching what the agent types against names and titles, Chinese included: 退款 is found
by "退款", by its pinyin "tuikuan" and by its initials "tk" (how Chinese users type to find
things fast, without switching the input method on). Spaces and case do not count."""

from __future__ import annotations

import re
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _keep(text: str) -> list[str]:
    # pypinyin hands over what is not Chinese; kept character by character, so that
    # "TD1001" stays findable inside a title and its initials line up with the text.
    return list(text)


@lru_cache(maxsize=20_000)
def search_keys(text: str) -> tuple[str, ...]:
    """The forms a query may match: the text, and for Chinese its pinyin and initials."""
    folded = _fold(text)
    if not _HAN.search(text):
        return (folded,)
    from pypinyin import Style, lazy_pinyin  # a dictionary: loaded when first needed

    full = _fold("".join(lazy_pinyin(text, errors=_keep)))
    initials = _fold("".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=_keep)))
    return (folded, full, initials)


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


def rank(query: str, text: str) -> int | None:
    """How well ``text`` answers ``query``: 0 starts with it, 1 contains it, None no match.
    An empty query matches everything equally."""
    wanted = _fold(query)
    if not wanted:
        return 1
    keys = search_keys(text)
    if any(key.startswith(wanted) for key in keys):
        return 0
    if any(wanted in key for key in keys):
        return 1
    return None
