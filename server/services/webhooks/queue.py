"""The delivery queue over the outbox table: claim, record outcomes, retry, dead-letter.

Several server processes share it. A claim takes due rows ``FOR UPDATE SKIP LOCKED`` and
marks them ``sending`` with a lease longer than one attempt can take, in one short
transaction; the attempt runs outside any transaction, and its outcome is written after.
A server that dies mid-attempt leaves its rows leased; when the lease runs out they are
due again (at least once: the ``webhook-id`` lets the receiver drop the repeat).

Order per ticket and endpoint: a row is only claimed while no earlier row of its ticket to
that endpoint is unfinished; later rows wait ``blocked`` and are released one at a time.
Nothing else waits on anything: each endpoint is claimed for separately, up to its own
number of free slots, so one slow or failing endpoint or payload holds up nobody else."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind

from ...store.schema import Event, WebhookDelivery, WebhookEndpoint
from .. import events
from ..actors import Actor
from . import messages

BLOCKED, PENDING, SENDING, DELIVERED, DEAD = "blocked", "pending", "sending", "delivered", "dead"
OPEN_STATES = (BLOCKED, PENDING, SENDING)
ERROR_MAX = 1000


@dataclass(frozen=True)
class Policy:
    timeout_seconds: float = 10.0
    base_seconds: float = 5.0
    max_seconds: float = 3600.0
    budget_seconds: float = 86400.0
    secret_overlap_hours: float = 24.0

    @property
    def lease(self) -> timedelta:
        # Longer than an attempt can last (resolving and sending are bounded by the timeout
        # together) plus the time to record its outcome, so a row is never claimed again
        # while its attempt may still be going on.
        return timedelta(seconds=self.timeout_seconds * 2 + 2)

    def backoff(self, attempts: int) -> float:
        """The wait after the ``attempts``-th failure: doubling, capped, with full jitter in
        its upper half (receivers that failed together do not retry together)."""
        wait = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return wait * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    endpoint_id: int
    url: str
    secrets: tuple[str, ...]
    msg_id: str
    body: str
    attempt: int
    ticket_id: int | None


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    endpoint_id: int
    ok: bool
    status: int | None = None
    error: str = ""
    retry_after: float | None = None
    gone: bool = False
    """410 Gone: the receiver says it will never take messages again; its endpoint is
    disabled (its queue stays, for when an admin enables it again)."""
    interrupted: bool = False
    """The server stopped mid-attempt: due again at once, nothing counted against it."""


@dataclass
class Claimed:
    attempts: list[Attempt] = field(default_factory=list)
    full: set[int] = field(default_factory=set)
    """Endpoints that had at least as many due rows as slots: claim again soon."""


_CLAIM = text("""
    WITH picked AS (
        SELECT c.id
        FROM unnest(CAST(:endpoints AS int[]), CAST(:rooms AS int[])) AS e(id, room)
        CROSS JOIN LATERAL (
            SELECT d.id FROM webhook_deliveries d
            WHERE d.endpoint_id = e.id AND d.state = 'pending' AND d.next_attempt_at <= :now
              AND NOT EXISTS (
                  SELECT 1 FROM webhook_deliveries p
                  WHERE p.endpoint_id = d.endpoint_id AND p.ticket_id = d.ticket_id
                    AND p.id < d.id AND p.state IN ('blocked', 'pending', 'sending'))
            ORDER BY d.next_attempt_at, d.id
            LIMIT e.room
            FOR UPDATE OF d SKIP LOCKED
        ) c
    )
    UPDATE webhook_deliveries d
    SET state = 'sending', attempts = d.attempts + 1, lease_until = :lease,
        last_attempt_at = :now, first_attempt_at = coalesce(d.first_attempt_at, :now)
    FROM picked WHERE d.id = picked.id
    RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, d.ticket_id
""")

_RELEASE_NEXT = text("""
    UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = :now
    WHERE id IN (
        SELECT min(b.id) FROM webhook_deliveries b
        JOIN unnest(CAST(:endpoints AS int[]), CAST(:tickets AS bigint[]))
             AS k(endpoint_id, ticket_id)
          ON b.endpoint_id = k.endpoint_id AND b.ticket_id = k.ticket_id
        WHERE b.state = 'blocked'
        GROUP BY b.endpoint_id, b.ticket_id)
""")

_UNSTICK = text("""
    UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = :now
    WHERE id IN (
        SELECT min(b.id) FROM webhook_deliveries b WHERE b.state = 'blocked'
        GROUP BY b.endpoint_id, b.ticket_id
        HAVING NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
            WHERE p.endpoint_id = b.endpoint_id AND p.ticket_id = b.ticket_id
              AND p.state IN ('pending', 'sending')))
""")


def enabled_endpoints(session: Session) -> list[int]:
    return list(session.scalars(
        select(WebhookEndpoint.id).where(WebhookEndpoint.enabled).order_by(WebhookEndpoint.id)
    ))


def claim(session: Session, rooms: dict[int, int], *, now: datetime, policy: Policy) -> Claimed:
    """Claim up to ``rooms[endpoint]`` due deliveries per endpoint and build their messages.
    Commits (the claim must be visible to every other server before anything is sent)."""
    result = Claimed()
    rooms = {e: n for e, n in rooms.items() if n > 0}
    if not rooms:
        return result
    rows = session.execute(_CLAIM, {
        "endpoints": list(rooms), "rooms": list(rooms.values()), "now": now,
        "lease": now + policy.lease,
    }).all()
    if not rows:
        session.commit()
        return result
    per_endpoint: dict[int, int] = {}
    for row in rows:
        per_endpoint[row.endpoint_id] = per_endpoint.get(row.endpoint_id, 0) + 1
    result.full = {e for e, n in per_endpoint.items() if n >= rooms[e]}
    event_rows = session.scalars(select(Event).where(Event.id.in_({r.event_id for r in rows})))
    bodies = {e.id: messages.body(e) for e in event_rows}
    endpoints = {
        e.id: e for e in session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id.in_(per_endpoint)))
    }
    for row in sorted(rows, key=lambda r: r.id):
        endpoint = endpoints[row.endpoint_id]
        result.attempts.append(Attempt(
            delivery_id=row.id,
            endpoint_id=row.endpoint_id,
            url=endpoint.url,
            secrets=signing_secrets(endpoint, now),
            msg_id=messages.message_id(row.event_id),
            body=bodies[row.event_id],
            attempt=row.attempts,
            ticket_id=row.ticket_id,
        ))
    session.commit()
    return result


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> tuple[str, ...]:
    """The current secret, and the previous one while a rotation overlaps."""
    if endpoint.previous_secret and endpoint.previous_secret_until and (
        endpoint.previous_secret_until > now
    ):
        return (endpoint.secret, endpoint.previous_secret)
    return (endpoint.secret,)


def record(session: Session, outcomes: Sequence[Outcome], *, now: datetime,
           policy: Policy) -> None:
    """Write what the attempts came to; release the next delivery of each finished ticket.
    Rows no longer ``sending`` (removed, redelivered meanwhile) are left as they are.
    Commits."""
    finished: list[int] = []
    gone: dict[int, Outcome] = {}
    rows = {
        d.id: d for d in session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.id.in_([o.delivery_id for o in outcomes]),
                   WebhookDelivery.state == SENDING)
            .with_for_update()
        )
    }
    for outcome in outcomes:
        row = rows.get(outcome.delivery_id)
        if row is None:
            continue
        row.lease_until = None
        row.last_status = outcome.status
        if outcome.ok:
            row.state, row.delivered_at, row.last_error = DELIVERED, now, ""
            finished.append(row.id)
            continue
        row.last_error = outcome.error[:ERROR_MAX]
        if outcome.interrupted:
            row.state, row.next_attempt_at = PENDING, now
            row.attempts = max(0, row.attempts - 1)
            continue
        if outcome.gone:
            gone[outcome.endpoint_id] = outcome
            row.state, row.next_attempt_at = PENDING, now
            continue
        first = row.first_attempt_at or now
        if (now - first).total_seconds() >= policy.budget_seconds:
            row.state = DEAD
            finished.append(row.id)
            continue
        wait = policy.backoff(row.attempts)
        if outcome.retry_after is not None:
            # Honoured as asked, up to the whole budget (an absurd value dead-letters it
            # after one more try rather than never).
            wait = min(max(outcome.retry_after, 0.0), policy.budget_seconds)
        row.state, row.next_attempt_at = PENDING, now + timedelta(seconds=wait)
    session.flush()
    release_next(session, [rows[i] for i in finished], now=now)
    for endpoint_id, outcome in gone.items():
        _disable_gone(session, endpoint_id, outcome, now)
    session.commit()


def release_next(session: Session, done: Iterable[WebhookDelivery], *, now: datetime) -> None:
    keys = {(d.endpoint_id, d.ticket_id) for d in done if d.ticket_id is not None}
    if keys:
        session.execute(_RELEASE_NEXT, {
            "endpoints": [k[0] for k in keys], "tickets": [k[1] for k in keys], "now": now,
        })


def _disable_gone(session: Session, endpoint_id: int, outcome: Outcome, now: datetime) -> None:
    endpoint = session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if endpoint is None or not endpoint.enabled:
        return
    endpoint.enabled = False
    endpoint.disabled_reason = "the receiver answered 410 Gone"
    endpoint.updated_at = now
    events.record(
        session,
        kind=EventKind.WEBHOOK_UPDATED,
        actor=Actor.system("webhooks"),
        data={"webhook_id": endpoint.id, "url": endpoint.url,
              "changes": {"enabled": {"from": True, "to": False}},
              "reason": endpoint.disabled_reason},
    )


def expire_leases(session: Session, *, now: datetime) -> int:
    """Rows whose server stopped mid-attempt without a word: due again now. Commits."""
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.state == SENDING, WebhookDelivery.lease_until < now)
        .values(state=PENDING, next_attempt_at=now, lease_until=None,
                last_error="no outcome recorded: the server sending it stopped")
    )
    session.commit()
    return result.rowcount


def unstick(session: Session, *, now: datetime) -> int:
    """Release a blocked head whose predecessor finished in a transaction that overlapped
    its own insert (neither saw the other). Rare; a backstop. Commits."""
    result = session.execute(_UNSTICK, {"now": now})
    session.commit()
    return result.rowcount


def forget_delivered(session: Session, *, before: datetime) -> int:
    result = session.execute(
        text("DELETE FROM webhook_deliveries WHERE state = 'delivered' AND delivered_at < :b"),
        {"b": before},
    )
    session.commit()
    return result.rowcount
