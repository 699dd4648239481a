"""The ticket filters of a query string, read once for every route that lists tickets
(``GET /tickets`` and its export): the same names, limits and refusals, so the file a
supervisor exports holds the rows the screen asked for."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from ticketdesk.common import numbers
from ticketdesk.common.enums import Priority, Status

from ..services.errors import Invalid
from ..services.tickets import TicketFilter
from .deps import QueryInstant, require_offsets

RowIds = Annotated[list[Annotated[int, Query(ge=1, le=2**31 - 1)]], Query()]


async def ticket_filter(
    status: Annotated[list[Status], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    group: RowIds = [],  # noqa: B006
    assignee: Annotated[str | None, Query(description="user id, 'me' or 'none'")] = None,
    order_no: Annotated[str | None, Query(max_length=40)] = None,
    source: Annotated[str | None, Query(max_length=40, description="e.g. pbx")] = None,
    external_id: Annotated[str | None, Query(max_length=100,
                                             description="the other system's reference")] = None,
    type: RowIds = [],  # noqa: B006 (ticket type ids)
    priority: Annotated[list[Priority], Query()] = [],  # noqa: B006
    q: Annotated[str | None, Query(max_length=200, description="text, or a ticket number")] = None,
    created_from: QueryInstant | None = None,
    created_to: QueryInstant | None = None,
) -> TicketFilter:
    # (async: it does no I/O, so reading it costs no trip to the thread pool)
    if assignee not in (None, "me", "none") and numbers.parse_int(assignee, max_digits=9) is None:
        raise Invalid(
            "assignee must be a user id, 'me' or 'none'",
            code="invalid_filter",
            details={"field": "assignee"},
        )
    require_offsets(created_from=created_from, created_to=created_to)
    return TicketFilter(
        status=status,
        group_ids=group,
        assignee=assignee,
        order_no=order_no,
        source=source,
        external_id=external_id,
        type_ids=type,
        priority=priority,
        q=q,
        created_from=created_from,
        created_to=created_to,
    )


TicketQuery = Annotated[TicketFilter, Depends(ticket_filter)]
"""Every ticket filter of the query string (but the cursor and the page size)."""
