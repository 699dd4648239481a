"""uvicorn's h11 protocol (the fallback where httptools is not installed) answering what it
refuses in the API's error shape, as the httptools protocol does."""

from __future__ import annotations

from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .protocol_refusals import HEAD_TOO_LARGE, MALFORMED, headers_and_body


class PlainH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the API's refusals (its head limit is h11's own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn answers every h11.RemoteProtocolError alike and drops it; the error's own
        # status hint (431 for a head over the limit, else 400) is kept here on the way.
        self._hint = 400
        next_event = self.conn.next_event

        def next_event_noting_the_hint() -> Any:
            try:
                return next_event()
            except h11.RemoteProtocolError as exc:
                self._hint = exc.error_status_hint
                raise

        self.conn.next_event = next_event_noting_the_hint  # type: ignore[method-assign]

    def send_400_response(self, msg: str) -> None:
        # Through h11, as uvicorn does: it refuses a second response on the connection (the
        # request's own, begun or sent), and then the connection is only closed.
        if self.conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            self.transport.close()
            return
        answer = HEAD_TOO_LARGE if self._hint == 431 else MALFORMED
        status, reason, _, _ = answer
        headers, content = headers_and_body(answer, self.server_state.default_headers)
        if self.cycle is not None:
            self.cycle.disconnected = True  # its app's answer is not wanted now
            self.cycle.message_event.set()
        for event in (h11.Response(status_code=status, headers=headers, reason=reason),
                      h11.Data(data=content), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()
