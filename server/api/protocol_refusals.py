"""What the HTTP layer answers, before any of the app runs, to a request it cannot parse or
whose head is too large: the API's one error shape (``{"error": {"code", "message",
"details"}}``, as ``errors.error_response``), not the HTTP library's own plain text, and the
connection closed (what follows on it cannot be read as requests)."""

from __future__ import annotations

import json
from collections.abc import Iterable

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


def body(answer: Answer) -> bytes:
    _, _, code, message = answer
    return json.dumps({"error": {"code": code, "message": message, "details": None}}).encode()


def refusal(answer: Answer, default_headers: Iterable[tuple[bytes, bytes]] = ()) -> bytes:
    """The whole response for ``answer``, with the server's default headers (``Server``,
    ``Date``) as uvicorn sends them."""
    status, reason, _, _ = answer
    content = body(answer)
    lines = [f"HTTP/1.1 {status} {reason}".encode()]
    lines += [name + b": " + value for name, value in default_headers]
    lines += [b"content-type: application/json", b"content-length: " + str(len(content)).encode(),
              b"connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n" + content
