"""KPIs over a period for chosen groups, measured from the event record: per group, per
agent and in total, with a volume series and two distributions. docs/supervisors.md defines
every figure."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from . import examples as ex
from .base import UtcDateTime, WireModel, examples

BACKLOG_AGE_EDGES: tuple[int, ...] = (0, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600)
"""Lower bounds, in seconds, of the backlog's age buckets (<1 h, 1–4 h, 4–24 h, 1–3 d, >3 d)."""
FIRST_RESPONSE_EDGES: tuple[int, ...] = (0, 60, 5 * 60, 15 * 60, 30 * 60, 3600, 4 * 3600)
"""Lower bounds, in seconds, of the first-response histogram's buckets."""


class KpiRow(WireModel):
    group_id: int | None = None
    agent_id: int | None = None
    name: str
    created: int = 0
    """Tickets created into the group (a group), or by the agent into the chosen groups."""
    assigned: int = 0
    accepted: int = 0
    resolved: int = 0
    reopened: int = 0
    """Resolved tickets opened again (for an agent: whose resolution was reopened)."""
    transferred_in: int = 0
    transferred_out: int = 0
    lapsed: int = 0
    """Reassigned on timeout: offers not accepted in time (a group's, or the agent's own)."""
    first_responses: int = 0
    """First acceptances (each ticket's first response) in the period."""
    first_response_avg_seconds: float | None = None
    first_response_median_seconds: float | None = None
    first_response_p90_seconds: float | None = None
    """Creation → first acceptance, over the first acceptances in the period."""
    handling_avg_seconds: float | None = None
    handling_median_seconds: float | None = None
    handling_p90_seconds: float | None = None
    """The latest acceptance → resolution, over the resolutions in the period."""
    sla_first_response_breaches: int = 0
    sla_resolution_breaches: int = 0
    escalation_warnings: int = 0
    """Escalation events in the period: warnings (``sla_warning``) recorded while the group
    held the ticket, or while the agent was its assignee."""
    escalation_breaches: int = 0
    """Breach escalations (``sla_breached``), counted as ``escalation_warnings`` are."""
    backlog: int = 0
    """Open tickets now (a group's, or assigned to the agent in the chosen groups)."""
    backlog_oldest_seconds: float | None = None
    backlog_by_age: list[int] = Field(default_factory=list)
    """Open tickets now per age bucket (``BACKLOG_AGE_EDGES``)."""
    online_seconds: float | None = None
    away_seconds: float | None = None
    offline_seconds: float | None = None
    """Agents only: time in each presence within the period (up to now)."""


class KpiPoint(WireModel):
    start: UtcDateTime
    """Start of the day or hour (in the report's timezone)."""
    created: int = 0
    resolved: int = 0


class KpiBucket(WireModel):
    from_seconds: int
    to_seconds: int | None
    """None: open-ended."""
    count: int = 0


class KpiReport(WireModel):
    model_config = examples(ex.KPI_REPORT)
    period_from: UtcDateTime
    period_to: UtcDateTime
    by: Literal["group", "agent"]
    rows: list[KpiRow]
    """Per ``by``: the same rows as ``groups`` or ``agents`` (kept for older callers)."""
    timezone: str = "UTC"
    total: KpiRow | None = None
    """The chosen groups together."""
    groups: list[KpiRow] = Field(default_factory=list)
    agents: list[KpiRow] = Field(default_factory=list)
    """Members of the chosen groups, with their figures within those groups."""
    step: Literal["day", "hour"] = "day"
    series: list[KpiPoint] = Field(default_factory=list)
    """Volume per day (per hour for a period of a day or less), zeros included."""
    first_response_histogram: list[KpiBucket] = Field(default_factory=list)
    backlog_age: list[KpiBucket] = Field(default_factory=list)
