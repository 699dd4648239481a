"""KPIs per group and per agent over a period, measured from the event record (and the
tickets' timestamps for durations). Read-only; a handful of set-based queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ticketdesk.common.models import KpiReport, KpiRow

from .. import clock
from ..store.schema import Group, Membership, User

OPEN = "('queued', 'held', 'assigned', 'in_progress', 'pending')"

_GROUP_EVENTS = text("""
SELECT g AS id,
  count(*) FILTER (WHERE e.kind = 'created') AS created,
  count(*) FILTER (WHERE e.kind = 'assigned') AS assigned,
  count(*) FILTER (WHERE e.kind = 'accepted') AS accepted,
  count(*) FILTER (WHERE e.kind = 'resolved') AS resolved,
  count(*) FILTER (WHERE e.kind = 'reopened') AS reopened,
  count(*) FILTER (WHERE e.kind = 'transferred' AND (e.data->>'to_group_id')::int = g)
    AS transferred_in,
  count(*) FILTER (WHERE e.kind = 'transferred' AND (e.data->>'from_group_id')::int = g)
    AS transferred_out,
  count(*) FILTER (WHERE (e.kind = 'assigned' AND e.data->>'reason' = 'reassigned_timeout')
                      OR (e.kind = 'unassigned' AND e.data->>'reason' = 'accept_timeout'))
    AS lapsed
FROM events e CROSS JOIN LATERAL unnest(e.audience_groups) AS g
WHERE e.created_at >= :f AND e.created_at < :t
  AND e.kind IN ('created', 'assigned', 'accepted', 'resolved', 'reopened', 'transferred',
                 'unassigned')
  AND (CAST(:groups AS int[]) IS NULL OR g = ANY(CAST(:groups AS int[])))
GROUP BY g
""")

_AGENT_EVENTS = text("""
SELECT agent AS id,
  count(*) FILTER (WHERE kind = 'assigned') AS assigned,
  count(*) FILTER (WHERE kind = 'accepted') AS accepted,
  count(*) FILTER (WHERE kind = 'resolved') AS resolved,
  count(*) FILTER (WHERE kind = 'transferred') AS transferred_out,
  count(*) FILTER (WHERE kind = 'lapse') AS lapsed
FROM (
  SELECT CASE WHEN e.kind = 'assigned' THEN (e.data->>'agent_id')::int ELSE e.actor_id END
           AS agent, e.kind::text AS kind
  FROM events e
  WHERE e.created_at >= :f AND e.created_at < :t
    AND e.kind IN ('assigned', 'accepted', 'resolved', 'transferred')
  UNION ALL
  SELECT (e.data->>'previous_assignee_id')::int, 'lapse'
  FROM events e
  WHERE e.created_at >= :f AND e.created_at < :t AND e.kind IN ('assigned', 'unassigned')
    AND e.data->>'reason' IN ('reassigned_timeout', 'accept_timeout')
) x
WHERE agent = ANY(CAST(:agents AS int[]))
GROUP BY agent
""")

# Durations and SLA from the tickets themselves; each query is served by an index.
_CREATED = """
SELECT {key} AS id,
  avg(extract(epoch FROM {start_to_first})) AS first_response_avg_seconds,
  count(*) FILTER (WHERE first_response_due_at < coalesce(first_response_at, :now))
    AS sla_first_response_breaches,
  count(*) FILTER (WHERE resolution_due_at < coalesce(resolved_at, :now))
    AS sla_resolution_breaches
FROM tickets WHERE {when} >= :f AND {when} < :t AND {key} = ANY(CAST(:ids AS int[]))
GROUP BY {key}
"""
_RESOLVED = """
SELECT {key} AS id, avg(extract(epoch FROM resolved_at - accepted_at)) AS handling_avg_seconds
FROM tickets WHERE resolved_at >= :f AND resolved_at < :t AND accepted_at IS NOT NULL
  AND {key} = ANY(CAST(:ids AS int[]))
GROUP BY {key}
"""
_BACKLOG = f"""
SELECT {{key}} AS id, count(*) AS backlog,
  max(extract(epoch FROM :now - created_at)) AS backlog_oldest_seconds
FROM tickets WHERE status IN {OPEN} AND {{key}} = ANY(CAST(:ids AS int[]))
GROUP BY {{key}}
"""


def report(
    *,
    session: Session,
    period_from: datetime,
    period_to: datetime,
    by: Literal["group", "agent"],
    group_ids: list[int] | None = None,
) -> KpiReport:
    now = clock.now()
    params: dict[str, Any] = {"f": period_from, "t": period_to, "now": now}
    if by == "group":
        groups = session.scalars(
            select(Group).where(Group.id.in_(group_ids)) if group_ids else select(Group)
        ).all()
        names = {g.id: g.name for g in sorted(groups, key=lambda g: g.id)}
        rows = {gid: KpiRow(group_id=gid, name=name) for gid, name in names.items()}
        params["groups"] = sorted(names)
        _merge(rows, session.execute(_GROUP_EVENTS, params))
        _ticket_figures(session, rows, "group_id", "created_at", "first_response_at - created_at",
                        {**params, "ids": sorted(names)})
    else:
        query = select(User.id, User.display_name).order_by(User.id)
        if group_ids:
            query = query.where(
                User.id.in_(select(Membership.user_id).where(Membership.group_id.in_(group_ids)))
            )
        names = dict(session.execute(query).all())
        rows = {uid: KpiRow(agent_id=uid, name=name) for uid, name in names.items()}
        _merge(rows, session.execute(_AGENT_EVENTS, {**params, "agents": sorted(names)}))
        _ticket_figures(session, rows, "last_handler_id", "accepted_at",
                        "accepted_at - assigned_at", {**params, "ids": sorted(names)},
                        backlog_key="assignee_id")
    return KpiReport(period_from=period_from, period_to=period_to, by=by,
                     rows=list(rows.values()))


def _ticket_figures(session: Session, rows: dict[int, KpiRow], key: str, when: str,
                    start_to_first: str, params: dict[str, Any],
                    backlog_key: str | None = None) -> None:
    _merge(rows, session.execute(
        text(_CREATED.format(key=key, when=when, start_to_first=start_to_first)), params))
    _merge(rows, session.execute(text(_RESOLVED.format(key=key)), params))
    _merge(rows, session.execute(text(_BACKLOG.format(key=backlog_key or key)), params))


def _merge(rows: dict[int, KpiRow], result: Any) -> None:
    for record in result.mappings():
        row = rows.get(record["id"])
        if row is None:
            continue
        for name, value in record.items():
            if name != "id" and value is not None:
                setattr(row, name, float(value) if "seconds" in name else int(value))
