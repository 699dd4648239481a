"""Standard Webhooks endpoints, their deliveries and dead letters (admin only)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .. import limits
from ..enums import EventKind
from . import examples as ex
from .base import Description, RequestModel, UtcDateTime, WireModel, examples, text

Url = text(strip=True, min_length=1, max_length=limits.URL_MAX)
DeliveryState = Literal["blocked", "pending", "sending", "delivered", "dead"]


class WebhookCreate(RequestModel):
    model_config = examples(ex.WEBHOOK_CREATE)
    url: Url
    """Where messages are POSTed (https://…); must resolve to a public address unless the
    server's ``webhook_allowed_networks`` allows it."""
    description: Description = ""
    kinds: list[EventKind] = Field(default_factory=list, max_length=64)
    """Event kinds to send (``created``, ``assigned``, …); empty: every kind."""
    groups: list[int] = Field(default_factory=list, max_length=500)
    """Group ids: only events of tickets in (or leaving) these groups; empty: all groups."""
    enabled: bool = True


class WebhookUpdate(RequestModel):
    model_config = examples(*ex.WEBHOOK_UPDATES)
    url: Url | None = None
    description: Description | None = None
    kinds: list[EventKind] | None = Field(None, max_length=64)
    groups: list[int] | None = Field(None, max_length=500)
    enabled: bool | None = None


class WebhookCounts(WireModel):
    pending: int = 0
    """Waiting or being sent (including those waiting behind an earlier one of their ticket)."""
    delivered: int = 0
    dead: int = 0


class WebhookPublic(WireModel):
    model_config = examples(ex.WEBHOOK)
    id: int
    url: str
    description: str
    kinds: list[str]
    groups: list[int]
    enabled: bool
    disabled_reason: str
    """Why it is disabled: by an admin, or the receiver answered 410 Gone."""
    previous_secret_until: UtcDateTime | None = None
    """After a rotation the old secret also signs until then."""
    created_at: UtcDateTime
    updated_at: UtcDateTime
    counts: WebhookCounts = Field(default_factory=WebhookCounts)


class WebhookWithSecret(WebhookPublic):
    model_config = examples(ex.WEBHOOK_WITH_SECRET)
    secret: str
    """``whsec_…``: shown when the endpoint is created and when it is rotated, never again."""


class DeliveryPublic(WireModel):
    id: int
    endpoint_id: int
    event_id: int
    message_id: str
    """The ``webhook-id`` header: the same on every attempt."""
    type: str
    ticket_id: int | None
    state: DeliveryState
    attempts: int
    next_attempt_at: UtcDateTime | None
    last_attempt_at: UtcDateTime | None
    last_status: int | None
    last_error: str
    delivered_at: UtcDateTime | None
    created_at: UtcDateTime


class DeliveriesPage(WireModel):
    model_config = examples(ex.DELIVERIES_PAGE)
    data: list[DeliveryPublic]
    next_cursor: str | None = None


class RedeliverRequest(RequestModel):
    model_config = examples(*ex.REDELIVER_REQUESTS)
    deliveries: list[int] | None = Field(None, max_length=1000)
    """Dead deliveries of this endpoint to send again; omitted or null: all of them."""


class RedeliverResult(WireModel):
    model_config = examples(ex.REDELIVER_RESULT)
    redelivered: int
