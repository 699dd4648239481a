"""The audit search's filters of a query string, read once for every route that lists
events (``GET /events`` and its export): the same names, limits and refusals, so the file
a supervisor exports holds the rows the screen asked for."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from ticketdesk.common.enums import EventKind

from ..services import audit
from .deps import QueryInstant, require_offsets

Id = Annotated[int, Query(ge=1, le=2**31 - 1)]
BigId = Annotated[int, Query(ge=1, le=2**63 - 1)]


async def event_filter(
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
) -> audit.EventFilter:
    require_offsets(created_from=created_from, created_to=created_to)
    return audit.EventFilter(
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
    )


EventQuery = Annotated[audit.EventFilter, Depends(event_filter)]
