"""Orders as reported by the order system; the link between tickets and the business."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import OrderUpsert

from .. import clock
from ..store.schema import Order, Ticket
from . import events, lookup
from .actors import Actor
from .errors import NotFound
from .tickets import visible


def upsert_order(
    *, session: Session, order_no: str, data: OrderUpsert, actor: Actor
) -> tuple[Order, bool]:
    """Create or replace an order's data; returns the order and whether it was new."""
    owner = lookup.user(session, data.owner, field="owner") if data.owner is not None else None
    order = session.get(Order, order_no, with_for_update=True)
    created = order is None
    if order is None:
        order = Order(order_no=order_no)
        session.add(order)
    order.customer_name = data.customer_name
    order.customer_phone = data.customer_phone
    order.status = data.status
    order.owner_id = owner.id if owner else None
    order.data = data.data
    order.updated_at = clock.now()
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
    session.commit()
    return order, created


def get_order(*, session: Session, order_no: str, actor: Actor) -> tuple[Order, list[Ticket]]:
    """The order and the tickets linked to it that the actor may see."""
    order = session.get(Order, order_no)
    tickets = list(
        session.scalars(
            visible(select(Ticket).where(Ticket.order_no == order_no), actor).order_by(
                Ticket.id.desc()
            )
        )
    )
    if order is None:
        raise NotFound(f"no order {order_no}")
    return order, tickets
