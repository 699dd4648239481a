"""uvicorn's httptools protocol with h11's limit on the size of a request's head.

h11 refuses a request head (request line and headers) larger than 16 KiB with ``400 Invalid
HTTP request received.``; llhttp has no such limit and buffers a header however long it is,
so without this a client could make the server hold an endless header in memory. Imported
only when httptools is installed (``http_server.choose``)."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 16 * 1024
"""The request line and headers of one request at most: h11's default (uvicorn's
``h11_max_incomplete_event_size``), kept for httptools."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with h11's limit on the size of a request's head."""

    _in_head = True
    _head_bytes = 0

    def data_received(self, data: bytes) -> None:
        # Counted before parsing: llhttp buffers a header until it ends, so a check after
        # it would come too late. The count starts again where a request begins, so the
        # read that holds its first bytes is not counted: the bound is the limit plus one
        # read (at most 256 KiB), loose but never unbounded.
        if self.transport.is_closing():
            return
        if self._in_head:
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self.logger.warning("request head over %d bytes refused", MAX_HEAD_BYTES)
                self.send_400_response("Invalid HTTP request received.")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()
