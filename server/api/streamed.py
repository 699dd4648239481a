"""The one route whose body is not read by the middlewares: an attachment upload, which may
be far larger than any other body and is streamed by its route, piece by piece, into the
database under its own limit (``attachment_max_bytes``)."""

from __future__ import annotations

import re

from starlette.types import Scope

UPLOAD_PATH = re.compile(r"^/api/v1/tickets/[^/]+/attachments$")


def is_streamed(scope: Scope) -> bool:
    return (scope["type"] == "http" and scope.get("method") == "POST"
            and UPLOAD_PATH.match(scope.get("path", "")) is not None)
