"""``GET /lookup``: a caller's orders and open tickets, for telephony's screen-pop."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ticketdesk.common.models import LookupResult, OrderPublic, TicketPublic

from ...services import orders
from ..deps import SessionDep, TicketsReader
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(tags=["orders"], route_class=UnitOfWorkRoute)


@router.get("/lookup", response_model=LookupResult)
def look_up(
    actor: TicketsReader,
    session: SessionDep,
    phone: Annotated[str | None, Query(max_length=64, description="the caller's number, "
                                       "written any way: 021-6234 5678, +86 21 62345678, "
                                       "862162345678", examples=["021-6234 5678"])] = None,
    order_no: Annotated[str | None, Query(max_length=40, examples=["TD2026110100123"])] = None,
) -> LookupResult:
    """The caller's orders (newest first) and open tickets: by ``phone`` (compared in E.164)
    or by ``order_no`` (one of the two)."""
    number, found, tickets = orders.look_up(session=session, actor=actor, phone=phone,
                                            order_no=order_no)
    return LookupResult(
        phone_e164=number,
        orders=[OrderPublic.model_validate(o) for o in found],
        open_tickets=[TicketPublic.model_validate(t) for t in tickets],
    )
