"""Every HTTP route is a retried unit of work (see server/api/unit_of_work.py)."""

from __future__ import annotations

from fastapi.routing import APIRoute


def test_every_route_of_the_app_is_a_unit_of_work():
    from ticketdesk.server.api.app import create_app
    from ticketdesk.server.api.unit_of_work import UnitOfWorkRoute
    from ticketdesk.server.settings import Settings

    app = create_app(Settings(), "postgresql://nobody@127.0.0.1:1/none")  # never connects
    routes = list(_api_routes(app.routes))
    assert len(routes) > 20
    plain = [r.path for r in routes if not isinstance(r, UnitOfWorkRoute)]
    assert not plain, f"routes outside a unit of work: {plain}"


def _api_routes(routes):
    """The app's routes, through the included routers (FastAPI nests them)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and hasattr(inner, "routes"):
            yield from _api_routes(inner.routes)
