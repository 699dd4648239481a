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

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind

from ...store.schema import WebhookDelivery, WebhookEndpoint
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
        -- Enabled as of this statement, not as of the read that chose the endpoints: a 410
        -- recorded in between makes the row due and disables its endpoint in one commit,
        -- and this statement must see both or neither.
        JOIN webhook_endpoints w ON w.id = e.id AND w.enabled
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
    FROM picked, events ev WHERE d.id = picked.id AND ev.id = d.event_id
    RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, d.ticket_id,
        ev.kind, ev.created_at AS event_at, ev.kpi_group_id, ev.audience_groups,
        ev.actor_id, ev.actor_name, ev.data
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


def enabled_endpoints(session: Session) -> list[WebhookEndpoint]:
    return list(session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.enabled).order_by(WebhookEndpoint.id)
    ))


def claim(session: Session, rooms: dict[int, int], *, now: datetime, policy: Policy,
          endpoints: dict[int, WebhookEndpoint]) -> Claimed:
    """Claim up to ``rooms[endpoint]`` due deliveries per endpoint and build their messages
    (the rows come back with their events' columns: one statement). ``endpoints`` holds at
    least the endpoints in ``rooms``, read in this session. Commits (the claim must be
    visible to every other server before anything is sent)."""
    result = Claimed()
    rooms = {e: n for e, n in rooms.items() if n > 0}
    if not rooms:
        session.commit()
        return result
    without_waiting_for_the_disk(session)
    rows = session.execute(_CLAIM, {
        "endpoints": list(rooms), "rooms": list(rooms.values()), "now": now,
        "lease": now + policy.lease,
    }).all()
    per_endpoint: dict[int, int] = {}
    for row in rows:
        per_endpoint[row.endpoint_id] = per_endpoint.get(row.endpoint_id, 0) + 1
    result.full = {e for e, n in per_endpoint.items() if n >= rooms[e]}
    secrets = {e: signing_secrets(endpoints[e], now) for e in per_endpoint}
    for row in sorted(rows, key=lambda r: r.id):
        data = row.data if not isinstance(row.data, str) else json.loads(row.data)
        result.attempts.append(Attempt(
            delivery_id=row.id,
            endpoint_id=row.endpoint_id,
            url=endpoints[row.endpoint_id].url,
            secrets=secrets[row.endpoint_id],
            msg_id=messages.message_id(row.event_id),
            body=messages.dumps(messages.payload_of(
                row.event_id, row.kind, row.ticket_id, row.event_at, row.kpi_group_id,
                row.audience_groups, row.actor_id, row.actor_name, data)),
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


_RECORD = text("""
    WITH v AS (
        SELECT * FROM unnest(
            CAST(:ids AS bigint[]), CAST(:ok AS boolean[]), CAST(:status AS int[]),
            CAST(:error AS text[]), CAST(:wait AS float8[]), CAST(:gone AS boolean[]),
            CAST(:interrupted AS boolean[]))
        AS v(id, ok, status, error, wait, gone, interrupted)
    ), done AS (
        UPDATE webhook_deliveries d SET
            lease_until = NULL,
            last_status = v.status,
            last_error = CASE WHEN v.ok THEN '' ELSE v.error END,
            delivered_at = CASE WHEN v.ok THEN CAST(:now AS timestamptz) ELSE d.delivered_at END,
            attempts = CASE WHEN v.interrupted THEN greatest(0, d.attempts - 1)
                            ELSE d.attempts END,
            state = CASE
                WHEN v.ok THEN 'delivered'
                WHEN v.interrupted OR v.gone THEN 'pending'
                WHEN :now - coalesce(d.first_attempt_at, :now) >= :budget THEN 'dead'
                ELSE 'pending' END,
            next_attempt_at = CASE
                WHEN v.ok THEN d.next_attempt_at
                WHEN v.interrupted OR v.gone THEN :now
                -- Retry-After as asked, up to the whole budget (an absurd value dead-letters
                -- it after one more try rather than never); else doubling, capped, with full
                -- jitter in its upper half (receivers that failed together do not retry
                -- together).
                WHEN v.wait IS NOT NULL THEN
                    :now + make_interval(secs => least(greatest(v.wait, 0), :budget_s))
                ELSE :now + make_interval(secs =>
                    least(:max_s, :base_s * power(2, greatest(0, d.attempts - 1)))
                    * (0.5 + random() * 0.5))
            END
        FROM v
        WHERE d.id = v.id AND d.state = 'sending'
        RETURNING d.id, d.endpoint_id, d.ticket_id, d.state
    ), released AS (
        UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = :now
        WHERE id IN (
            SELECT min(b.id) FROM webhook_deliveries b
            JOIN done ON b.endpoint_id = done.endpoint_id AND b.ticket_id = done.ticket_id
            WHERE b.state = 'blocked' AND done.state IN ('delivered', 'dead')
            GROUP BY b.endpoint_id, b.ticket_id)
        RETURNING id
    )
    SELECT (SELECT count(*) FROM released) AS released
""")


def without_waiting_for_the_disk(session: Session) -> None:
    """This transaction's commit does not wait for its WAL to reach the disk (it is
    visible to every other session at once all the same). Waiting for the flush was most of
    a claim's and a record's time at a thousand deliveries a second. Safe for the queue's
    own bookkeeping: if the database crashes, what it loses is the latest claims and
    outcomes, all together and in order (the WAL is one sequence), so those rows are sent
    again, in order per ticket: at least once, as promised, and receivers drop the repeat
    by its webhook-id. Never for the events themselves: those commit with the request."""
    session.execute(text("SET LOCAL synchronous_commit = off"))


def record(session: Session, outcomes: Sequence[Outcome], *, now: datetime,
           policy: Policy) -> None:
    """Write what the attempts came to and release the next delivery of each finished
    ticket, in one statement for the whole batch (a round trip per row was most of the
    delivery loop's database time). Rows no longer ``sending`` (removed, redelivered
    meanwhile) are left as they are. Commits."""
    if not outcomes:
        return
    without_waiting_for_the_disk(session)
    session.execute(_RECORD, {
        "ids": [o.delivery_id for o in outcomes],
        "ok": [o.ok for o in outcomes],
        "status": [o.status for o in outcomes],
        "error": [o.error[:ERROR_MAX] for o in outcomes],
        "wait": [o.retry_after for o in outcomes],
        "gone": [o.gone and not o.ok for o in outcomes],
        "interrupted": [o.interrupted and not o.ok for o in outcomes],
        "now": now,
        "budget": timedelta(seconds=policy.budget_seconds),
        "budget_s": policy.budget_seconds,
        "base_s": policy.base_seconds,
        "max_s": policy.max_seconds,
    })
    for endpoint_id in {o.endpoint_id for o in outcomes if o.gone and not o.ok}:
        _disable_gone(session, endpoint_id, now)
    session.commit()


def _disable_gone(session: Session, endpoint_id: int, now: datetime) -> None:
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
