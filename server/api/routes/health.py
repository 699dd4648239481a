"""Liveness, readiness and Prometheus metrics for the IT department."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from ...store.migrate import head_revision
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(tags=["operations"], route_class=UnitOfWorkRoute)


def _database(request: Request) -> tuple[bool, dict[str, Any]]:
    try:
        with request.app.state.sessions() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # report, do not raise: these endpoints must always answer
        return False, {"database": f"error: {type(exc).__name__}"}
    head = head_revision()
    return True, {
        "database": "ok",
        "migration": revision,
        "migration_head": head,
        "migrated": revision == head,
    }


HEALTHZ_EXAMPLE = {"status": "ok", "database": "ok", "migration": "0025",
                   "migration_head": "0025", "migrated": True, "listening": True,
                   "live_clients": 37}
READYZ_EXAMPLE = {"ready": True, "reasons": []}
METRICS_EXAMPLE = (
    "# HELP ticketdesk_http_requests_total HTTP requests answered, by route template, "
    "method and status.\n"
    "# TYPE ticketdesk_http_requests_total counter\n"
    'ticketdesk_http_requests_total{method="GET",route="/api/v1/tickets",status="200"} '
    "1532.0\n"
)


def _example(value: object, media_type: str = "application/json") -> dict[str, Any]:
    return {200: {"content": {media_type: {"example": value}}}}


@router.get("/healthz", responses=_example(HEALTHZ_EXAMPLE))
def healthz(request: Request, response: Response) -> dict[str, Any]:
    """The process is up; 200 when the database answers too, 503 otherwise. Details: the
    schema's migration level, the live feed's listener, connected clients."""
    ok, details = _database(request)
    if not ok:
        response.status_code = 503
    hub = request.app.state.hub
    return {
        "status": "ok" if ok else "degraded",
        **details,
        "listening": hub.listening,
        "live_clients": hub.subscriber_count,
    }


@router.get("/readyz", responses=_example(READYZ_EXAMPLE))
def readyz(request: Request, response: Response) -> dict[str, Any]:
    """200 when this process should get traffic: the database answers at the migration
    level this code expects and the live feed listens; 503 otherwise (a load balancer takes
    the server out of rotation, and back once it recovers)."""
    ok, details = _database(request)
    hub = request.app.state.hub
    reasons = []
    if not ok:
        reasons.append("database unreachable")
    elif not details["migrated"]:
        reasons.append("schema not at this version's migration")
    if not hub.listening:
        reasons.append("live feed not listening")
    if reasons:
        response.status_code = 503
    return {"ready": not reasons, "reasons": reasons}


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"example": METRICS_EXAMPLE}},
              "description": "Prometheus text format"},
        401: {"description": "A metrics token is configured and was not given."},
    },
)
def metrics(request: Request) -> Response:
    """Prometheus metrics (see docs/deployment.md for each one)."""
    token = request.app.state.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return JSONResponse(
                {"error": {"code": "metrics_token_required",
                           "message": "send 'Authorization: Bearer <metrics token>'",
                           "details": None}},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
