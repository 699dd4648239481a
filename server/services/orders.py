"""Orders as reported by the order system; the link between tickets and the business; a
caller's orders and open tickets by phone number or order number."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import OPEN_STATUSES, EventKind
from ticketdesk.common.models import OrderUpsert

from .. import clock
from ..store.schema import Order, Ticket
from . import events, lookup, phones
from .actors import Actor
from .errors import Invalid, NotFound
from .tickets import visible

LOOKUP_LIMIT = 50
"""Orders, and open tickets, a lookup lists at most."""


@dataclass(frozen=True)
class Upserted:
    order: Order
    created: bool
    stale: bool
    """The write was older than the data held and changed nothing."""


def upsert_order(*, session: Session, order_no: str, data: OrderUpsert, actor: Actor) -> Upserted:
    """Create or replace an order's data, unless the order system's ``updated_at`` is older
    than what is held (then nothing changes). Only flushes; the caller commits."""
    owner = lookup.user(session, data.owner, field="owner") if data.owner is not None else None
    order = session.get(Order, order_no, with_for_update=True)
    changed_at = data.updated_at or clock.now()
    if order is not None and changed_at < order.updated_at:
        return Upserted(order, created=False, stale=True)
    created = order is None
    if order is None:
        order = Order(order_no=order_no)
        session.add(order)
    order.customer_name = data.customer_name
    order.customer_phone = data.customer_phone
    order.customer_phone_e164 = phones.e164(data.customer_phone)
    order.status = data.status
    order.owner_id = owner.id if owner else None
    order.amount = float(data.amount) if data.amount is not None else None
    order.items = [item.model_dump(mode="json") for item in data.items]
    order.data = data.data
    order.updated_at = changed_at
    events.record(
        session,
        kind=EventKind.ORDER_UPDATED,
        actor=actor,
        data={
            "order_no": order_no,
            "status": data.status,
            "owner_id": order.owner_id,
            "created": created,
        },
    )
    session.flush()
    return Upserted(order, created=created, stale=False)


def get_order(*, session: Session, order_no: str, actor: Actor) -> tuple[Order, list[Ticket]]:
    """The order and the tickets linked to it that the actor may see, newest first."""
    order = session.get(Order, order_no)
    if order is None:
        raise NotFound(f"no order {order_no}")
    tickets = list(
        session.scalars(
            visible(select(Ticket).where(Ticket.order_no == order_no), actor).order_by(
                Ticket.id.desc()
            )
        )
    )
    return order, tickets


def look_up(
    *, session: Session, actor: Actor, phone: str | None = None, order_no: str | None = None
) -> tuple[str | None, list[Order], list[Ticket]]:
    """A caller's orders and open tickets: by phone (compared in E.164) or by order number
    (that order, and the open tickets of its customer's number too)."""
    if (phone is None) == (order_no is None):
        raise Invalid("ask for phone or for order_no", code="invalid_filter",
                      details={"field": "phone"})
    number = None
    if phone is not None:
        number = phones.e164(phone)
        if number is None:
            raise Invalid(f"{phone!r} is not a phone number", code="invalid_phone",
                          details={"field": "phone"})
        orders = list(session.scalars(
            select(Order).where(Order.customer_phone_e164 == number)
            .order_by(Order.updated_at.desc()).limit(LOOKUP_LIMIT)))
    else:
        orders = [o for o in [session.get(Order, order_no)] if o is not None]
    numbers = {number} | {o.customer_phone_e164 for o in orders}
    numbers.discard(None)
    linked = [Ticket.order_no.in_([o.order_no for o in orders])] if orders else []
    if order_no is not None:
        linked.append(Ticket.order_no == order_no)
    if numbers:
        linked.append(Ticket.phone_e164.in_(numbers))
    tickets: list[Ticket] = []
    if linked:
        tickets = list(session.scalars(
            visible(select(Ticket).where(or_(*linked), Ticket.status.in_(OPEN_STATUSES)), actor)
            .order_by(Ticket.id.desc()).limit(LOOKUP_LIMIT)))
    return number, orders, tickets
