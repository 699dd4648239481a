"""What the HTTP layer answers, before any of the app runs, to a request it cannot parse or
whose head is too large: the API's one error shape (``errors.error_response``), not the HTTP
library's own plain text, and the connection closed (what follows on it cannot be read as
requests)."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import error_response

MAX_HEAD_BYTES = 16 * 1024
"""The request line and headers of one request at most: h11's default (uvicorn's
``h11_max_incomplete_event_size``), kept for httptools."""

Answer = tuple[int, str, str, str]
"""Status, reason phrase, error code, message."""

MALFORMED: Answer = (400, "Bad Request", "malformed_request", "the request is not valid HTTP/1.1")
HEAD_TOO_LARGE: Answer = (
    431, "Request Header Fields Too Large", "request_head_too_large",
    f"the request line and headers are larger than {MAX_HEAD_BYTES // 1024} KiB together",
)


def headers_and_body(
    answer: Answer, default_headers: Iterable[tuple[bytes, bytes]] = ()
) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The refusal's headers (the server's defaults, ``Server`` and ``Date``, as uvicorn
    sends them; then the error response's own; then the close) and its body."""
    status, _, code, message = answer
    response = error_response(status, code, message)
    return [*default_headers, *response.raw_headers, (b"connection", b"close")], response.body


def refusal(answer: Answer, default_headers: Iterable[tuple[bytes, bytes]] = ()) -> bytes:
    """The whole response for ``answer``, as bytes for the transport."""
    status, reason, _, _ = answer
    headers, body = headers_and_body(answer, default_headers)
    lines = [f"HTTP/1.1 {status} {reason}".encode(), *(n + b": " + v for n, v in headers)]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
