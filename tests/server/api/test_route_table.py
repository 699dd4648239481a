"""The route table (server/api/route_table.py) chooses, for every route of the app, the route
FastAPI's own router chooses — and leaves to FastAPI what it does not choose itself."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Match

from ticketdesk.server.api import route_table
from ticketdesk.server.api.app import create_app
from ticketdesk.server.settings import Settings


@pytest.fixture(scope="module")
def app():
    app = create_app(Settings(), "postgresql://nobody@127.0.0.1:1/none")  # never connects
    assert route_table.install(app)
    return app


def _scope(app, method: str, path: str) -> dict:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": [],
            "query_string": b"", "app": app}


def _fastapi_choice(app, scope: dict):
    """The route FastAPI's router hands the request to (None: no full match)."""
    for route in app.router.routes:
        match, _ = route.matches(dict(scope))
        if match is Match.FULL:
            inner = getattr(route, "_match", None)
            return inner(dict(scope))[2] if inner else route
    return None


def _requests(app):
    for route in app.router.routes:
        for context in getattr(route, "effective_route_contexts", list)():
            original = context.original_route
            if not isinstance(original, APIRoute):
                continue
            path = re.sub(r"\{[^}]+\}", "7", context.path_format)
            for method in sorted(context.methods):
                yield method, path
    yield from [("GET", "/api/v1/tickets/export"), ("GET", "/api/v1/tickets/abc"),
                ("DELETE", "/api/v1/tickets"), ("GET", "/api/v1/openapi.json"),
                ("GET", "/api/v1/docs"), ("GET", "/healthz"), ("GET", "/nothing"),
                ("GET", "/api/v1/tickets/7/"), ("POST", "/api/v1/tickets%2F"),
                ("PUT", "/api/v1/me/presence"), ("GET", "/api/v1/live")]


def test_every_route_is_found_where_fastapi_finds_it(app):
    table = app.router.middleware_stack
    found = 0
    for method, path in _requests(app):
        scope = _scope(app, method, path)
        expected = _fastapi_choice(app, scope)
        included, route = table.find(dict(scope))
        if included is None:
            # Left to FastAPI: only what is no API route of an included router.
            assert not isinstance(expected, APIRoute), (method, path, expected)
        else:
            assert route is expected, (method, path, route, expected)
            found += 1
    assert found > 60


def test_the_table_is_in_front_of_the_router_and_hands_on_the_rest(app):
    table = app.router.middleware_stack
    assert isinstance(table, route_table.RouteTable)
    assert table.fallback.__func__ is type(app.router).app
