"""Intake: a ticket created against its type's template, addressed to a group and routed
in the same transaction; retries with the same idempotency key or external reference answer
with the ticket already made."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind, FieldKind, Status
from ticketdesk.common.fields import validate_fields
from ticketdesk.common.models import TicketCreate

from ... import clock
from ...store.locks import try_lock_submission
from ...store.schema import Event, Ticket
from .. import events, phones, routing, search_text
from ..actors import Actor
from ..errors import Conflict, Invalid
from ..reference import ReferenceCache
from ..sla import tracking as sla
from . import written
from .queries import visible

CREATED, REPLAYED, EXISTING = "created", "replayed", "existing"
"""How ``submit_ticket`` answered: a new ticket; the one this idempotency key made; the one
that already carries this external reference."""


@dataclass
class Created:
    """A new ticket and its whole record so far: what creating it wrote (the ``created``
    event, then ``held``, or ``queued`` and perhaps ``assigned``), oldest first."""

    ticket: Ticket
    written: list[Event]


@dataclass
class Submission:
    """What ``submit_ticket`` answered: the ticket, how (``CREATED``, ``REPLAYED`` or
    ``EXISTING``), and for a new ticket the events its creation wrote (else empty: the
    record is in the database)."""

    ticket: Ticket
    how: str
    written: list[Event]


def fingerprint(data: TicketCreate) -> str:
    """The submission as sent, canonically: a retry with the same key must send the same."""
    canonical = json.dumps(data.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def submit_ticket(
    *,
    session: Session,
    data: TicketCreate,
    actor: Actor,
    idempotency_key: str | None = None,
    refs: ReferenceCache | None = None,
    ensure_order: Callable[[Session, str], None] | None = None,
) -> Submission:
    """Create a ticket; or return the one this creator already submitted with this
    idempotency key (the same body, else 422 ``idempotency_key_reused``; 409
    ``idempotency_key_in_flight`` while that submission still runs); or the one that already
    carries this external reference. Keys are kept as long as their tickets (so well past
    24 hours)."""
    digest = fingerprint(data) if idempotency_key else None
    found = _earlier(session, data, actor, idempotency_key, digest)
    if found is not None:
        return found
    if idempotency_key and not try_lock_submission(session, actor.user_id, idempotency_key):
        raise Conflict(
            "a request with this Idempotency-Key is still being processed; retry in a moment",
            code="idempotency_key_in_flight",
        )
    if idempotency_key:
        # It may have committed between the first look and the lock.
        found = _earlier(session, data, actor, idempotency_key, digest)
        if found is not None:
            return found
    # No savepoint around the insert (two more round trips for every ticket): when the same
    # key or reference is submitted twice at the same moment, the loser's flush raises a
    # unique violation, which aborts the caller's transaction; its owner runs it again (the
    # request's unit of work does, for 23505), and that run's first look finds the winner.
    created = create_ticket(session=session, data=data, actor=actor,
                            idempotency_key=idempotency_key, refs=refs,
                            idempotency_fingerprint=digest, ensure_order=ensure_order)
    return Submission(created.ticket, CREATED, created.written)


def _earlier(
    session: Session, data: TicketCreate, actor: Actor, key: str | None, digest: str | None
) -> Submission | None:
    if key:
        ticket = session.scalars(
            select(Ticket).where(Ticket.created_by_id == actor.user_id,
                                 Ticket.idempotency_key == key)
        ).one_or_none()
        if ticket is not None:
            # (Tickets from before fingerprints were kept have none: taken as the same.)
            if ticket.idempotency_fingerprint not in (None, digest):
                raise Invalid(
                    "this Idempotency-Key was used for a different request; use a new key "
                    "for a new ticket",
                    code="idempotency_key_reused",
                    details={"ticket_id": ticket.id},
                )
            return Submission(ticket, REPLAYED, [])
    if data.external_id is not None:
        ticket = session.scalars(
            select(Ticket).where(Ticket.source == data.source,
                                 Ticket.external_id == data.external_id)
        ).one_or_none()
        if ticket is not None:
            seen = session.scalars(
                visible(select(Ticket.id).where(Ticket.id == ticket.id), actor)
            ).one_or_none()
            if seen is None:
                raise Conflict(
                    f"{data.source} {data.external_id} already has a ticket you may not see",
                    code="external_reference_taken",
                )
            return Submission(ticket, EXISTING, [])
    return None


def create_ticket(
    *,
    session: Session,
    data: TicketCreate,
    actor: Actor,
    idempotency_key: str | None = None,
    refs: ReferenceCache | None = None,
    idempotency_fingerprint: str | None = None,
    ensure_order: Callable[[Session, str], None] | None = None,
) -> Created:
    """Create a ticket addressed to a group, checked against its type's template. ``refs``:
    the process's cache of types and groups (a fresh one reads them from the database)."""
    refs = refs or ReferenceCache()
    ttype = refs.ticket_type(session, data.type, field="type")
    if not ttype.active:
        raise Invalid(
            f"ticket type {ttype.key!r} is retired", code="type_inactive", details={"field": "type"}
        )
    if data.group is not None:
        group = refs.group(session, data.group, field="group")
    elif ttype.default_group_id is not None:
        group = refs.group(session, ttype.default_group_id)
    else:
        raise Invalid(
            f"ticket type {ttype.key!r} has no default group; say which group",
            code="group_required",
            details={"field": "group"},
        )
    if not group.active:
        raise Invalid(
            f"group {group.name!r} is inactive", code="group_inactive", details={"field": "group"}
        )

    clean, errors = validate_fields(ttype.specs, data.fields)
    if errors:
        raise Invalid(
            "some fields are missing or invalid",
            code="invalid_fields",
            details=[e.as_dict() for e in errors],
        )
    order_no = data.order_no or next(
        (clean[s.key] for s in ttype.specs if s.kind is FieldKind.ORDER_NO and s.key in clean),
        None,
    )
    if order_no and ensure_order is not None:
        # An order unknown here is fetched from the order system first (bounded by its
        # timeout), so routing can prefer its owner.
        ensure_order(session, order_no)
    phone = next(
        (str(clean[s.key]) for s in ttype.specs if s.kind is FieldKind.PHONE and clean.get(s.key)),
        None,
    )
    priority = data.priority or ttype.default_priority
    now = clock.now()
    ticket = Ticket(
        type_id=ttype.id,
        type_key=ttype.key,
        type_version=ttype.version,
        title=data.title,
        body=data.body if data.body is not None else ttype.body_template,
        fields=clean,
        group_id=group.id,
        priority=priority,
        priority_rank=priority.rank,
        status=Status.QUEUED,
        order_no=order_no,
        created_by_id=actor.user_id,
        created_by_name=actor.name,
        created_at=now,
        updated_at=now,
        transfer_count=0,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=idempotency_fingerprint,
        source=data.source,
        external_id=data.external_id,
        phone_e164=phones.e164(phone) if phone else None,
    )
    # Due times on the holding group's calendar, from the moment of creation.
    sla.start(ticket, ttype.sla, group.hours, now)
    ticket.lapsed_ids = []
    ticket.version = 1
    created = events.build(
        kind=EventKind.CREATED,
        actor=actor,
        ticket=ticket,
        data={
            "type": ttype.key,
            "title": ticket.title,
            "group_id": group.id,
            "group": group.name,
            "priority": priority.value,
            "order_no": order_no,
            **({"source": data.source, "external_id": data.external_id}
               if data.external_id is not None else {}),
        },
    )
    # The ticket is written as routing left it (held, queued, or already offered), with its
    # events, in one statement: routing only reads.
    routed = routing.route_new(session, ticket, actor, group=group)
    ticket.search = _search_document(ticket)
    written.write_new(session, ticket, [created, *routed.events],
                      offered_to=routed.offered_to, now=clock.now())
    return Created(ticket, [created, *routed.events])


def _search_document(ticket: Ticket) -> str:
    values = [str(v) for v in ticket.fields.values()]
    return search_text.document(ticket.title, ticket.body, ticket.order_no or "", *values)


# ---------------------------------------------------------------- acting
