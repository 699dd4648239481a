"""Row sources: what an export reads. ``pages()`` runs in the export's worker thread."""

from __future__ import annotations

import json
import queue
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlencode

from ticketdesk.common import limits

from .cells import Cell

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
    """The server refused or could not be reached while fetching a page."""


class ApiPages:
    """Every page of a cursor-paged list of the API (``{"data": [...], "next_cursor"}``):
    the same path and parameters the screen asks with, fetched afresh with a plain HTTP
    client in the worker (so the GUI thread never waits), largest pages first."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        path: str,
        params: Mapping[str, Any],
        *,
        columns: Sequence[str],
        row: Callable[[dict[str, Any]], Row],
        page_size: int = limits.PAGE_SIZE_MAX,
        timeout: float = 60.0,
    ) -> None:
        self.columns = list(columns)
        self.total: int | None = None
        self._url = f"{base_url.rstrip('/')}/api/v1{path}"
        self._token = token
        self._params = {k: v for k, v in params.items() if k not in ("cursor", "limit")}
        self._row = row
        self._page_size = page_size
        self._timeout = timeout
        # The office LAN: no proxy between the workstation and its server.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def pages(self) -> Iterator[Sequence[Row]]:
        """Pages in order. The next page is fetched while this one is written (one fetcher
        thread, at most two pages ahead), so the export takes about as long as the slower
        of the two, not their sum."""
        ahead: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=2)
        stop = threading.Event()

        def fetch_all() -> None:
            cursor: str | None = None
            try:
                while not stop.is_set():
                    page = self._fetch(cursor)
                    self._put(ahead, stop, ("page", page))
                    cursor = page.get("next_cursor")
                    if not cursor:
                        break
                self._put(ahead, stop, ("end", None))
            except BaseException as exc:  # handed to the writer's thread, raised there
                self._put(ahead, stop, ("error", exc))

        fetcher = threading.Thread(target=fetch_all, name="export-fetch", daemon=True)
        fetcher.start()
        try:
            while True:
                what, value = ahead.get()
                if what == "end":
                    return
                if what == "error":
                    raise value
                yield [self._row(item) for item in value.get("data", [])]
        finally:
            stop.set()  # the writer stopped (done, cancelled or failed): so does the fetcher

    @staticmethod
    def _put(
        ahead: queue.Queue[tuple[str, Any]], stop: threading.Event, item: tuple[str, Any]
    ) -> None:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _fetch(self, cursor: str | None) -> dict[str, Any]:
        pairs: list[tuple[str, str]] = []
        for key, value in self._params.items():
            if value is None:
                continue
            values = value if isinstance(value, list | tuple | set | frozenset) else [value]
            pairs.extend((key, str(v)) for v in values)
        pairs.append(("limit", str(self._page_size)))
        if cursor:
            pairs.append(("cursor", cursor))
        request = urllib.request.Request(f"{self._url}?{urlencode(pairs)}")
        request.add_header("Accept", "application/json")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read())["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = exc.reason
            raise ExportFetchError(f"{exc.code}: {message}") from exc
        except (OSError, ValueError) as exc:
            raise ExportFetchError(str(exc)) from exc
