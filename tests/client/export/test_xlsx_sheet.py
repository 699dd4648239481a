"""The export's row-at-a-time XLSX sheet writes what XlsxWriter's own cell-by-cell path
writes for the same cells, byte for byte, over every kind of cell and awkward text; and it
writes as plain text what that path would have turned into markup."""

from __future__ import annotations

import math
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from ticketdesk.client.export import write_file
from ticketdesk.client.export.cells import XLSX_STRING_MAX, local_naive, neutralise

COLUMNS = ["编号", "=标题", "金额", "时间", "日", "真假", "备注"]
TEXTS = [
    "", "客户要求退款", "a & b < c > d", 'say "hi"', "line\nbreak", " leading", "trailing ",
    "\x01bell\x1f", "_x0041_ literal", "non\ufffechar\uffff", "=1+2", "@SUM(A1)", "\ttab",
    "\rcr", "tab\tinside", "x" * (XLSX_STRING_MAX + 10), "😀" * (XLSX_STRING_MAX // 2 + 5),
    "中" * 20_000, "ok_x12_", "\u3000全角空格",
]
NUMBERS = [0, 1, -3, 2**40, 0.1, 1299.5, -1e-9, 1e20, 123456789.123456789]
MOMENTS = [
    datetime(2026, 11, 25, 2, 30, tzinfo=UTC),
    datetime(2026, 3, 1, 23, 59, 59, tzinfo=timezone(timedelta(hours=8))),
    datetime(2026, 3, 2, 0, 0, 0, 999_999),
    datetime(2026, 6, 1, 12, 0),  # naive: taken as local time already
    datetime(1900, 3, 1, 0, 0),
]
DAYS = [date(1900, 1, 1), date(2026, 12, 2), date(1900, 2, 28), date(2100, 2, 28)]


def _rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(120):
        rows.append([
            i if i % 7 else None,
            TEXTS[i % len(TEXTS)],
            NUMBERS[i % len(NUMBERS)] if i % 5 else None,
            MOMENTS[i % len(MOMENTS)],
            DAYS[i % len(DAYS)] if i % 3 else None,
            bool(i % 2) if i % 4 else None,
            TEXTS[(i * 7) % len(TEXTS)] if i % 6 else None,
        ])
    rows.append([None] * 7)  # an empty row: nothing written for it
    rows.append([None, None, None, None, None, None, "last column only"])
    rows.append([42])  # shorter than the header
    return rows


def _stock(path: Path, columns: list[str], rows: list[list[object]]) -> None:
    """The same cells through XlsxWriter's own cell-by-cell API."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, title in enumerate(columns):
        sheet.set_column(col, col, max(10, min(40, len(str(title)) * 2 + 2)))
        sheet.write_string(0, col, neutralise(str(title)), bold)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, col, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, col, local_naive(value), when)
            elif isinstance(value, date):
                sheet.write_datetime(r, col, datetime(value.year, value.month, value.day), day)
            else:
                sheet.write_string(r, col, neutralise(str(value)))
    book.close()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:  # (docProps carry the time of writing)
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


def test_the_file_is_what_xlsxwriters_own_path_writes(tmp_path: Path) -> None:
    rows = _rows()
    _stock(tmp_path / "stock.xlsx", COLUMNS, rows)
    assert write_file(tmp_path / "fast.xlsx", COLUMNS, [rows[:50], rows[50:]]) == len(rows)
    stock, fast = _parts(tmp_path / "stock.xlsx"), _parts(tmp_path / "fast.xlsx")
    assert set(fast) == set(stock)
    for name in stock:
        assert fast[name] == stock[name], name
    # and what a spreadsheet reads back: the header, then the rows as given
    book = openpyxl.load_workbook(tmp_path / "fast.xlsx", read_only=True)
    back = [list(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    assert back[0] == ["编号", "'=标题", "金额", "时间", "日", "真假", "备注"]
    assert back[2][:6] == [1, "客户要求退款", NUMBERS[1], local_naive(MOMENTS[1]),
                           datetime(2026, 12, 2), True]
    assert len(back[16][1]) == XLSX_STRING_MAX  # cut to what a cell holds


def test_text_that_looks_like_markup_stays_text(tmp_path: Path) -> None:
    """XlsxWriter's constant-memory path writes a text that starts with <r> and ends with
    </r> into the file as rich-text markup (a ticket titled so would show as "" or worse)."""
    titles = ["<r>oops</r>", "<r><t>injected</t></r>", "</r>"]
    write_file(tmp_path / "m.xlsx", ["title"], [[[t] for t in titles]])
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert [book.active.cell(row=r, column=1).value for r in (2, 3, 4)] == titles


def test_a_number_a_sheet_cannot_hold_fails_the_export_and_leaves_no_file(
    tmp_path: Path,
) -> None:
    with pytest.raises(TypeError):
        write_file(tmp_path / "n.xlsx", ["n"], [[[1], [math.nan]]])
    assert list(tmp_path.iterdir()) == []
