"""An XlsxWriter worksheet that takes a whole row at a time, for exports of 100,000 rows.

XlsxWriter's own per-cell path (``write_string`` and friends: argument conversion, dimension
checks, a tuple per cell in a table, then, when the next row starts, each cell serialised
through a few regular expressions) costs ~12 µs a cell in CPython: 8–10 s for 100,000 rows
of seven cells, most of an export's time. In ``constant_memory`` mode a row is only ever
serialised once, straight to the sheet's data file, so `RowSheet.append` does that itself:
the same XML XlsxWriter writes for the same cells (a test compares the files byte for
byte), built in one pass with a column's cell reference prefix computed once, and the
escaping helpers of XlsxWriter called only for the rare text that needs them.

It subclasses `xlsxwriter.worksheet.Worksheet` (``Workbook.add_worksheet(worksheet_class=)``
is XlsxWriter's documented way to extend a sheet) and leans on attributes of it that are not
public API: ``fh``, ``previous_row``, ``table``, the ``dim_*`` bounds and the escaping
helpers. pyproject.toml caps XlsxWriter below its next major version for that reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime

from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from .cells import XLSX_STRING_MAX, Cell, local_naive, neutralise

# What sends text down XlsxWriter's own escaping: XML's special characters, the control
# characters it writes as _xHHHH_, a literal _xHHHH_ (escaped in turn), the two
# non-characters, and whitespace at either end (kept with xml:space="preserve").
_NEEDS_CARE = re.compile(r'[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$')

class RowSheet(Worksheet):
    """A worksheet for ``constant_memory`` workbooks with `append` besides the usual API."""

    def __init__(self) -> None:
        super().__init__()
        self._refs: list[str] = []
        self._xf: dict[int, int] = {}
        self._last = -1

    def append(self, row: int, values: Sequence[Cell], when: Format, day: Format) -> None:
        """Write row ``row`` (0-based, after any row written before), ``None`` cells left
        empty; texts neutralised and cut to what a cell holds; datetimes in local time with
        the ``when`` format, dates with ``day``. Raises TypeError on a NaN or infinite
        number, as XlsxWriter's ``write_number`` does."""
        if not self.constant_memory:
            raise RuntimeError("RowSheet.append needs a constant_memory workbook")
        written = max(self._last, self.previous_row if self.table else self.previous_row - 1)
        if row <= written or row >= self.xls_rowmax or len(values) > self.xls_colmax:
            raise ValueError(f"row {row} cannot be written now")
        if self.table:
            self._write_single_row(row)  # a row begun with the usual API (the header)
        self.previous_row = self._last = row
        refs = self._refs
        while len(refs) < len(values):
            refs.append(xl_col_to_name(len(refs)))
        number = str(row + 1)
        parts = [f'<row r="{number}">']
        used: list[int] = []
        for col, value in enumerate(values):
            if value is None:
                continue
            used.append(col)
            ref = refs[col] + number
            if isinstance(value, str):
                parts.append(self._text(ref, neutralise(value)))
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                if isinstance(value, float) and not math.isfinite(value):
                    raise TypeError("NAN/INF not supported in write_number()")
                parts.append(f'<c r="{ref}"><v>{value:.16G}</v></c>')
            elif isinstance(value, datetime):
                serial = self._convert_date_time(local_naive(value))
                parts.append(f'<c r="{ref}" s="{self._index(when)}"><v>{serial:.16G}</v></c>')
            elif isinstance(value, date):
                serial = self._convert_date_time(datetime(value.year, value.month, value.day))
                parts.append(f'<c r="{ref}" s="{self._index(day)}"><v>{serial:.16G}</v></c>')
            else:
                parts.append(self._text(ref, neutralise(str(value))))
        if not used:
            return  # an empty row: XlsxWriter writes nothing for it either
        parts.append("</row>")
        self.fh.write("".join(parts))
        if self.dim_rowmin is None:
            self.dim_rowmin = row
        self.dim_rowmax = row
        if self.dim_colmin is None or used[0] < self.dim_colmin:
            self.dim_colmin = used[0]
        if self.dim_colmax is None or used[-1] > self.dim_colmax:
            self.dim_colmax = used[-1]

    def _text(self, ref: str, text: str) -> str:
        if len(text) > XLSX_STRING_MAX // 2:  # (the limit counts UTF-16 units)
            text = _cut(text)
        if not _NEEDS_CARE.search(text):
            return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
        text = self._escape_control_characters(text)
        space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
        # (always as plain text: XlsxWriter's own path writes a text that looks like
        # "<r>…</r>" into the file unescaped, as rich-text markup)
        return (f'<c r="{ref}" t="inlineStr"><is><t{space}>{self._escape_data(text)}'
                "</t></is></c>")

    def _index(self, fmt: Format) -> int:
        # Asked on first use, in the order XlsxWriter's own path would ask (so the two give
        # the same style numbers).
        index = self._xf.get(id(fmt))
        if index is None:
            index = self._xf[id(fmt)] = fmt._get_xf_index()
        return index


def _cut(text: str) -> str:
    """At most XLSX_STRING_MAX UTF-16 units, never splitting a surrogate pair."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * XLSX_STRING_MAX:
        return text
    return units[: 2 * XLSX_STRING_MAX].decode("utf-16-le", "ignore")
