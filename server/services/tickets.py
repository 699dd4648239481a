"""Tickets: creation against their type, listing and search, and the workflow actions.

Each action changes the ticket, appends its event(s) and flushes; the caller owns the
transaction (a request, a CLI command, a bulk move of many tickets) and commits or rolls
back all of it. The state machine in ``ticketdesk.common.workflow`` decides what is legal. Every
action locks the ticket's group before its row (``_lock_for``; see ``store.locks``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, cast, or_, select, update
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketdesk.common import limits, numbers
from ticketdesk.common.enums import (
    Action,
    AssignReason,
    EventKind,
    FieldKind,
    Priority,
    Status,
)
from ticketdesk.common.fields import validate_fields
from ticketdesk.common.models import AssignRequest, TicketCreate, TicketPublic
from ticketdesk.common.workflow import Verdict, allowed_actions, check, target_status

from .. import clock
from ..store.locks import lock_groups, try_lock_submission
from ..store.schema import Event, Group, Membership, Ticket
from . import events, lookup, phones, routing, search_text, spans
from .actors import Actor
from .assignment.capacity import load_and_capacity
from .errors import Conflict, Forbidden, Invalid, NotFound, RunAgain
from .reference import ReferenceCache

"""Statuses that count against an agent's capacity."""


# ---------------------------------------------------------------- reading


def visible(query: Select, actor: Actor) -> Select:
    """Restrict a ticket query to what the actor may see."""
    if actor.reads_all_tickets:
        return query
    me = actor.user_id if actor.user_id is not None else -1
    return query.where(
        or_(
            Ticket.group_id.in_(actor.group_ids or {-1}),
            Ticket.assignee_id == me,
            Ticket.created_by_id == me,
        )
    )


def get_ticket(*, session: Session, ticket_id: int, actor: Actor) -> Ticket:
    ticket = session.scalars(
        visible(select(Ticket).where(Ticket.id == ticket_id), actor)
    ).one_or_none()
    if ticket is None:
        # Not visible and not there answer alike, so ids cannot be probed.
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def ticket_events(*, session: Session, ticket_id: int) -> list[Event]:
    return list(
        session.scalars(select(Event).where(Event.ticket_id == ticket_id).order_by(Event.id))
    )


@dataclass
class TicketFilter:
    status: list[Status] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)
    assignee: int | str | None = None
    """A user id, ``me`` or ``none``."""
    order_no: str | None = None
    source: str | None = None
    external_id: str | None = None
    type_ids: list[int] = field(default_factory=list)
    priority: list[Priority] = field(default_factory=list)
    q: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    cursor: str | None = None
    limit: int = limits.PAGE_SIZE_DEFAULT


def encode_cursor(ticket_id: int) -> str:
    return base64.urlsafe_b64encode(f"t{ticket_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ticket_id = numbers.parse_int(raw[1:]) if raw.startswith("t") else None
        if ticket_id is None:
            raise ValueError
        return ticket_id
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise Invalid(
            "malformed cursor; pass next_cursor back as given", code="invalid_cursor"
        ) from exc


def list_tickets(
    *, session: Session, actor: Actor, filt: TicketFilter
) -> tuple[list[Ticket], str | None]:
    """One page of tickets, newest first, and the cursor of the next page (None at the end)."""
    query = visible(select(Ticket), actor)
    if filt.status:
        query = query.where(Ticket.status.in_(filt.status))
    if filt.group_ids:
        query = query.where(Ticket.group_id.in_(filt.group_ids))
    if filt.assignee == "me":
        query = query.where(Ticket.assignee_id == (actor.user_id or -1))
    elif filt.assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif filt.assignee is not None:
        assignee = numbers.parse_int(str(filt.assignee), max_digits=9)
        query = query.where(Ticket.assignee_id == (assignee if assignee is not None else -1))
    if filt.order_no:
        query = query.where(Ticket.order_no == filt.order_no)
    if filt.source:
        query = query.where(Ticket.source == filt.source)
    if filt.external_id:
        query = query.where(Ticket.external_id == filt.external_id)
    if filt.type_ids:
        query = query.where(Ticket.type_id.in_(filt.type_ids))
    if filt.priority:
        query = query.where(Ticket.priority.in_(filt.priority))
    if filt.created_from:
        query = query.where(Ticket.created_at >= filt.created_from)
    if filt.created_to:
        query = query.where(Ticket.created_at < filt.created_to)
    if filt.q:
        query = _text_filter(query, filt.q)
    if filt.cursor:
        query = query.where(Ticket.id < _decode_cursor(filt.cursor))
    limit = max(1, min(filt.limit, limits.PAGE_SIZE_MAX))
    rows = list(session.scalars(query.order_by(Ticket.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1].id) if more else None


def _text_filter(query: Select, q: str) -> Select:
    q = q.strip()
    number = q.lstrip("#")
    conditions = []
    ticket_id = numbers.parse_int(number)
    if ticket_id is not None:
        conditions.append(Ticket.id == ticket_id)
    # A call id or chat session id, as the other system shows it (exact: they are not words).
    conditions.append(Ticket.external_id == q)
    tsq = search_text.query(q)
    if tsq is not None:
        conditions.append(Ticket.search.op("@@")(cast(tsq, TSQUERY)))
    if not conditions:
        return query.where(False)
    return query.where(or_(*conditions))


# ---------------------------------------------------------------- creating


CREATED, REPLAYED, EXISTING = "created", "replayed", "existing"
"""How ``submit_ticket`` answered: a new ticket; the one this idempotency key made; the one
that already carries this external reference."""


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
) -> tuple[Ticket, str]:
    """Create a ticket; or return the one this creator already submitted with this
    idempotency key (the same body, else 422 ``idempotency_key_reused``; 409
    ``idempotency_key_in_flight`` while that submission still runs); or the one that already
    carries this external reference. Returns the ticket and ``CREATED``, ``REPLAYED`` or
    ``EXISTING``. Keys are kept as long as their tickets (so well past 24 hours)."""
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
    try:
        # A savepoint: losing the race undoes only this ticket, not the caller's transaction.
        with session.begin_nested():
            ticket = create_ticket(session=session, data=data, actor=actor,
                                   idempotency_key=idempotency_key, refs=refs,
                                   idempotency_fingerprint=digest, ensure_order=ensure_order)
        return ticket, CREATED
    except IntegrityError:
        # The same key or reference submitted twice at the same moment: the other one won.
        found = _earlier(session, data, actor, idempotency_key, digest)
        if found is None:
            raise
        return found


def _earlier(
    session: Session, data: TicketCreate, actor: Actor, key: str | None, digest: str | None
) -> tuple[Ticket, str] | None:
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
            return ticket, REPLAYED
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
            return ticket, EXISTING
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
) -> Ticket:
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
        first_response_due_at=_due(now, ttype.sla_first_response_minutes),
        resolution_due_at=_due(now, ttype.sla_resolution_minutes),
        transfer_count=0,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=idempotency_fingerprint,
        source=data.source,
        external_id=data.external_id,
        phone_e164=phones.e164(phone) if phone else None,
    )
    ticket.search = _search_document(ticket)  # before the INSERT: no second statement
    session.add(ticket)
    events.record(
        session,
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
    # Nothing is written before the flush: the ticket is inserted as routing left it (held,
    # queued, or already assigned), with its events, in one flush.
    with session.no_autoflush:
        routing.hold_queue_or_offer(session, ticket, actor, group=group)
    session.flush()
    return ticket


def _due(start: datetime, minutes: int | None) -> datetime | None:
    return start + timedelta(minutes=minutes) if minutes else None


def _search_document(ticket: Ticket) -> str:
    values = [str(v) for v in ticket.fields.values()]
    return search_text.document(ticket.title, ticket.body, ticket.order_no or "", *values)


# ---------------------------------------------------------------- acting


def _lock_for(
    session: Session,
    ticket_id: int,
    actor: Actor,
    action: Action,
    *,
    also_groups: Iterable[int] = (),
    version: int | None = None,
) -> Ticket:
    """Lock the ticket's group (and ``also_groups``), then the ticket's row — the one lock
    order of ``store.locks`` — then judge the action by the state machine. ``version``:
    the version the caller saw; a different one is a 409 ``version_conflict``."""
    group_id = session.scalar(
        visible(select(Ticket.group_id).where(Ticket.id == ticket_id), actor)
    )
    if group_id is None:
        raise NotFound(f"no ticket {ticket_id}")
    lock_groups(session, {group_id, *also_groups})
    ticket = session.scalars(
        visible(select(Ticket).where(Ticket.id == ticket_id), actor)
        .with_for_update(of=Ticket)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    if ticket.group_id != group_id:
        # Transferred between the read and the lock: its new group's lock would come after
        # the row's. Only the transaction's owner can let go of everything and start over.
        raise RunAgain(f"ticket {ticket_id} moved to another group while being locked")
    if version is not None and ticket.version != version:
        raise Conflict(
            f"the ticket changed since you saw it (version {version}, now {ticket.version})",
            code="version_conflict",
            details={
                "version": ticket.version,
                "ticket": TicketPublic.model_validate(ticket).model_dump(mode="json"),
            },
        )
    relation = actor.relation(ticket)
    verdict = check(action, ticket.status, relation)
    if verdict is Verdict.ILLEGAL:
        raise Conflict(
            f"cannot {action.value} a ticket that is {ticket.status.value}",
            code="illegal_transition",
            details={
                "status": ticket.status.value,
                "action": action.value,
                "allowed": sorted(a.value for a in allowed_actions(ticket.status, relation)),
            },
        )
    if verdict is Verdict.FORBIDDEN:
        raise Forbidden(f"you may not {action.value} this ticket", code="not_permitted")
    return ticket


def _touch(ticket: Ticket) -> datetime:
    ticket.updated_at = clock.now()
    return ticket.updated_at


def accept(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.ACCEPT)
    if ticket.status in (Status.QUEUED, Status.HELD):
        group = session.get_one(Group, ticket.group_id)
        membership = session.get(Membership, (ticket.group_id, actor.user_id))
        if membership is None:  # the actor is cached: removed from the group a moment ago
            raise Forbidden("you are no longer a member of this ticket's group",
                            code="not_a_member")
        load, capacity = load_and_capacity(session, group, membership, besides=ticket.id)
        if load >= capacity:
            raise Conflict(
                f"you already have {load} open tickets in {group.name} (capacity {capacity}); "
                "finish one first or ask a supervisor",
                code="over_capacity",
                details={"load": load, "capacity": capacity},
            )
    now = _touch(ticket)
    if ticket.status in (Status.QUEUED, Status.HELD):
        ticket.assignee_id = actor.user_id
        ticket.assigned_at = now
        ticket.held_until = None
        events.record(
            session,
            kind=EventKind.ASSIGNED,
            actor=actor,
            ticket=ticket,
            data={
                "reason": AssignReason.TAKEN.value,
                "agent_id": actor.user_id,
                "agent": actor.name,
            },
        )
    ticket.status = Status.IN_PROGRESS
    ticket.accepted_at = now
    ticket.accept_deadline = None
    ticket.last_handler_id = actor.user_id
    ticket.last_handled_at = now
    span = None
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        span = spans.first_response(ticket, now)
    events.record(session, kind=EventKind.ACCEPTED, actor=actor, ticket=ticket, data=_note(note),
                  span=span)
    session.flush()
    return ticket


def comment(*, session: Session, ticket_id: int, actor: Actor, body: str) -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.COMMENT)
    # One UPDATE, in SQL (the search document grows there); a Core-style UPDATE bypasses the
    # ORM's version counter, so it increments ``version`` itself, and "fetch" brings the new
    # values back into the loaded ticket.
    session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id)
        .values(
            search=Ticket.search.op("||")(cast(search_text.document(body), TSVECTOR)),
            updated_at=clock.now(),
            version=Ticket.version + 1,
        )
        .execution_options(synchronize_session="fetch")
    )
    events.record(
        session, kind=EventKind.COMMENTED, actor=actor, ticket=ticket, data={"body": body}
    )
    session.flush()
    return ticket


def transfer(
    *,
    session: Session,
    ticket_id: int,
    actor: Actor,
    group_ref: int | str,
    note: str,
    version: int | None = None,
) -> Ticket:
    """To another group, with the note the handover needs; queued (or offered at once) there."""
    target = lookup.group(session, group_ref, field="group")
    # Both groups' locks before the row: the inline offer in the new group needs its lock.
    ticket = _lock_for(session, ticket_id, actor, Action.TRANSFER, also_groups=[target.id],
                       version=version)
    if target.id == ticket.group_id:
        raise Invalid(
            "the ticket is already in that group", code="same_group", details={"field": "group"}
        )
    if not target.active:
        raise Invalid(
            f"group {target.name!r} is inactive", code="group_inactive", details={"field": "group"}
        )
    source = session.get_one(Group, ticket.group_id)
    previous_assignee = ticket.assignee_id
    ticket.group_id = target.id
    ticket.assignee_id = None
    ticket.lapsed_ids = []
    ticket.transfer_count += 1
    _touch(ticket)
    events.record(
        session,
        kind=EventKind.TRANSFERRED,
        actor=actor,
        ticket=ticket,
        data={
            "from_group_id": source.id,
            "from_group": source.name,
            "to_group_id": target.id,
            "to_group": target.name,
            "previous_assignee_id": previous_assignee,
            "note": note,
        },
        groups=[source.id],
        users=[previous_assignee] if previous_assignee else [],
        kpi_group=source.id,
    )
    routing.hold_queue_or_offer(session, ticket, actor)
    session.flush()
    return ticket


def set_pending(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    return _simple(session, ticket_id, actor, Action.PENDING, EventKind.PENDING, note)


def resume(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    return _simple(session, ticket_id, actor, Action.RESUME, EventKind.RESUMED, note)


def resolve(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.RESOLVE)
    ticket.status = Status.RESOLVED
    ticket.resolved_at = _touch(ticket)
    events.record(session, kind=EventKind.RESOLVED, actor=actor, ticket=ticket, data=_note(note),
                  span=spans.handling(ticket, ticket.resolved_at))
    session.flush()
    return ticket


def close(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.CLOSE)
    ticket.status = Status.CLOSED
    ticket.closed_at = _touch(ticket)
    events.record(session, kind=EventKind.CLOSED, actor=actor, ticket=ticket, data=_note(note))
    session.flush()
    return ticket


def reopen(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.REOPEN)
    previous_assignee = ticket.assignee_id
    ticket.resolved_at = None
    ticket.closed_at = None
    _touch(ticket)
    events.record(
        session,
        kind=EventKind.REOPENED,
        actor=actor,
        ticket=ticket,
        data={**_note(note), "previous_assignee_id": previous_assignee},
    )
    routing.hold_queue_or_offer(session, ticket, actor)
    session.flush()
    return ticket


def assign(*, session: Session, ticket_id: int, actor: Actor, data: AssignRequest) -> Ticket:
    """A supervisor's hand: to a member of the ticket's group, or back to the queue (None)."""
    ticket = _lock_for(session, ticket_id, actor, Action.ASSIGN, version=data.version)
    previous = ticket.assignee_id
    if data.agent is None:
        if previous is None:
            raise Conflict("the ticket is not assigned to anyone", code="not_assigned")
        _touch(ticket)
        # Taken from them on purpose: pass them over while anyone else is eligible, as for
        # an offer they let lapse (else least-loaded would hand it straight back).
        ticket.lapsed_ids = sorted({*ticket.lapsed_ids, previous})
        events.record(
            session,
            kind=EventKind.UNASSIGNED,
            actor=actor,
            ticket=ticket,
            data={"previous_assignee_id": previous, "reason": "manual",
                  "passed_over": [previous], **_note(data.note)},
            users=[previous],
        )
        routing.hold_queue_or_offer(session, ticket, actor)
        session.flush()
        return ticket

    agent = lookup.user(session, data.agent, field="agent")
    if not agent.active:
        raise Invalid(
            f"{agent.username} is deactivated", code="agent_inactive", details={"field": "agent"}
        )
    membership = session.get(Membership, (ticket.group_id, agent.id))
    if membership is None:
        raise Invalid(
            f"{agent.username} is not a member of the ticket's group",
            code="not_a_member",
            details={"field": "agent"},
        )
    if agent.id == previous and ticket.status is Status.ASSIGNED:
        raise Conflict(f"already assigned to {agent.username}", code="unchanged")
    group = session.get_one(Group, ticket.group_id)
    load, capacity = load_and_capacity(session, group, membership, besides=ticket.id)
    if load >= capacity and not data.override_capacity:
        raise Conflict(
            f"{agent.display_name} is at capacity ({load}/{capacity}); "
            "set override_capacity to assign anyway",
            code="over_capacity",
            details={"load": load, "capacity": capacity, "agent_id": agent.id},
        )
    now = _touch(ticket)
    ticket.assignee_id = agent.id
    ticket.status = Status.ASSIGNED
    ticket.assigned_at = now
    ticket.accept_deadline = now + timedelta(seconds=group.accept_timeout_seconds)
    ticket.accepted_at = None
    ticket.held_until = None
    agent.last_assigned_at = now
    events.record(
        session,
        kind=EventKind.ASSIGNED,
        actor=actor,
        ticket=ticket,
        data={
            "reason": AssignReason.MANUAL.value,
            "agent_id": agent.id,
            "agent": agent.display_name,
            "previous_assignee_id": previous,
            "load": load,
            "capacity": capacity,
            "override_capacity": load >= capacity,
            **_note(data.note),
        },
        users=[previous] if previous else [],
    )
    session.flush()
    return ticket


def _simple(
    session: Session, ticket_id: int, actor: Actor, action: Action, kind: EventKind, note: str
) -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, action)
    new_status = target_status(action, ticket.status)
    assert new_status is not None
    ticket.status = new_status
    _touch(ticket)
    events.record(session, kind=kind, actor=actor, ticket=ticket, data=_note(note))
    session.flush()
    return ticket


def _note(note: str) -> dict[str, str]:
    return {"note": note} if note else {}
