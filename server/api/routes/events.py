"""The audit search over the whole event record (supervisors and admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ticketdesk.common import limits
from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import EventPublic, EventsPage

from ...services import audit
from ..deps import EventsReader, QueryInstant, SessionDep, require_offsets
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/events", tags=["audit"], route_class=UnitOfWorkRoute)

Id = Annotated[int, Query(ge=1, le=2**31 - 1)]
BigId = Annotated[int, Query(ge=1, le=2**63 - 1)]


@router.get("", response_model=EventsPage)
def search_events(
    actor: EventsReader,
    session: SessionDep,
    kind: Annotated[list[EventKind], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    actor_id: Annotated[list[Id], Query(alias="actor", description="who did it")] = [],  # noqa: B006
    group: Annotated[list[Id], Query()] = [],  # noqa: B006
    user: Annotated[Id | None, Query(description="events that concern this user")] = None,
    ticket: Annotated[BigId | None, Query(description="ticket number")] = None,
    order_no: Annotated[str | None, Query(max_length=40)] = None,
    subject: Annotated[audit.Subject | None, Query()] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="words of notes, comments and admin "
                          "changes, or a ticket number")
    ] = None,
    created_from: QueryInstant | None = None,
    created_to: QueryInstant | None = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> EventsPage:
    """Events matching every given criterion, newest first (by time, then id); pass
    ``next_cursor`` back as ``cursor`` for the next page. ``created_to`` is exclusive."""
    require_offsets(created_from=created_from, created_to=created_to)
    rows, next_cursor = audit.search_events(
        session=session,
        filt=audit.EventFilter(
            kinds=kind,
            actor_ids=actor_id,
            group_ids=group,
            user_id=user,
            ticket_id=ticket,
            order_no=order_no,
            subject=subject,
            q=q,
            created_from=created_from,
            created_to=created_to,
            cursor=cursor,
            limit=limit,
        ),
    )
    return EventsPage(data=[EventPublic.model_validate(e) for e in rows], next_cursor=next_cursor)
