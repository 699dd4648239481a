"""Typing to find: Chinese text by itself, by its pinyin and by the pinyin's initials."""

from __future__ import annotations

from ticketdesk.client.search_text import rank, search_keys


def test_chinese_is_found_by_characters_pinyin_and_initials() -> None:
    title = "客户要求退款"
    assert rank("退款", title) == 1
    assert rank("客户", title) == 0
    assert rank("khyq", title) == 0  # initials, from the start
    assert rank("tk", title) == 1  # initials, inside
    assert rank("TuiKuan", title) == 1  # full pinyin, any case
    assert rank("kehu yaoqiu", title) == 0  # spaces do not count
    assert rank("tq", title) is None
    assert rank("", title) == 1


def test_latin_and_numbers_inside_chinese_stay_findable() -> None:
    title = "订单TD1001退款"
    assert rank("td1001", title) == 1
    assert rank("ddtd1001", title) == 0  # initials line up with the letters kept
    assert search_keys("Refund") == ("refund",)
    assert rank("fund", "Refund") == 1
    assert rank("refunds", "Refund") is None
