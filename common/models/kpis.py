"""KPI rows per group or per agent over a period, measured from the event record."""

from __future__ import annotations

from typing import Literal

from .base import UtcDateTime, WireModel


class KpiRow(WireModel):
    group_id: int | None = None
    agent_id: int | None = None
    name: str
    created: int = 0
    """Tickets created into the group in the period (groups only)."""
    assigned: int = 0
    accepted: int = 0
    resolved: int = 0
    reopened: int = 0
    transferred_in: int = 0
    transferred_out: int = 0
    lapsed: int = 0
    """Offers not accepted in time (a group's, or an agent's own)."""
    first_response_avg_seconds: float | None = None
    """From creation (group) or from the offer (agent) to acceptance."""
    handling_avg_seconds: float | None = None
    """From acceptance to resolution, for tickets resolved in the period."""
    sla_first_response_breaches: int = 0
    sla_resolution_breaches: int = 0
    backlog: int = 0
    """Open tickets now (a group's, or assigned to the agent)."""
    backlog_oldest_seconds: float | None = None


class KpiReport(WireModel):
    period_from: UtcDateTime
    period_to: UtcDateTime
    by: Literal["group", "agent"]
    rows: list[KpiRow]
