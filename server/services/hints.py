"""Assisted routing: for a person about to choose a group or an agent, each group's live
figures, its working hours now, and whom the engine would choose there and why.

The choice is the engine's own (``assignment.engine`` facts, ``assignment.policy.choose``)
and the hours the one calendar (``schedules``), so a hint never disagrees with what the
engine then does — unless something changes in between. Read-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ticketdesk.common import schedules
from ticketdesk.common.enums import EventKind, Presence
from ticketdesk.common.models import (
    AgentHint,
    EnginePick,
    GroupHint,
    GroupLoad,
    Person,
    RoutingHints,
    WorkingHours,
)

from .. import clock
from ..store.schema import Event, Group, Ticket, User
from . import groups as group_service
from . import tickets
from .actors import Actor
from .assignment import engine, policy
from .errors import Invalid

PREVIOUS_HANDLERS_SHOWN = 5


def hints(
    *,
    session: Session,
    actor: Actor,
    ticket_id: int | None = None,
    order_no: str | None = None,
    group_ids: list[int] | None = None,
) -> RoutingHints:
    """Hints for every active group (or the chosen ones), for a ticket being transferred or
    assigned (``ticket_id``, which the actor must be able to see) or one being written
    (``order_no``, if it names an order)."""
    now = clock.now()
    ticket = None
    if ticket_id is not None:
        ticket = tickets.get_ticket(session=session, ticket_id=ticket_id, actor=actor)
    if ticket is not None:
        order_no = ticket.order_no
    orders = engine.order_facts(session, {order_no} if order_no else set())
    owner_id = orders[0].get(order_no) if order_no else None
    engines = orders[1].get(order_no) if order_no else (
        ticket.last_handler_id if ticket is not None else None)
    handler_ids = _previous_handlers(session, order_no, ticket, engines)
    names = _names(session, {owner_id, *handler_ids} - {None})

    query = select(Group).order_by(Group.name)
    query = query.where(Group.id.in_(group_ids)) if group_ids else query.where(Group.active)
    chosen = session.scalars(query).all()
    missing = sorted(set(group_ids or ()) - {g.id for g in chosen})
    if missing:
        raise Invalid(f"no group {missing[0]}", code="unknown_group",
                      details={"field": "group", "group_id": missing[0]})
    loads = group_service.loads(session, [g.id for g in chosen])
    # Every group's members in one query each (not two per group: 50 groups must not wait).
    states = engine.agent_states_of(session, {g.id: g.default_capacity for g in chosen})
    members = {uid for agents in states.values() for uid in agents}
    people = {
        uid: (name, presence)
        for uid, name, presence in session.execute(
            select(User.id, User.display_name, User.presence).where(User.id.in_(members or {-1}))
        ).tuples()
    }
    full = actor.supervises
    out = []
    for group in chosen:
        lapsed = ticket.lapsed_ids if ticket is not None and ticket.group_id == group.id else ()
        facts = engine.ticket_facts(
            ticket.id if ticket is not None else 0,
            order_no,
            ticket.last_handler_id if ticket is not None else None,
            lapsed,  # a transfer starts the new group afresh (tickets.transfer)
            orders,
        )
        out.append(_group_hint(group, loads.get(group.id, GroupLoad()), states[group.id],
                               people, facts, set(handler_ids), now, full=full))
    return RoutingHints(
        at=now,
        ticket_id=ticket.id if ticket is not None else None,
        order_no=order_no,
        order_owner=Person(id=owner_id, name=names.get(owner_id, "")) if owner_id else None,
        previous_handlers=[Person(id=u, name=names.get(u, "")) for u in handler_ids],
        groups=out,
    )


def _group_hint(
    group: Group,
    load: GroupLoad,
    agents: dict[int, policy.Agent],
    directory: dict[int, tuple[str, Presence]],
    facts: policy.Ticket,
    handler_ids: set[int],
    now: datetime,
    *,
    full: bool,
) -> GroupHint:
    hours = WorkingHours.model_validate(group.working_hours)
    open_now = group.active and schedules.is_open(hours, now)
    people = {uid: directory[uid][0] for uid in agents if uid in directory}
    presence = {uid: directory[uid][1] for uid in agents if uid in directory}
    pick = no_pick = None
    if not group.active:
        no_pick = "inactive"
    elif not open_now:
        no_pick = "closed"
    else:
        choice = policy.choose(facts, agents.values())
        if choice is None:
            no_pick = "nobody_eligible"
        else:
            agent = agents[choice.agent_id]
            pick = EnginePick(agent_id=agent.id, name=people.get(agent.id, ""),
                              rule=choice.rule.value, load=agent.load, capacity=agent.capacity)
    return GroupHint(
        id=group.id,
        name=group.name,
        active=group.active,
        queued=load.queued,
        held=load.held,
        members=load.members,
        online=load.online,
        free_capacity=sum(max(a.capacity - a.load, 0) for a in agents.values() if a.online),
        open_now=open_now,
        opens_at=None if open_now or not group.active else schedules.next_open(hours, now),
        pick=pick,
        no_pick=no_pick,
        has_order_owner=facts.order_owner_id in agents,
        has_previous_handler=bool(handler_ids & set(agents)),
        agents=[
            AgentHint(
                id=a.id,
                name=people.get(a.id, ""),
                presence=presence[a.id],
                load=a.load,
                capacity=a.capacity,
                eligible=a.eligible,
                order_owner=a.id == facts.order_owner_id,
                previous_handler=a.id in handler_ids,
            )
            for a in sorted(agents.values(), key=lambda a: (people.get(a.id, ""), a.id))
        ]
        if full
        else None,
    )


def _previous_handlers(
    session: Session, order_no: str | None, ticket: Ticket | None, engines: int | None
) -> list[int]:
    """Who accepted tickets of the order (or, without one, this ticket), latest first — the
    one the engine's rule looks at (``engines``, its latest handler) always first."""
    if order_no:
        tickets = select(Ticket.id).where(Ticket.order_no == order_no)
    elif ticket is not None:
        tickets = select(Ticket.id).where(Ticket.id == ticket.id)
    else:
        return []
    latest = func.max(Event.created_at)
    rows = session.execute(
        select(Event.actor_id)
        .where(Event.kind == EventKind.ACCEPTED, Event.ticket_id.in_(tickets),
               Event.actor_id.is_not(None))
        .group_by(Event.actor_id)
        .order_by(latest.desc())
        .limit(PREVIOUS_HANDLERS_SHOWN)
    ).scalars().all()
    first = [engines] if engines is not None else []
    return (first + [u for u in rows if u != engines])[:PREVIOUS_HANDLERS_SHOWN]


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(User.id, User.display_name).where(User.id.in_(wanted))
    return dict(session.execute(query).tuples().all())
