"""Liveness and Prometheus metrics for the IT department."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select, text

from ...store.schema import Ticket

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(request: Request, response: Response) -> dict[str, object]:
    """200 when the database answers; 503 otherwise."""
    try:
        with request.app.state.sessions() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # report, do not raise: this endpoint must always answer
        database = f"error: {type(exc).__name__}"
        response.status_code = 503
    hub = request.app.state.hub
    return {
        "status": "ok" if database == "ok" else "degraded",
        "database": database,
        "listening": hub.listening,
        "live_clients": hub.subscriber_count,
    }


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text"}},
)
def metrics(request: Request) -> Response:
    hub = request.app.state.hub
    lines = [
        "# TYPE ticketdesk_live_clients gauge",
        f"ticketdesk_live_clients {hub.subscriber_count}",
        "# TYPE ticketdesk_live_events_read_total counter",
        f"ticketdesk_live_events_read_total {hub.delivered}",
        "# TYPE ticketdesk_tickets gauge",
    ]
    with request.app.state.sessions() as session:
        for status, n in session.execute(
            select(Ticket.status, func.count()).group_by(Ticket.status)
        ):
            lines.append(f'ticketdesk_tickets{{status="{status.value}"}} {n}')
    return PlainTextResponse("\n".join(lines) + "\n")
