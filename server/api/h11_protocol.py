"""uvicorn's h11 protocol (the fallback where httptools is not installed) answering what it
refuses in the API's error shape, as the httptools protocol does."""

from __future__ import annotations

from uvicorn.protocols.http.h11_impl import H11Protocol

from .protocol_refusals import HEAD_TOO_LARGE, MALFORMED, MAX_HEAD_BYTES, refusal


class PlainH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the API's refusals (its head limit is h11's own)."""

    def send_400_response(self, msg: str) -> None:
        # uvicorn calls this for every h11.RemoteProtocolError; h11 raises one for a head
        # over its limit too, with the incomplete head still in its buffer.
        pending, _ = self.conn.trailing_data
        too_large = len(pending) > MAX_HEAD_BYTES
        answer = HEAD_TOO_LARGE if too_large else MALFORMED
        self.transport.write(refusal(answer, self.server_state.default_headers))
        self.transport.close()
