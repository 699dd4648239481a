"""Refuse, before any route sees it, input that PostgreSQL or JSON cannot carry faithfully.

One place for every route, so none can forget it: a NUL (U+0000, which PostgreSQL text and
JSONB cannot store), a lone surrogate (not encodable as UTF-8), or a non-finite number
(``NaN``, ``Infinity`` and ``1e999``, which Python's JSON parser accepts but JSON does not)
anywhere in a JSON body — values, object keys, list items, free-form nested data — and
bodies nested deeper than ``limits.MAX_JSON_DEPTH``; a NUL in the path or a query
parameter. The answer is 422 in the error shape, naming where each problem is."""

from __future__ import annotations

import json
import math
from email.message import Message as MimeHeader
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketdesk.common import limits

MAX_PROBLEMS = 20
"""Named in one answer; more would only make the answer as large as the body."""


class _NonFinite:
    def __init__(self, literal: str) -> None:
        self.literal = literal


def _bad_text(value: str) -> str | None:
    """The problem type of a string, or None when PostgreSQL and UTF-8 can hold it."""
    if "\x00" in value:
        return "nul_character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "lone_surrogate"
    return None


_MESSAGES = {
    "nul_character": "text must not contain NUL (U+0000) characters",
    "lone_surrogate": "text must not contain unpaired surrogates (not valid Unicode)",
    "non_finite_number": "numbers must be finite (no NaN or Infinity)",
    "too_deep": f"JSON may nest at most {limits.MAX_JSON_DEPTH} levels deep",
}


def _shown(part: str | int) -> str:
    """A location part as it can safely be echoed back (the offending key may be one)."""
    if isinstance(part, int):
        return str(part)
    return part.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\u0000")


def _problem(loc: list[str | int], kind: str) -> dict[str, Any]:
    return {"loc": [_shown(p) for p in loc], "type": kind, "message": _MESSAGES[kind]}


def body_problems(body: bytes, *, max_depth: int = limits.MAX_JSON_DEPTH) -> list[dict[str, Any]]:
    """Every problem of a JSON body (none for a body that is not JSON at all: the route's own
    parsing answers that one)."""
    try:
        document = json.loads(body, parse_constant=_NonFinite)
    except RecursionError:
        return [_problem(["body"], "too_deep")]
    except ValueError:  # not JSON (or not UTF-8): left to the usual 400
        return []
    problems: list[dict[str, Any]] = []
    # Iterative, so the walk itself cannot run out of stack on a deep document.
    stack: list[tuple[Any, list[str | int]]] = [(document, ["body"])]
    while stack and len(problems) < MAX_PROBLEMS:
        value, loc = stack.pop()
        if len(loc) - 1 > max_depth:
            problems.append(_problem(loc, "too_deep"))
        elif isinstance(value, str):
            if kind := _bad_text(value):
                problems.append(_problem(loc, kind))
        elif isinstance(value, _NonFinite) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            problems.append(_problem(loc, "non_finite_number"))
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if kind := _bad_text(key):
                    problems.append(_problem([*loc, key], kind))
                else:
                    stack.append((item, [*loc, key]))
        elif isinstance(value, list):
            stack.extend((item, [*loc, i]) for i, item in reversed(list(enumerate(value))))
    return problems


def query_problems(scope: Scope) -> list[dict[str, Any]]:
    problems = []
    if "\x00" in scope.get("path", ""):
        problems.append(_problem(["path"], "nul_character"))
    raw = scope.get("query_string", b"").decode("latin-1")
    if "%00" in raw or "\x00" in raw:  # parse only when there may be something to find
        # Decoded as Starlette decodes it for the route (invalid UTF-8 becomes U+FFFD).
        for name, value in parse_qsl(raw, keep_blank_values=True):
            if "\x00" in name or "\x00" in value:
                problems.append(_problem(["query", name], "nul_character"))
    return problems[:MAX_PROBLEMS]


def _is_json(scope: Scope) -> bool:
    """Whether the route will parse the body as JSON (as FastAPI decides it)."""
    header = dict(scope["headers"]).get(b"content-type")
    if header is None:
        return True
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
        if scope["method"] in ("GET", "HEAD", "OPTIONS") or not _is_json(scope):
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
        if whole and (problems := body_problems(whole)):
            await _refuse(send, problems)
            return
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
