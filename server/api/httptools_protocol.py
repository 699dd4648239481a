"""uvicorn's httptools protocol with h11's limit on the size of a request's head, and the
API's error shape for what it refuses.

h11 refuses a request head (request line and headers) larger than 16 KiB; llhttp has no such
limit and buffers a header however long it is, so without this a client could make the
server hold an endless header in memory. Imported only when httptools is installed
(``http_server.choose``)."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .protocol_refusals import HEAD_TOO_LARGE, MALFORMED, MAX_HEAD_BYTES, refusal


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with h11's limit on the size of a request's head."""

    _in_head = True
    _head_bytes = 0
    _tail = b""

    def data_received(self, data: bytes) -> None:
        # Counted before parsing: llhttp buffers a header until it ends, so a check after
        # it would come too late. Only the bytes up to the blank line that ends the head
        # count: a request's body often arrives in the same read as its head (a JSON body,
        # an upload), and it is bounded elsewhere. The count starts again where a request
        # begins, so the read that holds its first bytes may go uncounted: the bound is the
        # limit plus one read (at most 256 KiB), loose but never unbounded.
        if self.transport.is_closing():
            return
        if self._in_head:
            window = self._tail + data
            end = window.find(b"\r\n\r\n")
            self._head_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._tail))
            if self._head_bytes > MAX_HEAD_BYTES:
                self.logger.warning("request head over %d bytes refused", MAX_HEAD_BYTES)
                self._refuse(HEAD_TOO_LARGE)
                return
            # The blank line may be split between two reads.
            self._tail = window[-3:]
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        self._refuse(MALFORMED)

    def _refuse(self, answer: tuple[int, str, str, str]) -> None:
        self.transport.write(refusal(answer, self.server_state.default_headers))
        self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        # (The tail is kept: this runs while the read it came in is parsed, after it was
        # looked at for the blank line.)
        self._head_bytes = 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()
