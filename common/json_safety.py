"""JSON that PostgreSQL or JSON itself cannot carry faithfully, found anywhere in a document:
a NUL (U+0000, which PostgreSQL text and JSONB cannot store), a lone surrogate (not
encodable as UTF-8), a non-finite number (``NaN``, ``Infinity`` and ``1e999``, which Python's
parser accepts and JSON does not), a key given twice in one object (the parser would keep the
last silently), or nesting deeper than ``limits.MAX_JSON_DEPTH``. Used by
the server for every request body and by the CLI for the files it reads."""

from __future__ import annotations

import json
import math
from typing import Any

from . import limits

MAX_PROBLEMS = 20
"""Named in one answer; more would only make the answer as large as the body."""


class _NonFinite:
    def __init__(self, literal: str) -> None:
        self.literal = literal


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers the keys it was given more than once: Python's
    parser keeps the last silently, so ``{"title": "a", "title": "b"}`` would mean "b" here
    and perhaps "a" to the sender's other tools. Such a body is refused instead."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        # A plain dict, as json.loads makes it: a document without problems can be handed
        # on as it is (the server validates its models from it, see api/strict_input.py).
        return found
    marked = _Object(found)
    marked.duplicates = []
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen and key not in marked.duplicates:
            marked.duplicates.append(key)
        seen.add(key)
    return marked


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
    "duplicate_key": "an object must not name the same key twice",
}


def _shown(part: str | int) -> str:
    """A location part as it can safely be echoed back (the offending key may be one)."""
    if isinstance(part, int):
        return str(part)
    return part.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\u0000")


def problem(loc: list[str | int], kind: str) -> dict[str, Any]:
    return {"loc": [_shown(p) for p in loc], "type": kind, "message": _MESSAGES[kind]}


def parse(text: bytes | str) -> Any:
    """JSON parsed so that ``document_problems`` can find everything above: non-finite
    literals kept as markers, objects remembering their repeated keys. Raises ValueError
    (and RecursionError) as ``json.loads`` does."""
    return json.loads(text, parse_constant=_NonFinite, object_pairs_hook=_object)


NOT_JSON: Any = object()
"""What :func:`checked_body` gives for a body that is not JSON (or too deep to parse)."""


def checked_body(
    body: bytes, *, max_depth: int = limits.MAX_JSON_DEPTH
) -> tuple[Any, list[dict[str, Any]]]:
    """A JSON body parsed once, and every problem in it: ``(document, [])`` for a body
    without any, whose document is what ``json.loads`` would have made of it; ``NOT_JSON``
    with no problems for a body that is not JSON at all (the route's own parsing answers
    that one, with its usual 400)."""
    try:
        document = parse(body)
    except RecursionError:
        return NOT_JSON, [problem(["body"], "too_deep")]
    except ValueError:  # not JSON (or not UTF-8): left to the usual 400
        return NOT_JSON, []
    return document, document_problems(document, max_depth=max_depth)


def body_problems(body: bytes, *, max_depth: int = limits.MAX_JSON_DEPTH) -> list[dict[str, Any]]:
    """Every problem of a JSON body (none for a body that is not JSON at all: the route's own
    parsing answers that one)."""
    return checked_body(body, max_depth=max_depth)[1]


def document_problems(
    document: Any, *, root: str = "body", max_depth: int = limits.MAX_JSON_DEPTH
) -> list[dict[str, Any]]:
    """Every problem of a parsed document (from ``json.loads``, ``tomllib``, …)."""
    problems: list[dict[str, Any]] = []
    # Iterative, so the walk itself cannot run out of stack on a deep document.
    stack: list[tuple[Any, list[str | int]]] = [(document, [root])]
    while stack and len(problems) < MAX_PROBLEMS:
        value, loc = stack.pop()
        if len(loc) - 1 > max_depth:
            problems.append(problem(loc, "too_deep"))
        elif isinstance(value, str):
            if kind := _bad_text(value):
                problems.append(problem(loc, kind))
        elif isinstance(value, _NonFinite) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            problems.append(problem(loc, "non_finite_number"))
        elif isinstance(value, dict):
            problems.extend(problem([*loc, key], "duplicate_key")
                            for key in getattr(value, "duplicates", ()))
            for key, item in reversed(value.items()):
                if kind := _bad_text(key):
                    problems.append(problem([*loc, key], kind))
                else:
                    stack.append((item, [*loc, key]))
        elif isinstance(value, list):
            stack.extend((item, [*loc, i]) for i, item in reversed(list(enumerate(value))))
    return problems[:MAX_PROBLEMS]


