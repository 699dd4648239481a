"""The workflow actions on a ticket: accept, comment, transfer, pending, resume, resolve,
close, reopen and a supervisor's assign.

Each action changes the ticket, appends its event(s) and flushes; the caller owns the
transaction (a request, a CLI command, a bulk move of many tickets) and commits or rolls
back all of it. The state machine in ``ticketdesk.common.workflow`` decides what is legal.
Every action locks the ticket's group before its row (``_lock_for``; see ``store.locks``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import cast, select, update
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from ticketdesk.common.enums import Action, AssignReason, EventKind, Status
from ticketdesk.common.models import AssignRequest, TicketPublic
from ticketdesk.common.workflow import Verdict, allowed_actions, check, target_status

from ... import clock
from ...store.locks import lock_groups
from ...store.schema import Event, Group, Membership, Ticket
from .. import events, lookup, routing, search_text, spans
from ..actors import Actor
from ..assignment.capacity import LoadTally, load_and_capacity
from ..errors import Conflict, Forbidden, Invalid, NotFound, RunAgain
from ..sla import tracking as sla
from .queries import visible


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
    judge(ticket, actor, action, version=version)
    return ticket


def judge(ticket: Ticket, actor: Actor, action: Action, *, version: int | None = None) -> None:
    """The checks every action makes on its locked ticket: the version the caller saw (else
    409 ``version_conflict``) and the state machine's verdict. A bulk move, which has taken
    all its locks up front, calls it itself before ``assign_locked``/``transfer_locked``."""
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
    with sla.tracked(session, ticket, now):  # the first-response clock stops here
        _accepted(session, ticket, actor, now, note)
    session.flush()
    return ticket


def _accepted(session: Session, ticket: Ticket, actor: Actor, now: datetime, note: str) -> None:
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


def attach(*, session: Session, ticket_id: int, actor: Actor, data: dict[str, object]) -> Event:
    """Record that a file was added (its bytes and row are the caller's): the ticket changes
    version, the file's name joins what the ticket is found by, and an ``attached`` event
    (``data``: attachment_id, name, size, content_type, comment_id) goes on its record.
    Whoever may comment may attach."""
    ticket = _lock_for(session, ticket_id, actor, Action.COMMENT)
    name = str(data.get("name", ""))
    session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id)
        .values(
            search=Ticket.search.op("||")(cast(search_text.document(name), TSVECTOR)),
            updated_at=clock.now(),
            version=Ticket.version + 1,
        )
        .execution_options(synchronize_session="fetch")
    )
    event = events.record(session, kind=EventKind.ATTACHED, actor=actor, ticket=ticket,
                          data=dict(data))
    session.flush()
    return event


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
    transfer_locked(session, ticket, actor, target, note)
    session.flush()
    return ticket


def transfer_locked(session: Session, ticket: Ticket, actor: Actor, target: Group, note: str,
                    *, offer: bool = True) -> None:
    """The transfer of a ticket already locked and judged, with both groups' locks held.
    ``offer``: try the offer on the spot (a bulk move offers its set at the end instead)."""
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
    # The time so far counts on the group it leaves; what is left runs on the new one's.
    with sla.tracked(session, ticket, _touch(ticket)):
        ticket.group_id = target.id
        ticket.assignee_id = None
        ticket.lapsed_ids = []
        ticket.transfer_count += 1
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
    routing.hold_queue_or_offer(session, ticket, actor, behind=not offer)


def set_pending(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    return _simple(session, ticket_id, actor, Action.PENDING, EventKind.PENDING, note)


def resume(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    return _simple(session, ticket_id, actor, Action.RESUME, EventKind.RESUMED, note)


def resolve(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.RESOLVE)
    with sla.tracked(session, ticket, _touch(ticket)):
        ticket.status = Status.RESOLVED
        ticket.resolved_at = ticket.updated_at
    events.record(session, kind=EventKind.RESOLVED, actor=actor, ticket=ticket, data=_note(note),
                  span=spans.handling(ticket, ticket.resolved_at))
    session.flush()
    return ticket


def close(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.CLOSE)
    with sla.tracked(session, ticket, _touch(ticket)):
        ticket.status = Status.CLOSED
        ticket.closed_at = ticket.updated_at
    events.record(session, kind=EventKind.CLOSED, actor=actor, ticket=ticket, data=_note(note))
    session.flush()
    return ticket


def reopen(*, session: Session, ticket_id: int, actor: Actor, note: str = "") -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, Action.REOPEN)
    previous_assignee = ticket.assignee_id
    _touch(ticket)
    events.record(
        session,
        kind=EventKind.REOPENED,
        actor=actor,
        ticket=ticket,
        data={**_note(note), "previous_assignee_id": previous_assignee},
    )
    # Reopened, the resolution clock continues from what it had used (the time resolved
    # does not count); ``tracked`` plans it again once routing has placed the ticket.
    with sla.tracked(session, ticket, ticket.updated_at):
        ticket.resolved_at = None
        ticket.closed_at = None
        routing.hold_queue_or_offer(session, ticket, actor)
    session.flush()
    return ticket


def assign(*, session: Session, ticket_id: int, actor: Actor, data: AssignRequest) -> Ticket:
    """A supervisor's hand: to a member of the ticket's group, or back to the queue (None)."""
    ticket = _lock_for(session, ticket_id, actor, Action.ASSIGN, version=data.version)
    assign_locked(session, ticket, actor, data)
    session.flush()
    return ticket


def assign_locked(
    session: Session, ticket: Ticket, actor: Actor, data: AssignRequest,
    *, tally: LoadTally | None = None,
) -> None:
    """The assignment of a ticket already locked (its group's lock held) and judged;
    ``tally``: the loads as a bulk move keeps them (else the agent's is counted here)."""
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
        # In a bulk move (``tally``) no offer on the spot: the move offers the tickets it
        # queued as a set at the end (``engine.offer_moved``), in queue order.
        routing.hold_queue_or_offer(session, ticket, actor, behind=tally is not None)
        return

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
    load, capacity = (
        tally.load_and_capacity(group, membership, besides=ticket) if tally is not None
        else load_and_capacity(session, group, membership, besides=ticket.id)
    )
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


def _simple(
    session: Session, ticket_id: int, actor: Actor, action: Action, kind: EventKind, note: str
) -> Ticket:
    ticket = _lock_for(session, ticket_id, actor, action)
    new_status = target_status(action, ticket.status)
    assert new_status is not None
    with sla.tracked(session, ticket, _touch(ticket)):  # pending pauses the resolution clock
        ticket.status = new_status
    events.record(session, kind=kind, actor=actor, ticket=ticket, data=_note(note))
    session.flush()
    return ticket


def _note(note: str) -> dict[str, str]:
    return {"note": note} if note else {}
