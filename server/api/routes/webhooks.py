"""Standard Webhooks endpoints, their deliveries and dead letters (admins, and API keys
with `webhooks:admin`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response

from ticketdesk.common.models import (
    DeliveriesPage,
    RedeliverRequest,
    RedeliverResult,
    WebhookCreate,
    WebhookPublic,
    WebhookUpdate,
    WebhookWithSecret,
)

from ...services.webhooks import addresses, endpoints
from ..deps import RowId, SessionDep, WebhooksAdmin
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/webhooks", tags=["webhooks"], route_class=UnitOfWorkRoute)

State = Literal["blocked", "pending", "sending", "delivered", "dead"]

def _allowed(request: Request) -> tuple[addresses.Network, ...]:
    return addresses.networks(request.app.state.settings.webhook_allowed_networks)


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(actor: WebhooksAdmin, session: SessionDep) -> list[WebhookPublic]:
    """Every endpoint with its filters and how many deliveries are pending, delivered and
    dead. Secrets are never listed."""
    return endpoints.list_endpoints(session=session)


@router.post("", response_model=WebhookWithSecret, status_code=201)
def create_webhook(
    body: WebhookCreate,
    actor: WebhooksAdmin, session: SessionDep, request: Request,
) -> WebhookWithSecret:
    """Register an endpoint. The answer carries its secret (``whsec_…``) once: give it to
    the receiver, which verifies each message with it. 422 ``webhook_url_refused`` for a
    URL that is not http(s) or resolves to a loopback, private or link-local address (unless
    the server's ``webhook_allowed_networks`` allows it)."""
    created = endpoints.create_endpoint(session=session, data=body, actor=actor,
                                        allowed=_allowed(request))
    session.commit()
    return created


@router.get("/{webhook_id}", response_model=WebhookPublic)
def get_webhook(webhook_id: RowId, actor: WebhooksAdmin, session: SessionDep) -> WebhookPublic:
    return endpoints.show(session=session, endpoint_id=webhook_id)


@router.patch("/{webhook_id}", response_model=WebhookPublic)
def update_webhook(
    webhook_id: RowId,
    body: WebhookUpdate,
    actor: WebhooksAdmin, session: SessionDep, request: Request,
) -> WebhookPublic:
    """Change the URL, description, filters, or enable/disable it. A disabled endpoint is
    queued nothing new; what it had queued waits and goes out once it is enabled again."""
    updated = endpoints.update_endpoint(session=session, endpoint_id=webhook_id, data=body,
                                        actor=actor, allowed=_allowed(request))
    session.commit()
    return updated


@router.delete("/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: RowId, actor: WebhooksAdmin, session: SessionDep) -> Response:
    """Remove the endpoint with its queue and its record of deliveries."""
    endpoints.remove_endpoint(session=session, endpoint_id=webhook_id, actor=actor)
    session.commit()
    return Response(status_code=204)


@router.post("/{webhook_id}/rotate-secret", response_model=WebhookWithSecret)
def rotate_secret(
    webhook_id: RowId, actor: WebhooksAdmin, session: SessionDep, request: Request
) -> WebhookWithSecret:
    """A new secret, shown once. Until ``previous_secret_until`` every message carries two
    signatures (new and old), so the receiver can switch over at its own pace."""
    rotated = endpoints.rotate_secret(
        session=session, endpoint_id=webhook_id, actor=actor,
        overlap_hours=request.app.state.settings.webhook_secret_overlap_hours)
    session.commit()
    return rotated


@router.get("/{webhook_id}/deliveries", response_model=DeliveriesPage)
def list_deliveries(
    webhook_id: RowId,
    actor: WebhooksAdmin,
    session: SessionDep,
    state: Annotated[list[State], Query(description="only these states (dead: dead letters)")
                     ] = [],  # noqa: B006 (FastAPI copies defaults)
    cursor: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=endpoints.PAGE_MAX)] = 50,
) -> DeliveriesPage:
    """The endpoint's deliveries newest first, with attempts, the last HTTP status and
    error; pass ``next_cursor`` back as ``cursor`` for older ones."""
    page, next_cursor = endpoints.deliveries(session=session, endpoint_id=webhook_id,
                                             states=list(state), limit=limit, cursor=cursor)
    return DeliveriesPage(data=page, next_cursor=next_cursor)


@router.post("/{webhook_id}/redeliver", response_model=RedeliverResult)
def redeliver(
    webhook_id: RowId,
    actor: WebhooksAdmin,
    session: SessionDep,
    request: Request,
    body: Annotated[RedeliverRequest | None, Body()] = None,
) -> RedeliverResult:
    """Send dead letters again, now, with a fresh retry budget and the same ``webhook-id``
    (all of the endpoint's, or the listed ones)."""
    count = endpoints.redeliver(session=session, endpoint_id=webhook_id,
                                delivery_ids=body.deliveries if body else None)
    session.commit()
    deliverer = getattr(request.app.state, "deliverer", None)
    if deliverer is not None:
        deliverer.wake()
    return RedeliverResult(redelivered=count)
