"""Webhook endpoints (admin): register, change, rotate the secret, remove; their deliveries
and dead letters, and sending dead ones again. Services flush; the caller commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import (
    DeliveryPublic,
    WebhookCounts,
    WebhookCreate,
    WebhookPublic,
    WebhookUpdate,
    WebhookWithSecret,
)

from ... import clock
from ...store.schema import Event, Group, WebhookDelivery, WebhookEndpoint
from .. import events, lookup
from ..actors import Actor
from ..errors import Invalid
from . import addresses, messages, queue

PAGE_MAX = 500


def _check_url(url: str, allowed: tuple[addresses.Network, ...]) -> None:
    try:
        addresses.resolve(url, allowed)
    except addresses.RefusedAddress as exc:
        raise Invalid(f"receiver refused: {exc}", code="webhook_url_refused",
                      details={"field": "url"}) from exc


def _check_groups(session: Session, ids: list[int]) -> list[int]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    found = set(session.scalars(select(Group.id).where(Group.id.in_(
        [i for i in wanted if 0 < i <= lookup.INT4_MAX]))))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise Invalid(f"no group {missing[0]}", code="unknown_group",
                      details={"field": "groups", "missing": missing})
    return wanted


def counts(session: Session, endpoint_ids: list[int]) -> dict[int, WebhookCounts]:
    result = {i: WebhookCounts() for i in endpoint_ids}
    rows = session.execute(
        select(WebhookDelivery.endpoint_id, WebhookDelivery.state, func.count())
        .where(WebhookDelivery.endpoint_id.in_(endpoint_ids))
        .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.state)
    )
    for endpoint_id, state, n in rows:
        c = result[endpoint_id]
        if state in queue.OPEN_STATES:
            c.pending += n
        elif state == queue.DELIVERED:
            c.delivered += n
        elif state == queue.DEAD:
            c.dead += n
    return result


def public(endpoint: WebhookEndpoint, c: WebhookCounts | None = None) -> WebhookPublic:
    return WebhookPublic(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        kinds=list(endpoint.kinds),
        groups=list(endpoint.group_ids),
        enabled=endpoint.enabled,
        disabled_reason=endpoint.disabled_reason,
        previous_secret_until=endpoint.previous_secret_until
        if endpoint.previous_secret else None,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
        counts=c or WebhookCounts(),
    )


def _settings(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What an event records of it: never the secret."""
    return {"url": endpoint.url, "description": endpoint.description,
            "kinds": list(endpoint.kinds), "groups": list(endpoint.group_ids),
            "enabled": endpoint.enabled}


def list_endpoints(*, session: Session) -> list[WebhookPublic]:
    rows = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    by_id = counts(session, [e.id for e in rows])
    return [public(e, by_id[e.id]) for e in rows]


def get_endpoint(*, session: Session, endpoint_id: int) -> WebhookEndpoint:
    return lookup.get(session, WebhookEndpoint, endpoint_id, "webhook")


def show(*, session: Session, endpoint_id: int) -> WebhookPublic:
    endpoint = get_endpoint(session=session, endpoint_id=endpoint_id)
    return public(endpoint, counts(session, [endpoint.id])[endpoint.id])


def create_endpoint(*, session: Session, data: WebhookCreate, actor: Actor,
                    allowed: tuple[addresses.Network, ...]) -> WebhookWithSecret:
    _check_url(data.url, allowed)
    now = clock.now()
    endpoint = WebhookEndpoint(
        url=data.url,
        description=data.description,
        kinds=sorted({k.value for k in data.kinds}),
        group_ids=_check_groups(session, data.groups),
        enabled=data.enabled,
        disabled_reason="" if data.enabled else "disabled by an admin",
        secret=messages.new_secret(),
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    session.flush()
    events.record(session, kind=EventKind.WEBHOOK_CREATED, actor=actor,
                  data={"webhook_id": endpoint.id, **_settings(endpoint)})
    return WebhookWithSecret(**public(endpoint).model_dump(), secret=endpoint.secret)


def update_endpoint(*, session: Session, endpoint_id: int, data: WebhookUpdate, actor: Actor,
                    allowed: tuple[addresses.Network, ...]) -> WebhookPublic:
    endpoint = session.get(WebhookEndpoint, endpoint_id, with_for_update=True) if (
        0 < endpoint_id <= lookup.INT4_MAX) else None
    if endpoint is None:
        endpoint = get_endpoint(session=session, endpoint_id=endpoint_id)  # raises NotFound
    before = _settings(endpoint)
    if data.url is not None and data.url != endpoint.url:
        _check_url(data.url, allowed)
        endpoint.url = data.url
    if data.description is not None:
        endpoint.description = data.description
    if data.kinds is not None:
        endpoint.kinds = sorted({k.value for k in data.kinds})
    if data.groups is not None:
        endpoint.group_ids = _check_groups(session, data.groups)
    if data.enabled is not None and data.enabled != endpoint.enabled:
        endpoint.enabled = data.enabled
        endpoint.disabled_reason = "" if data.enabled else f"disabled by {actor.name}"
    after = _settings(endpoint)
    changes = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    if changes:
        endpoint.updated_at = clock.now()
        events.record(session, kind=EventKind.WEBHOOK_UPDATED, actor=actor,
                      data={"webhook_id": endpoint.id, "url": endpoint.url, "changes": changes})
        session.flush()
    return public(endpoint, counts(session, [endpoint.id])[endpoint.id])


def rotate_secret(*, session: Session, endpoint_id: int, actor: Actor,
                  overlap_hours: float) -> WebhookWithSecret:
    """A new secret; the old one goes on signing (as a second signature) for the overlap."""
    endpoint = get_endpoint(session=session, endpoint_id=endpoint_id)
    now = clock.now()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + timedelta(hours=overlap_hours)
    endpoint.secret = messages.new_secret()
    endpoint.updated_at = now
    events.record(session, kind=EventKind.WEBHOOK_UPDATED, actor=actor,
                  data={"webhook_id": endpoint.id, "url": endpoint.url,
                        "changes": {"secret": "rotated"},
                        "previous_secret_until": endpoint.previous_secret_until.isoformat()})
    session.flush()
    return WebhookWithSecret(**public(endpoint, counts(session, [endpoint.id])[endpoint.id])
                             .model_dump(), secret=endpoint.secret)


def remove_endpoint(*, session: Session, endpoint_id: int, actor: Actor) -> None:
    """Removes it with its queue and history of deliveries."""
    endpoint = get_endpoint(session=session, endpoint_id=endpoint_id)
    events.record(session, kind=EventKind.WEBHOOK_REMOVED, actor=actor,
                  data={"webhook_id": endpoint.id, **_settings(endpoint)})
    session.delete(endpoint)
    session.flush()


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 19:
        raise Invalid("malformed cursor; pass next_cursor back as given", code="invalid_cursor")
    return int(value)


def deliveries(*, session: Session, endpoint_id: int, states: list[str] | None = None,
               limit: int = 50, cursor: str | None = None
               ) -> tuple[list[DeliveryPublic], str | None]:
    """An endpoint's deliveries, newest first, paged by id."""
    get_endpoint(session=session, endpoint_id=endpoint_id)
    query = (
        select(WebhookDelivery, Event.kind)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(min(limit, PAGE_MAX) + 1)
    )
    if states:
        query = query.where(WebhookDelivery.state.in_(states))
    before = _cursor(cursor)
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    rows = session.execute(query).all()
    more = len(rows) > min(limit, PAGE_MAX)
    rows = rows[: min(limit, PAGE_MAX)]
    page = [delivery_public(d, kind.value) for d, kind in rows]
    return page, (str(rows[-1][0].id) if more and rows else None)


def delivery_public(d: WebhookDelivery, kind: str) -> DeliveryPublic:
    waiting = d.state in (queue.PENDING, queue.BLOCKED)
    return DeliveryPublic(
        id=d.id,
        endpoint_id=d.endpoint_id,
        event_id=d.event_id,
        message_id=messages.message_id(d.event_id),
        type=messages.message_type(kind, d.ticket_id),
        ticket_id=d.ticket_id,
        state=d.state,  # type: ignore[arg-type]
        attempts=d.attempts,
        next_attempt_at=d.next_attempt_at if waiting else None,
        last_attempt_at=d.last_attempt_at,
        last_status=d.last_status,
        last_error=d.last_error,
        delivered_at=d.delivered_at,
        created_at=d.created_at,
    )


def redeliver(*, session: Session, endpoint_id: int, delivery_ids: list[int] | None,
              now: datetime | None = None) -> int:
    """Dead letters of this endpoint due again now, with a fresh retry budget (the same
    ``webhook-id``: receivers that took it already drop it). Only dead ones: a delivery
    still on its way is left alone."""
    get_endpoint(session=session, endpoint_id=endpoint_id)
    now = now or clock.now()
    query = select(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.state == queue.DEAD
    ).with_for_update()
    if delivery_ids is not None:
        query = query.where(WebhookDelivery.id.in_(
            [i for i in delivery_ids if 0 < i < 2**63]))
    rows = session.scalars(query).all()
    for d in rows:
        d.state, d.next_attempt_at, d.first_attempt_at = queue.PENDING, now, None
        d.last_error = f"redelivery asked for; before: {d.last_error}"[: queue.ERROR_MAX]
    session.flush()
    return len(rows)
