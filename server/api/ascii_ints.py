"""Integer path and query parameters are ASCII digits and nothing else, on every route.

Pydantic's lax mode reads ``1_000``, ``+5``, `` 5``, ``5.0`` and ``-0`` as integers, so
``/tickets/1_000`` would be ticket 1000 and ``?limit=+5`` a page of five: one number, many
spellings, which caches, logs, audit filters and the client's own checks do not agree on.
Every route's integer parameters (found once, from the route's declared types, sub-dependencies
included) are checked here against ``common.numbers.is_digits`` before the route runs; anything
else is the usual 422 ``validation_failed``, with pydantic's ``int_parsing`` type and the
parameter's location. ``UnitOfWorkRoute`` (the route class of every router) applies it, so a new
route cannot forget it."""

from __future__ import annotations

import types
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError

from ticketdesk.common.numbers import is_digits

from . import known_params

MESSAGE = "Input should be a whole number in ASCII digits (0-9)"


@dataclass(frozen=True)
class IntParam:
    where: str  # "path" or "query"
    name: str  # as it appears in the URL (the alias)
    many: bool  # a list: every value is checked


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _int_kind(annotation: Any) -> bool | None:
    """None: not an integer parameter; False: one integer; True: a list of them."""
    annotation = _unwrap(annotation)
    if annotation is int:
        return False
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        kinds = {_int_kind(a) for a in get_args(annotation) if a is not type(None)}
        kinds.discard(None)
        return kinds.pop() if len(kinds) == 1 else None
    if origin in (list, tuple, set, frozenset, Sequence) and get_args(annotation):
        return True if _int_kind(get_args(annotation)[0]) is False else None
    return None


def int_params(dependant: Dependant) -> list[IntParam]:
    """The integer path and query parameters of a route, its sub-dependencies' included."""
    found: dict[tuple[str, str], IntParam] = {}
    for where, field in _fields(dependant):
        kind = _int_kind(field.field_info.annotation)
        if kind is not None:
            found[(where, field.alias)] = IntParam(where, field.alias, kind)
    return list(found.values())


def _fields(dependant: Dependant) -> Iterator[tuple[str, Any]]:
    for field in dependant.path_params:
        yield "path", field
    for field in dependant.query_params:
        yield "query", field
    for sub in dependant.dependencies:
        yield from _fields(sub)


def problems(request: Request, params: list[IntParam]) -> list[dict[str, Any]]:
    found = []
    for param in params:
        if param.where == "path":
            values = [request.path_params.get(param.name)]
        else:
            values = request.query_params.getlist(param.name)
        for index, value in enumerate(values):
            # An empty value is left to FastAPI (missing, or its own 422).
            if value and not is_digits(value):
                loc: tuple[str | int, ...] = (param.where, param.name)
                found.append({"type": "int_parsing",
                              "loc": (*loc, index) if param.many else loc,
                              "msg": MESSAGE, "input": value})
    return found


def guarded(
    dependant: Dependant,
    handler: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    params = int_params(dependant)
    names = known_params.declared(dependant)

    async def run(request: Request) -> Response:
        known_params.check(request, names)
        if params:
            errors = problems(request, params)
            if errors:
                raise RequestValidationError(errors)
        return await handler(request)

    return run
