"""Writing rows to a file: CSV (UTF-8 with BOM, so spreadsheets read Chinese right) or XLSX
(XlsxWriter in constant memory: each row goes to disk as it comes). The file appears under
its name only when complete: rows go to a hidden temporary file beside it, renamed at the
end, and removed if anything stops the writing."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path

import xlsxwriter

from .cells import Cell, as_text, neutralise
from .xlsx_sheet import RowSheet


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Stopped(Exception):
    """Raised inside the writing when ``should_stop`` answered true."""


def format_of(path: str | os.PathLike[str]) -> Format:
    suffix = Path(path).suffix.lower().lstrip(".")
    try:
        return Format(suffix)
    except ValueError:
        raise ValueError(f"cannot export to {suffix or 'a file without a suffix'}") from None


def write_file(
    path: str | os.PathLike[str],
    columns: Sequence[str],
    pages: Iterable[Sequence[Sequence[Cell]]],
    *,
    fmt: Format | None = None,
    on_rows: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Write the header and every row of every page; return the number of rows. Raises
    `Stopped` when ``should_stop`` says so between rows; then no file is left behind."""
    target = Path(path)
    fmt = fmt or format_of(target)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer = _XlsxRows(tmp, columns) if fmt is Format.XLSX else _CsvRows(tmp, columns)
        count = 0
        try:
            for page in pages:
                if should_stop is not None and should_stop():
                    raise Stopped
                for row in page:
                    if should_stop is not None and should_stop():
                        raise Stopped
                    writer.write(row)
                    count += 1
                if on_rows is not None:
                    on_rows(count)
        finally:
            writer.close()
        os.replace(tmp, target)
        return count
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


class _CsvRows:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self._file = open(path, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        self._csv = csv.writer(self._file)
        self._csv.writerow([neutralise(str(c)) for c in columns])

    def write(self, row: Sequence[Cell]) -> None:
        self._csv.writerow([as_text(v) for v in row])

    def close(self) -> None:
        self._file.close()


class _XlsxRows:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self._book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                # Text stays text: nothing is turned into a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._sheet: RowSheet = self._book.add_worksheet(worksheet_class=RowSheet)
        self._bold = self._book.add_format({"bold": True})
        self._when = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self._day = self._book.add_format({"num_format": "yyyy-mm-dd"})
        for col, title in enumerate(columns):
            self._sheet.set_column(col, col, max(10, min(40, len(str(title)) * 2 + 2)))
            self._sheet.write_string(0, col, neutralise(str(title)), self._bold)
        self._sheet.freeze_panes(1, 0)
        self._row = 1

    def write(self, row: Sequence[Cell]) -> None:
        self._sheet.append(self._row, row, self._when, self._day)
        self._row += 1

    def close(self) -> None:
        self._book.close()
