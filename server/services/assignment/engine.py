"""One dispatch round for one group, in one transaction under the group's lock:
hold or release by working hours, hand lapsed offers on, assign the queue in order."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, and_, bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.orm import Session

from ticketdesk.common import schedules
from ticketdesk.common.enums import AssignReason, EventKind, Presence, Role, Status
from ticketdesk.common.models import WorkingHours

from ...store.locks import lock_group, try_lock_group_clause
from ...store.schema import Event, Group, Membership, Order, Ticket, User
from .. import events
from ..actors import Actor
from . import capacity, policy

log = logging.getLogger(__name__)

ENGINE_NAME = "自动分配 (dispatcher)"
ENGINE = Actor(user_id=None, name=ENGINE_NAME, role=Role.ADMIN, source="dispatch")
"""The engine as the actor of the steps it takes."""

_REASON = {
    policy.Rule.ORDER_OWNER: AssignReason.ORDER_OWNER,
    policy.Rule.PREVIOUS_HANDLER: AssignReason.PREVIOUS_HANDLER,
    policy.Rule.LEAST_LOADED: AssignReason.AUTO,
}


@dataclass
class Outcome:
    held: int = 0
    released: int = 0
    assigned: int = 0
    reassigned: int = 0
    requeued: int = 0

    def __bool__(self) -> bool:
        return any((self.held, self.released, self.assigned, self.reassigned, self.requeued))


def dispatch_group(session: Session, group_id: int, now: datetime) -> Outcome:
    """Run one round for a group; the caller commits it (one transaction per group and round:
    the group's lock is held until then)."""
    outcome = Outcome()
    lock_group(session, group_id)
    group = session.get(Group, group_id)
    if group is None:
        return outcome
    hours = WorkingHours.model_validate(group.working_hours)
    open_now = group.active and schedules.is_open(hours, now)
    if open_now:
        outcome.released = _release_held(session, group.id, now)
    else:
        outcome.held = _hold_queued(session, group.id, schedules.next_open(hours, now), now)
    agents = agent_states(session, group.id, group.default_capacity) if open_now else {}
    deadline = now + timedelta(seconds=group.accept_timeout_seconds)
    outcome.reassigned, outcome.requeued = _expire_offers(
        session, group.id, agents, now, deadline, open_now, hours
    )
    if open_now:
        outcome.assigned = _assign_queue(session, group.id, agents, now, deadline)
    session.flush()
    return outcome


# ---------------------------------------------------------------- facts


def agent_states(
    session: Session, group_id: int, default_capacity: int
) -> dict[int, policy.Agent]:
    """Every member with their presence, load and capacity in this group."""
    return agent_states_of(session, {group_id: default_capacity}).get(group_id, {})


def agent_states_of(
    session: Session, default_capacities: dict[int, int]
) -> dict[int, dict[int, policy.Agent]]:
    """``agent_states`` for several groups (group id → its default capacity) in one query:
    group id → member id → their presence, load and capacity in that group."""
    ids = list(default_capacities)
    load = capacity.loads_in_groups(ids).subquery()
    rows = session.execute(
        select(
            Membership.group_id,
            User.id,
            User.presence,
            User.active,
            User.last_assigned_at,
            User.presence_changed_at,
            Membership.capacity,
            func.coalesce(load.c.n, 0),
        )
        .join(Membership, and_(Membership.user_id == User.id, Membership.group_id.in_(ids)))
        .outerjoin(load, and_(load.c.assignee_id == User.id,
                              load.c.group_id == Membership.group_id))
    ).all()
    out: dict[int, dict[int, policy.Agent]] = {gid: {} for gid in ids}
    for gid, uid, presence, active, last, since, own, n in rows:
        out[gid][uid] = policy.Agent(
            id=uid,
            online=active and presence is Presence.ONLINE,
            load=n,
            capacity=capacity.capacity_or_default(own, default_capacities[gid]),
            last_assigned_at=last,
            online_since=since,
        )
    return out


def order_facts(session: Session, order_nos: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Owners of these orders, and who most recently handled a ticket of each."""
    if not order_nos:
        return {}, {}
    owners = dict(
        session.execute(
            select(Order.order_no, Order.owner_id).where(
                Order.order_no.in_(order_nos), Order.owner_id.is_not(None)
            )
        ).all()
    )
    handlers = dict(
        session.execute(
            select(Ticket.order_no, Ticket.last_handler_id)
            .where(Ticket.order_no.in_(order_nos), Ticket.last_handler_id.is_not(None))
            .order_by(Ticket.order_no, Ticket.last_handled_at.desc())
            .ext(distinct_on(Ticket.order_no))
        ).all()
    )
    return owners, handlers


def ticket_facts(
    ticket_id: int,
    order_no: str | None,
    last_handler_id: int | None,
    lapsed_ids: Iterable[int] | None,
    orders: tuple[dict[str, int], dict[str, int]],
    lapsed_at: datetime | None = None,
) -> policy.Ticket:
    """What the policy knows of a ticket: its order's owner and latest handler (from
    ``order_facts``; without an order, whoever last handled this ticket), who let it lapse."""
    owners, handlers = orders
    return policy.Ticket(
        id=ticket_id,
        order_owner_id=owners.get(order_no) if order_no else None,
        previous_handler_id=handlers.get(order_no) if order_no else last_handler_id,
        lapsed=frozenset(lapsed_ids or ()),
        lapsed_at=lapsed_at if lapsed_ids else None,
    )


def _facts(session: Session, rows: list[Any]) -> list[policy.Ticket]:
    orders = order_facts(session, {r.order_no for r in rows if r.order_no})
    # A queued ticket's ``updated_at`` is when it lapsed, or later if it changed since.
    return [
        ticket_facts(r.id, r.order_no, r.last_handler_id, r.lapsed_ids, orders,
                     getattr(r, "updated_at", None))
        for r in rows
    ]


# ---------------------------------------------------------------- at once, as the ticket is queued


def offer_now(
    session: Session,
    ticket: Ticket,
    *,
    default_capacity: int,
    accept_timeout_seconds: int,
    now: datetime,
) -> Event | None:
    """Offer a ticket that just entered an open group's queue to an agent, in the same
    transaction that queued it — if it is at the head of the queue (else the rounds serve the
    queue in order) and someone is eligible. Returns the ``assigned`` event it recorded when
    it offered the ticket. When the group is busy (a round holds its lock) it is left
    queued: the round that follows serves it."""
    others = [Ticket.id != ticket.id] if ticket.id is not None else []  # None: not inserted yet
    ahead = (
        select(Ticket.id)
        .where(Ticket.group_id == ticket.group_id, Ticket.status == Status.QUEUED, *others)
        .limit(1)
        .exists()
    )
    # One round trip: take the group if it is free, and see whether anyone waits before us.
    locked, waiting = session.execute(select(try_lock_group_clause(ticket.group_id), ahead)).one()
    if not locked or waiting:
        return None
    agents = agent_states(session, ticket.group_id, default_capacity)
    if not any(a.eligible for a in agents.values()):
        return None
    orders = order_facts(session, {ticket.order_no} if ticket.order_no else set())
    facts = ticket_facts(ticket.id, ticket.order_no, ticket.last_handler_id, ticket.lapsed_ids,
                         orders)
    choice = policy.choose(facts, agents.values())
    if choice is None:
        return None
    ticket.assignee_id = choice.agent_id
    ticket.status = Status.ASSIGNED
    ticket.assigned_at = now
    ticket.accept_deadline = now + timedelta(seconds=accept_timeout_seconds)
    ticket.accepted_at = None
    ticket.held_until = None
    name = session.scalar(
        update(User).where(User.id == choice.agent_id).values(last_assigned_at=now)
        .returning(User.display_name)
    )
    return events.record(session, kind=EventKind.ASSIGNED, actor=ENGINE, ticket=ticket,
                         data=assignment_data(choice, name or "", _REASON[choice.rule]))


def offer_moved(
    session: Session, group: Group, ticket_ids: set[int], now: datetime
) -> int:
    """Offer the tickets a bulk move just queued in an open group, as a set: most urgent
    first, then the oldest, each offer seeing the loads the earlier ones left — what the
    engine's round would do, in the same transaction (the caller holds the group's lock and
    has flushed). As ``offer_now`` for one ticket: only when nothing else waits in that
    queue (else the rounds serve it in order, and these behind). Returns how many it offered."""
    waiting = set(session.scalars(
        select(Ticket.id).where(Ticket.group_id == group.id, Ticket.status == Status.QUEUED)
    ))
    if not waiting or not waiting <= ticket_ids:
        return 0
    agents = agent_states(session, group.id, group.default_capacity)
    deadline = now + timedelta(seconds=group.accept_timeout_seconds)
    return _assign_queue(session, group.id, agents, now, deadline)


def assignment_data(
    choice: policy.Choice, agent_name: str, reason: AssignReason, previous: int | None = None
) -> dict[str, Any]:
    """What an ``assigned`` event records: to whom, by which rule, who else was considered."""
    return {
        "reason": reason.value,
        "rule": choice.rule.value,
        "agent_id": choice.agent_id,
        "agent": agent_name,
        "candidates": choice.candidates,
        **({"previous_assignee_id": previous} if previous is not None else {}),
        # Who was skipped for having let it lapse or had it taken from them.
        **({"passed_over": choice.passed_over} if choice.passed_over else {}),
    }


# ---------------------------------------------------------------- hold and release


_AUDIENCE_USERS = "array_remove(ARRAY[t.created_by_id, t.assignee_id], NULL)"


def _release_held(session: Session, group_id: int, now: datetime) -> int:
    result = session.execute(
        text(
            f"""
            WITH claimed AS (
                SELECT id FROM tickets WHERE group_id = :g AND status = 'held'
                ORDER BY id FOR UPDATE SKIP LOCKED
            ), moved AS (
                UPDATE tickets t SET status = 'queued', held_until = NULL, updated_at = :now,
                                     version = t.version + 1
                FROM claimed WHERE t.id = claimed.id
                RETURNING t.id, t.group_id, t.created_by_id, t.assignee_id
            )
            INSERT INTO events (ticket_id, kind, actor_name, data, audience_groups,
                                audience_users, source, created_at)
            SELECT t.id, 'released', :name, jsonb_build_object('group_id', t.group_id),
                   ARRAY[t.group_id], {_AUDIENCE_USERS}, 'dispatch', :now
            FROM moved t ORDER BY t.id
            """
        ),
        {"g": group_id, "name": ENGINE_NAME, "now": now},
    )
    return result.rowcount


def _hold_queued(session: Session, group_id: int, until: datetime | None, now: datetime) -> int:
    until_text = until.isoformat().replace("+00:00", "Z") if until else None
    result = session.execute(
        text(
            f"""
            WITH claimed AS (
                SELECT id FROM tickets WHERE group_id = :g AND status = 'queued'
                ORDER BY id FOR UPDATE SKIP LOCKED
            ), moved AS (
                UPDATE tickets t SET status = 'held', held_until = :until, updated_at = :now,
                                     version = t.version + 1
                FROM claimed WHERE t.id = claimed.id
                RETURNING t.id, t.group_id, t.created_by_id, t.assignee_id
            )
            INSERT INTO events (ticket_id, kind, actor_name, data, audience_groups,
                                audience_users, source, created_at)
            SELECT t.id, 'held', :name,
                   jsonb_build_object('group_id', t.group_id, 'until', CAST(:until_text AS text)),
                   ARRAY[t.group_id], {_AUDIENCE_USERS}, 'dispatch', :now
            FROM moved t ORDER BY t.id
            """
        ),
        {"g": group_id, "until": until, "until_text": until_text, "name": ENGINE_NAME,
         "now": now},
    )
    return result.rowcount


# ---------------------------------------------------------------- offers that lapse


def _expire_offers(
    session: Session,
    group_id: int,
    agents: dict[int, policy.Agent],
    now: datetime,
    deadline: datetime,
    open_now: bool,
    hours: WorkingHours,
) -> tuple[int, int]:
    rows = session.execute(
        select(
            Ticket.id,
            Ticket.order_no,
            Ticket.lapsed_ids,
            Ticket.last_handler_id,
            Ticket.assignee_id,
            Ticket.created_by_id,
        )
        .where(
            Ticket.group_id == group_id,
            Ticket.status == Status.ASSIGNED,
            Ticket.accept_deadline <= now,
        )
        .order_by(Ticket.priority_rank.desc(), Ticket.id)
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        return 0, 0
    reassigned = requeued = 0
    facts = {f.id: f for f in _facts(session, rows)}
    for row in rows:
        lapsed = row.assignee_id
        if lapsed in agents:  # the lapsed offer no longer counts against them
            agent = agents[lapsed]
            agents[lapsed] = replace(agent, load=max(agent.load - 1, 0))
        ticket = facts[row.id]
        # It lapses now: whoever let it lapse has not come back since (see policy.pool).
        ticket = policy.Ticket(
            ticket.id, ticket.order_owner_id, ticket.previous_handler_id,
            ticket.lapsed | {lapsed}, lapsed_at=now,
        )
        choice = policy.choose(ticket, agents.values()) if open_now else None
        lapsed_ids = sorted(ticket.lapsed)
        if choice is not None:
            _write_assignments(
                session,
                group_id,
                [(ticket, choice)],
                now,
                deadline,
                reason=AssignReason.REASSIGNED_TIMEOUT,
                previous={row.id: lapsed},
                lapsed_ids={row.id: lapsed_ids},
            )
            agent = agents[choice.agent_id]
            agents[agent.id] = replace(agent, load=agent.load + 1, last_assigned_at=now)
            reassigned += 1
        else:
            _requeue(session, group_id, row, lapsed_ids, now, open_now, hours)
            requeued += 1
    return reassigned, requeued


def _requeue(
    session: Session,
    group_id: int,
    row: Any,
    lapsed_ids: list[int],
    now: datetime,
    open_now: bool,
    hours: WorkingHours,
) -> None:
    status = Status.QUEUED if open_now else Status.HELD
    held_until = None if open_now else schedules.next_open(hours, now)
    session.execute(
        update(Ticket)
        .where(Ticket.id == row.id)
        .values(
            status=status,
            assignee_id=None,
            accept_deadline=None,
            held_until=held_until,
            lapsed_ids=lapsed_ids,
            updated_at=now,
            version=Ticket.version + 1,  # a Core UPDATE: the ORM's version counter is bypassed
        )
    )
    audience = {
        "audience_groups": [group_id],
        "audience_users": sorted({u for u in (row.assignee_id, row.created_by_id) if u}),
        "kpi_group_id": group_id,
    }
    session.execute(
        insert(Event),
        [
            {
                "ticket_id": row.id,
                "kind": EventKind.UNASSIGNED,
                "actor_name": ENGINE_NAME,
                "data": {"previous_assignee_id": row.assignee_id, "reason": "accept_timeout"},
                "source": "dispatch",
                "created_at": now,
                **audience,
            },
            {
                "ticket_id": row.id,
                "kind": EventKind(status.value),
                "actor_name": ENGINE_NAME,
                "data": {"group_id": group_id}
                | (
                    {"until": held_until.isoformat().replace("+00:00", "Z") if held_until else None}
                    if not open_now
                    else {}
                ),
                "source": "dispatch",
                "created_at": now,
                **audience,
            },
        ],
    )


# ---------------------------------------------------------------- assigning the queue


def _assign_queue(
    session: Session,
    group_id: int,
    agents: dict[int, policy.Agent],
    now: datetime,
    deadline: datetime,
) -> int:
    free = sum(max(a.capacity - a.load, 0) for a in agents.values() if a.online)
    if free <= 0:
        return 0
    rows = session.execute(
        select(Ticket.id, Ticket.order_no, Ticket.lapsed_ids, Ticket.last_handler_id,
               Ticket.updated_at)
        .where(Ticket.group_id == group_id, Ticket.status == Status.QUEUED)
        .order_by(Ticket.priority_rank.desc(), Ticket.id)
        .limit(free)
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        return 0
    choices, after = policy.assign_in_order(_facts(session, rows), agents, now)
    agents.update(after)
    _write_assignments(session, group_id, choices, now, deadline)
    return len(choices)


def _write_assignments(
    session: Session,
    group_id: int,
    choices: list[tuple[policy.Ticket, policy.Choice]],
    now: datetime,
    deadline: datetime,
    *,
    reason: AssignReason | None = None,
    previous: dict[int, int] | None = None,
    lapsed_ids: dict[int, list[int]] | None = None,
) -> None:
    if not choices:
        return
    previous = previous or {}
    lapsed_ids = lapsed_ids or {}
    # A Core UPDATE (one statement, many parameter sets): it bypasses the ORM's version
    # counter, so it increments ``version`` itself.
    tickets = Ticket.__table__
    values: dict[str, Any] = {
        "assignee_id": bindparam("b_assignee"),
        "status": Status.ASSIGNED,
        "assigned_at": now,
        "accept_deadline": deadline,
        "accepted_at": None,
        "held_until": None,
        "updated_at": now,
        "version": tickets.c.version + 1,
    }
    with_lapsed = [(t, c) for t, c in choices if t.id in lapsed_ids]
    without = [(t, c) for t, c in choices if t.id not in lapsed_ids]
    if with_lapsed:
        session.execute(
            update(tickets).where(tickets.c.id == bindparam("b_id"))
            .values(**values, lapsed_ids=bindparam("b_lapsed", type_=ARRAY(Integer))),
            [{"b_id": t.id, "b_assignee": c.agent_id, "b_lapsed": lapsed_ids[t.id]}
             for t, c in with_lapsed],
        )
    if without:
        session.execute(
            update(tickets).where(tickets.c.id == bindparam("b_id")).values(**values),
            [{"b_id": t.id, "b_assignee": c.agent_id} for t, c in without],
        )
    last = {c.agent_id for _, c in choices}
    session.execute(update(User).where(User.id.in_(last)).values(last_assigned_at=now))
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(last))).all())
    creators = dict(
        session.execute(
            select(Ticket.id, Ticket.created_by_id).where(Ticket.id.in_([t.id for t, _ in choices]))
        ).all()
    )
    session.execute(
        insert(Event),
        [
            {
                "ticket_id": t.id,
                "kind": EventKind.ASSIGNED,
                "actor_name": ENGINE_NAME,
                "data": assignment_data(c, names.get(c.agent_id, ""), reason or _REASON[c.rule],
                                        previous.get(t.id)),
                "audience_groups": [group_id],
                "kpi_group_id": group_id,
                "audience_users": sorted(
                    {c.agent_id} | {u for u in (previous.get(t.id), creators.get(t.id)) if u}
                ),
                "source": "dispatch",
                "created_at": now,
            }
            for t, c in choices
        ],
    )
