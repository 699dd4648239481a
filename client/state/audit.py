"""`AuditSearch`: one audit query and the pages of it fetched so far (net → state). The
view sets the query; the results model receives rows; an export asks for the same query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ..export import ApiStream
from ..net.api import ApiError, ApiReply
from .session import ClientSession

if TYPE_CHECKING:  # the kinds of search are the models' (state does not import models)
    from ..models.audit_rows import ResultKind, Row

PAGE_SIZE = 100
"""Rows fetched per page on screen (an export streams every row)."""


class AuditSearch(QObject):
    page_loaded = Signal(object)  # list[Row]
    """A page arrived: its rows, in order, to append."""
    reset = Signal(object)  # ResultKind
    """A new query started: clear the results; rows of that kind follow."""
    failed = Signal(object)  # ApiError
    loading_changed = Signal()

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.kind: ResultKind | None = None
        self.params: dict[str, Any] = {}
        self.next_cursor: str | None = None
        self.count = 0
        self._reply: ApiReply | None = None
        self._started = False

    @property
    def loading(self) -> bool:
        return self._reply is not None

    @property
    def has_more(self) -> bool:
        return self._started and self.next_cursor is not None

    def search(self, kind: ResultKind, params: dict[str, Any]) -> None:
        """Start a new query (any page of an earlier one still on its way is dropped)."""
        self._drop_reply()
        self.kind, self.params = kind, dict(params)
        self.next_cursor, self.count, self._started = None, 0, False
        self.reset.emit(kind)
        self._fetch(None)

    def load_more(self) -> bool:
        """Fetch the next page, unless one is on its way or there is none."""
        if self.loading or not self.has_more:
            return False
        self._fetch(self.next_cursor)
        return True

    def export_source(self) -> ApiStream:
        """Every row of the current query, as the export's worker reads it: the server's
        stream of the same filters, made into rows by the same code as on screen."""
        assert self.kind is not None
        api = self._session.api
        stream = self.kind.stream
        return ApiStream(
            api.base_url,
            api.token,
            stream.path,
            self.params,
            columns=self.kind.columns(),
            fields=stream.fields,
            row=stream.row(self._session.state),
        )

    # ------------------------------------------------------------ the calls

    def _fetch(self, cursor: str | None) -> None:
        assert self.kind is not None
        params = {**self.params, "limit": PAGE_SIZE}
        if cursor:
            params["cursor"] = cursor
        reply = self._session.api.get(self.kind.path, params=params)
        self._reply = reply
        kind = self.kind
        reply.succeeded.connect(lambda page, r=reply, k=kind: self._on_page(r, k, page))
        reply.failed.connect(lambda error, r=reply: self._on_failed(r, error))
        self.loading_changed.emit()

    def _on_page(self, reply: ApiReply, kind: ResultKind, page: dict[str, Any]) -> None:
        if reply is not self._reply:
            return  # an answer to a query given up
        self._reply = None
        self._started = True
        self.next_cursor = page.get("next_cursor")
        to_row = kind.row(self._session.state)
        rows: list[Row] = [to_row(item) for item in page.get("data", [])]
        self.count += len(rows)
        self.page_loaded.emit(rows)
        self.loading_changed.emit()

    def _on_failed(self, reply: ApiReply, error: ApiError) -> None:
        if reply is not self._reply:
            return
        self._reply = None
        self.failed.emit(error)
        self.loading_changed.emit()

    def _drop_reply(self) -> None:
        if self._reply is not None:
            reply, self._reply = self._reply, None
            reply.abort()
