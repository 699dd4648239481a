"""Orders from the order system, and the tickets linked to them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from ticketdesk.common.models import OrderPublic, OrderUpsert, TicketPublic

from ...services import orders
from ..deps import OrdersWriter, SessionDep, TicketsReader
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/orders", tags=["orders"], route_class=UnitOfWorkRoute)

OrderNoPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")]

def _public(order, tickets) -> OrderPublic:
    result = OrderPublic.model_validate(order)
    result.tickets = [TicketPublic.model_validate(t) for t in tickets]
    return result


@router.put(
    "/{order_no}",
    response_model=OrderPublic,
    responses={
        201: {"model": OrderPublic, "description": "The order was new."},
        200: {"description": "Replaced; or, with ``Stale-Write: ignored``, the write was older "
              "than the data held (its ``updated_at``) and the order is answered as held."},
    },
)
def put_order(
    order_no: OrderNoPath,
    body: OrderUpsert,
    actor: OrdersWriter,
    session: SessionDep,
    response: Response,
) -> OrderPublic:
    """Create or replace an order as the order system knows it (customer, status, owner,
    amount, items). An older write never overwrites newer data: it is answered 200 with the
    order as held and ``Stale-Write: ignored``."""
    result = orders.upsert_order(session=session, order_no=order_no, data=body, actor=actor)
    session.commit()
    if result.created:
        response.status_code = 201
    if result.stale:
        response.headers["Stale-Write"] = "ignored"
    _, tickets = orders.get_order(session=session, order_no=order_no, actor=actor)
    return _public(result.order, tickets)


@router.get("/{order_no}", response_model=OrderPublic)
def get_order(order_no: OrderNoPath, actor: TicketsReader, session: SessionDep,
              request: Request) -> OrderPublic:
    """The order with its tickets the caller may see, newest first (an unknown one is asked
    of the order system first, when the server is configured to)."""
    if (puller := request.app.state.order_puller) is not None:
        puller.ensure(session, order_no)
    order, tickets = orders.get_order(session=session, order_no=order_no, actor=actor)
    return _public(order, tickets)
