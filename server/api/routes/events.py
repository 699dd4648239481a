"""The audit search over the whole event record (supervisors and admins)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query

from ticketdesk.common import limits
from ticketdesk.common.models import EventPublic, EventsPage

from ...services import audit
from ..deps import EventsReader, SessionDep
from ..event_filters import EventQuery
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/events", tags=["audit"], route_class=UnitOfWorkRoute)


@router.get("", response_model=EventsPage)
def search_events(
    actor: EventsReader,
    session: SessionDep,
    filt: EventQuery,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> EventsPage:
    """Events matching every given criterion, newest first (by time, then id); pass
    ``next_cursor`` back as ``cursor`` for the next page. ``created_to`` is exclusive."""
    rows, next_cursor = audit.search_events(
        session=session, filt=replace(filt, cursor=cursor, limit=limit))
    return EventsPage(data=[EventPublic.model_validate(e) for e in rows], next_cursor=next_cursor)
