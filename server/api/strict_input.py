"""Refuse, before any route sees it, input that PostgreSQL or JSON cannot carry faithfully.

One place for every route, so none can forget it: a NUL (U+0000, which PostgreSQL text and
JSONB cannot store), a lone surrogate (not encodable as UTF-8), or a non-finite number
(``NaN``, ``Infinity`` and ``1e999``, which Python's JSON parser accepts but JSON does not)
anywhere in a JSON body — values, object keys, list items, free-form nested data — and
bodies nested deeper than ``limits.MAX_JSON_DEPTH``; a NUL in the path or a query
parameter. The answer is 422 in the error shape, naming where each problem is.

The body is parsed once: the document this check parsed is what the route's body model is
validated from (:func:`hand_over`, called by every route's ``UnitOfWorkRoute``), not a
second parse of the same bytes by FastAPI."""

from __future__ import annotations

import functools
import json
from email.message import Message as MimeHeader
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketdesk.common.json_safety import MAX_PROBLEMS, NOT_JSON, checked_body, problem

from .streamed import is_streamed


def query_problems(scope: Scope) -> list[dict[str, Any]]:
    problems = []
    if "\x00" in scope.get("path", ""):
        problems.append(problem(["path"], "nul_character"))
    raw = scope.get("query_string", b"").decode("latin-1")
    if "%00" in raw or "\x00" in raw:  # parse only when there may be something to find
        # Decoded as Starlette decodes it for the route (invalid UTF-8 becomes U+FFFD).
        for name, value in parse_qsl(raw, keep_blank_values=True):
            if "\x00" in name or "\x00" in value:
                problems.append(problem(["query", name], "nul_character"))
    return problems[:MAX_PROBLEMS]


PARSED = "ticketdesk.parsed_body"
"""Scope key: the body's bytes and the document parsed from them, once checked."""


def hand_over(request: Request) -> None:
    """Give the route's request the body and the document :class:`StrictInput` parsed and
    checked, so that FastAPI's ``await request.json()`` does not parse the same bytes again.
    Starlette's ``Request`` keeps what it read in ``_body`` and ``_json`` and reads no
    further when they are set (tests/server/api/test_strict_input.py holds it to that)."""
    parsed = request.scope.get(PARSED)
    if parsed is not None:
        request._body, request._json = parsed


def _is_json(scope: Scope) -> bool:
    """Whether the route will parse the body as JSON (as FastAPI decides it)."""
    header = dict(scope["headers"]).get(b"content-type")
    if header is None:
        return True
    return _json_type(header)


@functools.lru_cache(maxsize=64)
def _json_type(header: bytes) -> bool:
    # Remembered: clients send the same few values, and the MIME parsing is ~10 µs.
    mime = MimeHeader()
    mime["content-type"] = header.decode("latin-1")
    subtype = mime.get_content_subtype()
    return mime.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class StrictInput:
    """ASGI middleware; sits inside ``BodyLimit``, so the body it reads is bounded."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problems = query_problems(scope)
        if problems:
            await _refuse(send, problems)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS") or is_streamed(scope) or not _is_json(
            scope
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        whole = b"".join(chunks)
        if whole:
            document, problems = checked_body(whole)
            if problems:
                await _refuse(send, problems)
                return
            if document is not NOT_JSON:
                scope[PARSED] = (whole, document)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, problems: list[dict[str, Any]]) -> None:
    body = json.dumps(
        {
            "error": {
                "code": "validation_failed",
                "message": "the request holds data that cannot be stored",
                "details": problems,
            }
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
