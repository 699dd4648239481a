"""uvicorn's httptools protocol with h11's limit on the size of a request's head, and the
API's error shape for what it refuses.

h11 refuses a request head (request line and headers) larger than 16 KiB; llhttp has no such
limit and buffers a header however long it is, so without this a client could make the
server hold an endless header in memory. Imported only when httptools is installed
(``http_server.choose``)."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .protocol_refusals import HEAD_TOO_LARGE, MALFORMED, MAX_HEAD_BYTES, Answer, refusal


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with h11's limit on the size of a request's head."""

    _in_head = True
    _head_bytes = 0
    _tail = b""
    _refusal: Answer | None = None

    def data_received(self, data: bytes) -> None:
        # Counted before parsing: llhttp buffers a header until it ends, so a check after
        # it would come too late. Only the bytes up to the blank line that ends the head
        # count: a request's body often arrives in the same read as its head (a JSON body,
        # an upload), and it is bounded elsewhere. The count starts again where a request
        # begins, so the read that holds its first bytes may go uncounted: the bound is the
        # limit plus one read (at most 256 KiB), loose but never unbounded.
        if self.transport.is_closing() or self._refusal is not None:
            return  # (refused: nothing after it is read as a request)
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

    def _refuse(self, answer: Answer) -> None:
        """Answer ``answer`` and close, in turn: a refused request that follows others on
        the connection (pipelined) is answered after their responses, never inside one."""
        self._refusal = answer
        cycle = self.cycle
        if cycle is not None and cycle.more_body:
            # The bad bytes are this request's own body: its app's answer is not wanted
            # (nor sent: the cycle counts as disconnected). Begun or sent already, that
            # answer stands or is cut short, and there is no second one: only the close.
            cycle.disconnected = True
            cycle.message_event.set()
            if cycle.response_started:
                self.transport.close()
                return
        elif self.pipeline or (cycle is not None and not cycle.response_complete):
            self.flow.pause_reading()
            return  # answered by on_response_complete
        self._send_refusal()

    def _send_refusal(self) -> None:
        assert self._refusal is not None
        self.transport.write(refusal(self._refusal, self.server_state.default_headers))
        self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if (self._refusal is not None and not self.transport.is_closing() and not self.pipeline
                and (self.cycle is None or self.cycle.response_complete)):
            self._send_refusal()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        # (The tail is kept: this runs while the read it came in is parsed, after it was
        # looked at for the blank line.)
        self._head_bytes = 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()
