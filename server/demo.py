"""The demo organisation: a small Chinese call center with groups, people, types, orders
and tickets in various states. Loaded through the services, so its record is real."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ticketdesk.common.models import (
    GroupCreate,
    MembershipSet,
    OrderUpsert,
    TicketCreate,
    TicketTypeCreate,
    UserCreate,
)

from .services import groups, lookup, orders, ticket_types, tickets, users
from .services.actors import Actor
from .store.schema import Group, User


def demo_data() -> dict[str, Any]:
    text = (
        resources.files("ticketdesk.resources")
        .joinpath("demo/organisation.json")
        .read_text("utf-8")
    )
    return json.loads(text)


def _actor(session: Session, username: str) -> Actor:
    user = lookup.user(session, username)
    session.refresh(user)
    return Actor.of(user, source="demo")


def load_demo(*, session: Session, tickets: bool = True) -> str:
    """Load the demo once; a database that already has groups is left alone. ``tickets``:
    also its tickets (else `load_demo_tickets` adds them later, e.g. after a history)."""
    if session.scalar(select(func.count()).select_from(Group)):
        return "demo data not loaded: the database already has groups"
    data = demo_data()
    system = Actor.system("演示数据 (demo)")
    group_ids = {}
    for g in data["groups"]:
        group_ids[g["name"]] = groups.create_group(
            session=session, data=GroupCreate.model_validate(g), actor=system
        ).id
    for u in data["users"]:
        user = users.create_user(
            session=session,
            data=UserCreate(
                username=u["username"],
                display_name=u["display_name"],
                role=u["role"],
                password=data["password"],
            ),
            actor=system,
        )
        for name in u["groups"]:
            groups.set_member(
                session=session,
                group_id=group_ids[name],
                user_id=user.id,
                data=MembershipSet(capacity=u.get("capacity", {}).get(name)),
                actor=system,
            )
    for t in data["types"]:
        ticket_types.create_type(
            session=session, data=TicketTypeCreate.model_validate(t), actor=system
        )
    for o in data["orders"]:
        order_no = o.pop("order_no")
        orders.upsert_order(
            session=session, order_no=order_no, data=OrderUpsert.model_validate(o), actor=system
        )
    if tickets:
        load_demo_tickets(session=session, data=data)
    people = session.scalar(select(func.count()).select_from(User))
    return (
        f"demo loaded: {len(group_ids)} groups, {people} people, {len(data['types'])} ticket "
        f"types, {len(data['orders'])} orders, {len(data['tickets'])} tickets; every demo "
        f"account's password is {data['password']!r}"
    )


def load_demo_tickets(*, session: Session, data: dict[str, Any] | None = None) -> None:
    """The demo's tickets, in the states its story gives them."""
    for t in (data or demo_data())["tickets"]:
        t = dict(t)
        steps = t.pop("steps")
        creator = _actor(session, t.pop("as"))
        ticket = tickets.create_ticket(
            session=session, data=TicketCreate.model_validate(t), actor=creator
        ).ticket
        for step in steps:
            _play(session, ticket.id, step)


def _play(session: Session, ticket_id: int, step: dict[str, Any]) -> None:
    actor = _actor(session, step["as"])
    note = step.get("note", "")
    match step["do"]:
        case "accept":
            tickets.accept(session=session, ticket_id=ticket_id, actor=actor)
        case "comment":
            tickets.comment(session=session, ticket_id=ticket_id, actor=actor, body=step["text"])
        case "transfer":
            tickets.transfer(
                session=session,
                ticket_id=ticket_id,
                actor=actor,
                group_ref=step["group"],
                note=note,
            )
        case "pending":
            tickets.set_pending(session=session, ticket_id=ticket_id, actor=actor, note=note)
        case "resolve":
            tickets.resolve(session=session, ticket_id=ticket_id, actor=actor, note=note)
        case "close":
            tickets.close(session=session, ticket_id=ticket_id, actor=actor, note=note)
        case other:
            raise ValueError(f"unknown demo step {other!r}")
