"""What a delivery sends: the Standard Webhooks message of one event, and its signatures.

The body is built from the event row alone (append-only), so every attempt of a delivery
sends the same bytes under the same ``webhook-id``; only ``webhook-timestamp`` and the
signatures over ``id.timestamp.body`` are fresh per attempt."""

from __future__ import annotations

import base64
import functools
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
    return payload_of(event.id, event.kind.value, event.ticket_id, event.created_at,
                      event.kpi_group_id, event.audience_groups, event.actor_id,
                      event.actor_name, event.data)


def payload_of(event_id: int, kind: str, ticket_id: int | None, created_at: datetime,
               group_id: int | None, groups: Iterable[int], actor_id: int | None,
               actor_name: str, data: Any) -> dict[str, Any]:
    """The message of an event from its columns (the claim reads them with its rows)."""
    return {
        "type": message_type(kind, ticket_id),
        "timestamp": _utc(created_at),
        "data": {
            "event_id": event_id,
            "kind": kind,
            "ticket_id": ticket_id,
            "group_id": group_id,
            "groups": list(groups),
            "actor": {"id": actor_id, "name": actor_name},
            "at": _utc(created_at),
            "details": data,
        },
    }


def body(event: Event) -> str:
    return dumps(payload(event))


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      default=str)


@functools.lru_cache(maxsize=256)
def _signer(secret: str) -> Webhook:
    return Webhook(secret)


def signature(secrets_: Iterable[str], msg_id: str, timestamp: datetime, data: str) -> str:
    """``v1,<base64>`` per secret, space separated (several while a rotation overlaps)."""
    return " ".join(_signer(s).sign(msg_id, timestamp, data) for s in secrets_)


def headers(secrets_: Iterable[str], msg_id: str, timestamp: datetime, data: str
            ) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": "TicketDesk-Webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature(secrets_, msg_id, timestamp, data),
    }
