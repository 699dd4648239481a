"""Assisted routing: the figures beside each group and agent in the pickers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ticketdesk.common.models import RoutingHints

from ...services import hints
from ...services.errors import Invalid
from ..deps import CurrentActor, SessionDep
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/routing", tags=["routing"], route_class=UnitOfWorkRoute)

ORDER_NO_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$"


@router.get("/hints", response_model=RoutingHints)
def routing_hints(
    actor: CurrentActor,
    session: SessionDep,
    ticket_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    order_no: Annotated[str | None, Query(pattern=ORDER_NO_PATTERN)] = None,
    group: Annotated[list[Annotated[int, Query(ge=1, le=2**31 - 1)]], Query()] = [],  # noqa: B006
) -> RoutingHints:
    """Per group (every active one, or those named by ``group``): queue, members online,
    free capacity, working hours now (open, or when it opens), and whom the engine would
    choose there and by which rule — for the ticket ``ticket_id`` (transfer, assign; its
    order and lapses count) or a new one linked to ``order_no``. Supervisors and admins also
    get every member's presence and load; agents the group figures and the pick."""
    if ticket_id is not None and order_no is not None:
        raise Invalid("give ticket_id or order_no, not both (a ticket's own order counts)",
                      code="invalid_filter", details={"field": "order_no"})
    return hints.hints(session=session, actor=actor, ticket_id=ticket_id, order_no=order_no,
                       group_ids=group or None)
