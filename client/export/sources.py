"""Row sources: what an export reads — rows at hand, or the server's stream of a search (one
reader for every kind: tickets and events alike). ``pages()`` runs in the export's worker
thread."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlencode

from PySide6.QtCore import QCoreApplication

from .cells import Cell

translate = QCoreApplication.translate
"""The progress dialog shows a failure's message ("Export failed: …"): the reasons this
module words itself go through the translations (thread-safe: read in the worker)."""

Row = Sequence[Cell]


class RowSource(Protocol):
    columns: Sequence[str]
    total: int | None

    def pages(self) -> Iterator[Sequence[Row]]: ...


class ListSource:
    """Rows already at hand (e.g. what a KPI view shows)."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Row], page: int = 1000) -> None:
        self.columns = list(columns)
        self._rows = list(rows)
        self.total: int | None = len(self._rows)
        self._page = page

    def pages(self) -> Iterator[Sequence[Row]]:
        for start in range(0, len(self._rows), self._page):
            yield self._rows[start : start + self._page]


class ExportFetchError(Exception):
    """The server refused, could not be reached, or stopped while streaming."""


def _query(params: Mapping[str, Any], extra: Sequence[tuple[str, str]] = ()) -> str:
    """The query string: lists repeat their key, None is left out."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        pairs.extend((key, str(v)) for v in values)
    pairs.extend(extra)
    return urlencode(pairs)


def _refusal(exc: urllib.error.HTTPError) -> ExportFetchError:
    try:
        message = json.loads(exc.read())["error"]["message"]
    except (ValueError, KeyError, TypeError):
        message = exc.reason
    return ExportFetchError(f"{exc.code}: {message}")


class ApiStream:
    """Every row of a streamed export (``GET /tickets/export``, ``GET /events/export``: the
    same path and filters the screen lists with, ``/export`` added; NDJSON, a header line with
    ``columns`` and ``total``, one JSON array per row, an end line), read as it arrives:
    constant memory, and no page of full objects to decode. ``row`` gets each row's values
    in the order of ``fields`` (the server's column names), whatever order the server sent.

    Cancelling (the writer stops asking for pages) closes the connection, which ends the
    server's side too. A stream without its end line failed, however many rows came."""

    READ_BYTES = 256 * 1024
    BATCH_ROWS = 2_000

    def __init__(
        self,
        base_url: str,
        token: str | None,
        path: str,
        params: Mapping[str, Any],
        *,
        columns: Sequence[str],
        fields: Sequence[str],
        row: Callable[[Sequence[Any]], Row],
        timeout: float = 60.0,
    ) -> None:
        self.columns = list(columns)
        self.total: int | None = None
        self._url = f"{base_url.rstrip('/')}/api/v1{path}"
        self._token = token
        self._params = {k: v for k, v in params.items() if k not in ("cursor", "limit")}
        self._fields = list(fields)
        self._row = row
        self._timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def pages(self) -> Iterator[Sequence[Row]]:
        request = urllib.request.Request(f"{self._url}?{_query(self._params)}")
        request.add_header("Accept", "application/x-ndjson")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            response = self._opener.open(request, timeout=self._timeout)
        except urllib.error.HTTPError as exc:
            raise _refusal(exc) from exc
        except OSError as exc:
            raise ExportFetchError(str(exc)) from exc
        with response:
            yield from self._rows(response)

    def _rows(self, response: Any) -> Iterator[Sequence[Row]]:
        order: list[int] | None = None
        rows = 0
        for lines in self._lines(response):
            if order is None:  # the header comes first
                header = self._decode(lines[0])
                names = header.get("columns") if isinstance(header, dict) else None
                if not isinstance(names, list) or not set(self._fields) <= set(names):
                    raise ExportFetchError(
                        translate("ExportSource", "the server's export lists other columns"))
                order = [names.index(f) for f in self._fields]
                if order == list(range(len(names))):
                    order = []  # the server's own order: rows go to ``row`` as they come
                self.total = header.get("total")
                lines = lines[1:]
            if lines and lines[-1].startswith(b"{"):  # the end, or why the server stopped
                last = self._decode(lines.pop())
                if lines:
                    rows += len(lines)
                    yield self._page(lines, order)
                if isinstance(last, dict) and last.get("end"):
                    return
                message = (last.get("error") or {}).get("message") if isinstance(
                    last, dict) else None
                raise ExportFetchError(
                    message or translate("ExportSource", "the export stopped on the server"))
            if lines:
                rows += len(lines)
                yield self._page(lines, order)
        raise ExportFetchError(
            translate("ExportSource", "the export was cut short after {rows} rows").format(
                rows=rows))

    def _page(self, lines: list[bytes], order: list[int]) -> list[Row]:
        # One decode for the whole batch: a JSON array of the rows.
        values: list[list[Any]] = self._decode(b"[" + b",".join(lines) + b"]")
        to_row = self._row
        if not order:
            return [to_row(v) for v in values]
        return [to_row([v[i] for i in order]) for v in values]

    @staticmethod
    def _decode(data: bytes) -> Any:
        try:
            return json.loads(data)
        except ValueError as exc:
            raise ExportFetchError(
                translate("ExportSource", "the server's export is not readable: {reason}")
                .format(reason=exc)) from exc

    def _lines(self, response: Any) -> Iterator[list[bytes]]:
        """Complete lines, a batch at a time (the last line read may wait for its end)."""
        pending = b""
        batch: list[bytes] = []
        while True:
            try:
                chunk = response.read1(self.READ_BYTES)
            except OSError as exc:
                raise ExportFetchError(str(exc)) from exc
            if not chunk:
                # A row without its newline was cut mid-way: left out (the missing end line
                # fails the export); a last line of the server's without one is kept.
                if pending.startswith(b"{"):
                    batch.append(pending)
                if batch:
                    yield batch
                return
            parts = (pending + chunk).split(b"\n")
            pending = parts.pop()
            batch.extend(p for p in parts if p)
            if len(batch) >= self.BATCH_ROWS or (batch and batch[-1].startswith(b"{")):
                yield batch
                batch = []
