"""KPIs for supervisors: per group or per agent, over a period."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Query

from ticketdesk.common.limits import KPI_PERIOD_MAX_DAYS
from ticketdesk.common.models import KpiReport

from ...services import kpis
from ...services.errors import Invalid
from ..deps import QueryInstant, SessionDep, SupervisorActor
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(tags=["kpis"], route_class=UnitOfWorkRoute)


@router.get("/kpis", response_model=KpiReport)
def get_kpis(
    actor: SupervisorActor,
    session: SessionDep,
    period_from: Annotated[QueryInstant, Query(alias="from")],
    period_to: Annotated[QueryInstant, Query(alias="to")],
    by: Literal["group", "agent"] = "group",
    group: Annotated[list[Annotated[int, Query(ge=1, le=2**31 - 1)]], Query()] = [],  # noqa: B006
    tz: Annotated[str, Query(max_length=64)] = "UTC",
) -> KpiReport:
    """For ``from`` ≤ t < ``to`` and the chosen groups (all if none): volume, transfers,
    reassignments on timeout, reopenings, median and 90th-percentile first response and
    handling, SLA breaches and backlog by age, per group, per agent (with time online, away
    and offline) and in total; a volume series per day (per hour for a day or less, days
    starting in ``tz``, an IANA timezone) and the first responses' distribution. Defined in
    docs/supervisors.md."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"unknown timezone {tz!r}", code="invalid_filter",
                      details={"field": "tz"}) from None
    for name, value in (("from", period_from), ("to", period_to)):
        if value.tzinfo is None:
            raise Invalid(f"{name} needs a timezone offset", code="invalid_filter",
                          details={"field": name})
    if period_to <= period_from:
        raise Invalid("'to' must be after 'from'", code="invalid_filter", details={"field": "to"})
    if (period_to - period_from).days > KPI_PERIOD_MAX_DAYS:
        raise Invalid(f"a KPI period is at most {KPI_PERIOD_MAX_DAYS} days",
                      code="invalid_filter", details={"field": "to"})
    return kpis.report(session=session, period_from=period_from, period_to=period_to, by=by,
                       group_ids=group or None, timezone=tz)
