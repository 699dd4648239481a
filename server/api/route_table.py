"""Finding a request's route in one pass over a table, instead of FastAPI's nested search.

FastAPI (0.165) matches an HTTP request by asking every included router in turn whether one
of its routes matches — each router re-checking its route list's version and trying each
route with the scope's bookkeeping around it — and then, to handle it, has the chosen router
match again. For ``POST /api/v1/tickets`` that was eight router searches and ~28 route tries
per request, a quarter of the time the request spent in the HTTP stack (in-process profile,
docs/benchmarks.md). The table holds every route of the app in FastAPI's own order with the
literal start of its path, so most are passed over with one ``startswith``; the first route
that matches fully is handed to its own included router exactly as FastAPI's router would
(``_IncludedRouter.handle``, which matches within that one router and runs the route).
Anything else — no full match (404, 405), a route that is not in an included router (the
OpenAPI document, the docs page), a WebSocket, the lifespan — goes to FastAPI's router as
before, so every answer is FastAPI's own. ``tests/server/api/test_route_table.py`` checks
that the table chooses the route FastAPI chooses, for every route of the app.

It leans on FastAPI internals (``_IncludedRouter``, its effective route contexts); where
they are not what it expects, :func:`install` leaves the router as it is and says so."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI
from starlette.routing import Match, get_route_path
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

Entry = tuple[str, Any, Any]
"""(literal start of the path, what matches the scope, its included router or None)."""


def _literal_start(path_format: str | None) -> str:
    return (path_format or "").split("{", 1)[0]


def build(app: FastAPI) -> list[Entry] | None:
    """The table, or None when the app's routing is not of the shape the table knows."""
    try:
        from fastapi.routing import APIRoute, APIWebSocketRoute, _IncludedRouter
    except ImportError:
        return None
    router = app.router
    if getattr(router, "form_limits", None) or getattr(router, "_low_priority_routes", None):
        return None
    entries: list[Entry] = []
    for route in router.routes:
        if not isinstance(route, _IncludedRouter):
            # Not ours to hand on: if it matches first, FastAPI's router answers.
            entries.append((_literal_start(getattr(route, "path_format", None)), route, None))
            continue
        for candidate in route.effective_candidates():
            if isinstance(candidate, _IncludedRouter):
                return None  # nested inclusion: not flattened (see app.py)
            original = candidate.original_route
            if isinstance(original, APIWebSocketRoute):
                continue  # never matches an HTTP request
            included = route if isinstance(original, APIRoute) else None
            entries.append((_literal_start(candidate.path_format), candidate, included))
    return entries


class RouteTable:
    """ASGI app in place of the router's own entry point (``router.middleware_stack``)."""

    def __init__(self, entries: list[Entry], fallback: ASGIApp, router: Any) -> None:
        self.entries = entries
        self.fallback = fallback
        self.router = router

    def find(self, scope: Scope) -> tuple[Any, Any]:
        """(the included router to hand the request to, the route in it), or (None, None)
        for FastAPI's router to answer."""
        path = get_route_path(scope)
        for start, matcher, included in self.entries:
            if path.startswith(start) and matcher.matches(scope)[0] is Match.FULL:
                return (included, matcher.original_route) if included else (None, None)
        return None, None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (included := self.find(scope)[0]) is not None:
            # What FastAPI's router does before it hands an included router the request.
            scope.setdefault("router", self.router)
            await included.handle(scope, receive, send)
            return
        await self.fallback(scope, receive, send)


def install(app: FastAPI) -> bool:
    """Put the table in front of the app's router, once its routes are all there."""
    router = app.router
    entries = build(app)
    stack = getattr(router, "middleware_stack", None)
    # The router's entry point must be its plain search (no body limit of its own around it).
    if entries is None or stack is None or getattr(stack, "__func__", None) is not type(
        router
    ).app:
        log.warning("FastAPI's routing is not as expected here: routes are matched by "
                    "FastAPI's own search (slower)")
        return False
    router.middleware_stack = RouteTable(entries, stack, router)
    return True
