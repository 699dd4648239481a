"""A query parameter a route does not declare is refused, on every route.

A typo (``?asignee=7``, ``?order=TD1001`` for ``order_no``) would otherwise be ignored, and
the answer — every ticket, or no filter at all — would look like the one asked for. The
declared names (the aliases, sub-dependencies included) are found once per route; anything
else is 422 ``invalid_filter`` naming the parameter, before the route runs. ``UnitOfWorkRoute``
applies it with the ASCII-digits check, so a new route cannot forget it."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from fastapi.dependencies.models import Dependant

from ..services.errors import Invalid


def declared(dependant: Dependant) -> frozenset[str]:
    """The query parameter names a route reads, its sub-dependencies' included."""
    return frozenset(_names(dependant))


def _names(dependant: Dependant) -> Iterator[str]:
    for field in dependant.query_params:
        yield field.alias
    for sub in dependant.dependencies:
        yield from _names(sub)


def check(request: Request, names: frozenset[str]) -> None:
    unknown = sorted(set(request.query_params) - names)
    if unknown:
        raise Invalid(f"unknown query parameter {unknown[0]!r}", code="invalid_filter",
                      details={"field": unknown[0]})
