"""What a delivery sends: the Standard Webhooks message of one event, and its signatures.

The body is built from the event row alone (append-only), so every attempt of a delivery
sends the same bytes under the same ``webhook-id``; only ``webhook-timestamp`` and the
signatures over ``id.timestamp.body`` are fresh per attempt."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from standardwebhooks.webhooks import Webhook

from ...store.schema import Event

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    """``whsec_`` + base64 of 32 random bytes, the form the spec's libraries take."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id(event_id: int) -> str:
    """The same for every attempt and every endpoint: receivers de-duplicate by it."""
    return f"msg_td{event_id}"


def message_type(kind: str, ticket_id: int | None) -> str:
    return f"ticket.{kind}" if ticket_id is not None else f"ticketdesk.{kind}"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def payload(event: Event) -> dict[str, Any]:
    return {
        "type": message_type(event.kind.value, event.ticket_id),
        "timestamp": _utc(event.created_at),
        "data": {
            "event_id": event.id,
            "kind": event.kind.value,
            "ticket_id": event.ticket_id,
            "group_id": event.kpi_group_id,
            "groups": list(event.audience_groups),
            "actor": {"id": event.actor_id, "name": event.actor_name},
            "at": _utc(event.created_at),
            "details": event.data,
        },
    }


def body(event: Event) -> str:
    return json.dumps(payload(event), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True, default=str)


def signature(secrets_: Iterable[str], msg_id: str, timestamp: datetime, data: str) -> str:
    """``v1,<base64>`` per secret, space separated (several while a rotation overlaps)."""
    return " ".join(Webhook(s).sign(msg_id, timestamp, data) for s in secrets_)


def headers(secrets_: Iterable[str], msg_id: str, timestamp: datetime, data: str
            ) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": "TicketDesk-Webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature(secrets_, msg_id, timestamp, data),
    }
