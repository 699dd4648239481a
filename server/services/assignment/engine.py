"""One dispatch round for one group, in one transaction under the group's lock:
hold or release by working hours, hand lapsed offers on, assign the queue in order."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    func,
    insert,
    select,
    text,
    update,
)
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
    """The members who may be offered a ticket now (online, active) with their load and
    capacity in this group: the others are never eligible, and a group of thousands mostly
    offline must not cost a row each on every round."""
    return agent_states_of(session, {group_id: default_capacity}, online_only=True).get(
        group_id, {})


def _agent_rows(ids: list[Any], *extra: Any, online_only: bool = False) -> Select[Any]:
    """Every member of these groups (``online_only``: those online and active) with their
    presence, load and capacity (then ``extra`` columns): one query, the one definition
    ``agent_states_of`` and the offer share."""
    load = capacity.loads_in_groups(ids).subquery()
    online = (User.presence == Presence.ONLINE, User.active) if online_only else ()
    return (
        select(
            Membership.group_id,
            User.id,
            User.presence,
            User.active,
            User.last_assigned_at,
            User.presence_changed_at,
            Membership.capacity,
            func.coalesce(load.c.n, 0),
            *extra,
        )
        .join(Membership, and_(Membership.user_id == User.id, Membership.group_id.in_(ids)))
        .outerjoin(load, and_(load.c.assignee_id == User.id,
                              load.c.group_id == Membership.group_id))
        .where(*online)
    )


def _agent(row: Any, default_capacity: int) -> policy.Agent:
    _, uid, presence, active, last, since, own, n = row[:8]
    return policy.Agent(
        id=uid,
        online=active and presence is Presence.ONLINE,
        load=n,
        capacity=capacity.capacity_or_default(own, default_capacity),
        last_assigned_at=last,
        online_since=since,
    )


def agent_states_of(
    session: Session, default_capacities: dict[int, int], *, online_only: bool = False
) -> dict[int, dict[int, policy.Agent]]:
    """Several groups' members (group id → its default capacity) in one query: group id →
    member id → their presence, load and capacity in that group (``online_only``: as
    ``agent_states``)."""
    ids = list(default_capacities)
    out: dict[int, dict[int, policy.Agent]] = {gid: {} for gid in ids}
    for row in session.execute(_agent_rows(ids, online_only=online_only)).all():
        out[row[0]][row[1]] = _agent(row, default_capacities[row[0]])
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


@functools.cache
def _head_statement(inserted: bool) -> Select[Any]:
    """One round trip: take group ``g``'s lock if it is free, and see whether a ticket
    (other than ``t``, when the ticket is inserted) waits in its queue. Built once."""
    others = [Ticket.id != bindparam("t")] if inserted else []
    ahead = (
        select(Ticket.id)
        .where(Ticket.group_id == bindparam("g"), Ticket.status == Status.QUEUED, *others)
        .limit(1)
        .exists()
    )
    return select(try_lock_group_clause(bindparam("g")), ahead)


@functools.cache
def _members_statement(with_order: bool) -> Select[Any]:
    """Group ``g``'s online members as ``agent_states`` reads them, with their names and, for
    order ``o``, its owner and latest handler (as ``order_facts`` reads them). Built once."""
    extra: list[Any] = [User.display_name]
    if with_order:
        extra += [
            select(Order.owner_id).where(Order.order_no == bindparam("o")).scalar_subquery(),
            select(Ticket.last_handler_id)
            .where(Ticket.order_no == bindparam("o"), Ticket.last_handler_id.is_not(None))
            .order_by(Ticket.last_handled_at.desc()).limit(1)
            .scalar_subquery(),
        ]
    return _agent_rows([bindparam("g")], *extra, online_only=True)


@dataclass(frozen=True)
class Offer:
    """Whom a ticket entering an open group's queue is offered to on the spot, and their
    display name (for the ``assigned`` event)."""

    choice: policy.Choice
    agent_name: str


def choose_now(
    session: Session,
    *,
    ticket_id: int | None,
    group_id: int,
    order_no: str | None,
    last_handler_id: int | None,
    lapsed_ids: Iterable[int] | None,
    default_capacity: int,
) -> Offer | None:
    """Whom to offer a ticket that just entered an open group's queue — if it heads the
    queue (else the rounds serve the queue in order), the group is free (a round holding
    its lock serves it next) and someone is eligible. ``ticket_id`` None: the ticket is not
    inserted yet. On a choice the group's lock is held until the caller's commit, so no
    other assignment in the group slips in before it.

    Two round trips: the lock with the queue's head, then every member's presence, load,
    capacity and name with the order's owner and latest handler. The second cannot join
    the first: its snapshot must be taken after the lock is, or it could miss an
    assignment committed just before."""
    params: dict[str, Any] = {"g": group_id, "t": ticket_id, "o": order_no}
    locked, waiting = session.execute(_head_statement(ticket_id is not None), params).one()
    if not locked or waiting:
        return None
    rows = session.execute(_members_statement(bool(order_no)), params).all()
    agents = [_agent(row, default_capacity) for row in rows]
    if not any(a.eligible for a in agents):
        return None  # (with no row, the order's owner and handler are unread: no one to offer)
    owners: dict[str, int] = {}
    handlers: dict[str, int] = {}
    if order_no and rows[0][9] is not None:
        owners[order_no] = rows[0][9]
    if order_no and rows[0][10] is not None:
        handlers[order_no] = rows[0][10]
    facts = ticket_facts(ticket_id or 0, order_no, last_handler_id, lapsed_ids,
                         (owners, handlers))
    choice = policy.choose(facts, agents)
    if choice is None:
        return None
    name = next(row[8] for row in rows if row[1] == choice.agent_id)
    return Offer(choice, name or "")


def offered(ticket: Ticket, offer: Offer, *, accept_timeout_seconds: int, now: datetime
            ) -> dict[str, Any]:
    """The ticket as offered (its fields set; the agent's ``last_assigned_at`` is the
    caller's to write), and what its ``assigned`` event records."""
    ticket.assignee_id = offer.choice.agent_id
    ticket.status = Status.ASSIGNED
    ticket.assigned_at = now
    ticket.accept_deadline = now + timedelta(seconds=accept_timeout_seconds)
    ticket.accepted_at = None
    ticket.held_until = None
    return assignment_data(offer.choice, offer.agent_name, _REASON[offer.choice.rule])


def offer_now(
    session: Session,
    ticket: Ticket,
    *,
    default_capacity: int,
    accept_timeout_seconds: int,
    now: datetime,
) -> Event | None:
    """Offer a ticket that just entered an open group's queue to an agent, in the same
    transaction that queued it (``choose_now`` says when and to whom). Returns the
    ``assigned`` event it recorded when it offered the ticket."""
    offer = choose_now(session, ticket_id=ticket.id, group_id=ticket.group_id,
                       order_no=ticket.order_no, last_handler_id=ticket.last_handler_id,
                       lapsed_ids=ticket.lapsed_ids, default_capacity=default_capacity)
    if offer is None:
        return None
    data = offered(ticket, offer, accept_timeout_seconds=accept_timeout_seconds, now=now)
    session.execute(update(User).where(User.id == offer.choice.agent_id)
                    .values(last_assigned_at=now))
    return events.record(session, kind=EventKind.ASSIGNED, actor=ENGINE, ticket=ticket,
                         data=data)


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


def _array_literal(ids: list[int] | None) -> str | None:
    return None if ids is None else "{" + ",".join(str(int(i)) for i in ids) + "}"


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
    # One Core UPDATE over arrays (psycopg2 would send an executemany UPDATE a row at a time:
    # a shift start's 12,500 assignments took 6 s of round trips). It bypasses the ORM's
    # version counter, so it increments ``version`` itself. A reassignment's lapsed agents
    # travel as array literals (unnest cannot take ragged arrays); NULL leaves them as they are.
    tickets = Ticket.__table__
    rows = func.unnest(
        bindparam("b_ids", [t.id for t, _ in choices], type_=ARRAY(Integer)),
        bindparam("b_assignees", [c.agent_id for _, c in choices], type_=ARRAY(Integer)),
        bindparam("b_lapsed", [_array_literal(lapsed_ids.get(t.id)) for t, _ in choices],
                  type_=ARRAY(Text)),
    ).table_valued("id", "assignee", "lapsed").render_derived(name="chosen")
    session.execute(
        update(tickets).where(tickets.c.id == rows.c.id).values(
            assignee_id=rows.c.assignee,
            status=Status.ASSIGNED,
            assigned_at=now,
            accept_deadline=deadline,
            accepted_at=None,
            held_until=None,
            updated_at=now,
            version=tickets.c.version + 1,
            lapsed_ids=func.coalesce(cast(rows.c.lapsed, ARRAY(Integer)), tickets.c.lapsed_ids),
        )
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
