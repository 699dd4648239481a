"""KPIs for chosen groups over a period, measured from the event record.

Which group an event counts for is its own rule, not its audience: ``events.kpi_group_id``,
the group holding the ticket when the event happened (a transfer counts as out for the group
it left and as in for the group it went to). Spans (first response, handling) and whether
they were late are written on the event that ends them (``services.spans``), so one pass
over the period's events gives every count, median and distribution. Backlog is the open
tickets now. docs/supervisors.md defines every figure. Read-only."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ticketdesk.common.enums import OPEN_STATUSES, Presence, sql_in
from ticketdesk.common.models import (
    BACKLOG_AGE_EDGES,
    FIRST_RESPONSE_EDGES,
    KpiBucket,
    KpiPoint,
    KpiReport,
    KpiRow,
)

from .. import clock
from ..store.schema import KPI_KINDS, Group, Membership, User

OPEN = sql_in(OPEN_STATUSES)
_IN_PERIOD = (f"e.created_at >= :f AND e.created_at < :t AND e.{KPI_KINDS} "
              "AND e.kpi_group_id = ANY(CAST(:groups AS int[]))")
_LAPSE = ("((e.kind = 'assigned' AND e.data->>'reason' = 'reassigned_timeout') "
          "OR (e.kind = 'unassigned' AND e.data->>'reason' = 'accept_timeout'))")
_FIRST = "kind = 'accepted' AND s IS NOT NULL"
_COUNTS_SQL = f"""jsonb_build_object(
  'created', count(*) FILTER (WHERE kind = 'created'),
  'assigned', count(*) FILTER (WHERE kind = 'assigned'),
  'accepted', count(*) FILTER (WHERE kind = 'accepted'),
  'resolved', count(*) FILTER (WHERE kind = 'resolved'),
  'reopened', count(*) FILTER (WHERE kind = 'reopened'),
  'transferred_out', count(*) FILTER (WHERE kind = 'transferred'),
  'first_responses', count(*) FILTER (WHERE {_FIRST}),
  'sla_first_response_breaches', count(*) FILTER (WHERE kind = 'accepted' AND late),
  'sla_resolution_breaches', count(*) FILTER (WHERE kind = 'resolved' AND late),
  'lapsed', count(lapser))"""
_SPANS_SQL = """jsonb_build_object(
  'avg', avg(s), 'quantiles', percentile_cont(CAST(:quantiles AS float8[]))
                                WITHIN GROUP (ORDER BY s))"""

# One pass over the period's events (read once into a work table), then each view of it,
# counted by hashing: per group and in total, per agent, lapses per agent, the series, the
# histogram; and only the spans sorted, for their medians and percentiles. Whom an event
# counts for among agents: the one offered the ticket, the one whose resolution was
# reopened, otherwise whoever acted; a lapse also counts for the one who let it lapse.
_REPORT = text(f"""
WITH e AS MATERIALIZED (
  SELECT e.kpi_group_id AS g, e.kind::text AS kind, e.kpi_seconds AS s, e.kpi_late AS late,
    e.created_at AS at,
    CASE e.kind WHEN 'assigned' THEN (e.data->>'agent_id')::int
                WHEN 'reopened' THEN (e.data->>'previous_assignee_id')::int
                WHEN 'unassigned' THEN NULL ELSE e.actor_id END AS agent,
    CASE WHEN {_LAPSE} THEN (e.data->>'previous_assignee_id')::int END AS lapser
  FROM events e
  WHERE {_IN_PERIOD}
)
SELECT CASE WHEN GROUPING(g) = 1 THEN 'total' ELSE 'group' END AS part, g AS id,
  NULL AS kind, NULL::timestamp AS bucket, {_COUNTS_SQL} AS figures
FROM e GROUP BY GROUPING SETS ((g), ())
UNION ALL
SELECT 'agent', agent, NULL, NULL, {_COUNTS_SQL} FROM e WHERE agent IS NOT NULL GROUP BY agent
UNION ALL
SELECT 'lapse', lapser, NULL, NULL, jsonb_build_object('lapsed', count(*))
FROM e WHERE lapser IS NOT NULL GROUP BY lapser
UNION ALL
SELECT 'series', NULL, NULL, date_trunc(:step, at AT TIME ZONE :tz),
  jsonb_build_object('created', count(*) FILTER (WHERE kind = 'created'),
                     'resolved', count(*) FILTER (WHERE kind = 'resolved'))
FROM e WHERE kind IN ('created', 'resolved') GROUP BY 4
UNION ALL
SELECT 'histogram', width_bucket(s, CAST(:edges AS float8[])), NULL, NULL,
  jsonb_build_object('count', count(*))
FROM e WHERE {_FIRST} GROUP BY 2
UNION ALL
SELECT CASE WHEN GROUPING(g) = 0 THEN 'group' WHEN GROUPING(agent) = 0 THEN 'agent'
            ELSE 'total' END, coalesce(g, agent), kind, NULL, {_SPANS_SQL}
FROM e WHERE s IS NOT NULL AND kind IN ('accepted', 'resolved')
GROUP BY GROUPING SETS ((g, kind), (agent, kind), (kind))
""")

_TRANSFERRED_IN = text(f"""
SELECT (e.data->>'to_group_id')::int AS id, count(*) AS transferred_in
FROM events e
WHERE e.created_at >= :f AND e.created_at < :t AND e.{KPI_KINDS} AND e.kind = 'transferred'
  AND (e.data->>'to_group_id')::int = ANY(CAST(:groups AS int[]))
GROUP BY 1
""")

# The open tickets now, by age; and those whose due time passed in the period unmet.
_BACKLOG = f"""
SELECT {{key}} AS id, width_bucket(extract(epoch FROM :now - created_at),
                                  CAST(:age_edges AS float8[])) AS age,
  count(*) AS backlog, max(extract(epoch FROM :now - created_at)) AS oldest,
  count(*) FILTER (WHERE first_response_at IS NULL AND first_response_due_at >= :f
                   AND first_response_due_at < :upto) AS first_response_overdue,
  count(*) FILTER (WHERE resolution_due_at >= :f AND resolution_due_at < :upto)
    AS resolution_overdue
FROM tickets
WHERE status IN {OPEN} AND group_id = ANY(CAST(:groups AS int[])) {{extra}}
GROUP BY 1, 2
"""

# Time in each presence: from the period's start in the state the agent was then in (the last
# change before it; else the first change's "from"; else never changed: as now), then each
# change's state until the next change or the end.
_PRESENCE = text("""
WITH during AS (
  SELECT e.id AS eid, (e.data->>'user_id')::int AS id, e.created_at AS at,
    e.data->>'from' AS was, e.data->>'to' AS became
  FROM events e
  WHERE e.kind = 'presence_changed' AND (e.data->>'user_id')::int = ANY(CAST(:agents AS int[]))
    AND e.created_at >= :f AND e.created_at < :upto
), firsts AS (
  SELECT DISTINCT ON (id) id, at, was FROM during ORDER BY id, at, eid
), spans AS (
  SELECT u.id, coalesce(before.state, firsts.was, u.presence) AS state,
    CAST(:f AS timestamptz) AS since, coalesce(firsts.at, :upto) AS until
  FROM users u
  LEFT JOIN firsts ON firsts.id = u.id
  LEFT JOIN LATERAL (
    SELECT e.data->>'to' AS state FROM events e
    WHERE e.kind = 'presence_changed' AND (e.data->>'user_id')::int = u.id
      AND e.created_at < :f
    ORDER BY e.created_at DESC LIMIT 1) before ON true
  WHERE u.id = ANY(CAST(:agents AS int[]))
  UNION ALL
  SELECT id, became, at, coalesce(lead(at) OVER (PARTITION BY id ORDER BY at, eid), :upto)
  FROM during
)
SELECT id, state, sum(extract(epoch FROM until - since)) AS seconds FROM spans GROUP BY 1, 2
""")

_STATES = {p.value for p in Presence}


def report(
    *,
    session: Session,
    period_from: datetime,
    period_to: datetime,
    by: Literal["group", "agent"] = "group",
    group_ids: list[int] | None = None,
    timezone: str = "UTC",
) -> KpiReport:
    """``timezone`` (IANA name, already checked) says where a day starts for the series."""
    now = clock.now()
    groups = session.scalars(
        select(Group).where(Group.id.in_(group_ids)) if group_ids else select(Group)
    ).all()
    group_rows = {g.id: KpiRow(group_id=g.id, name=g.name)
                  for g in sorted(groups, key=lambda g: g.id)}
    agent_query = (
        select(User.id, User.display_name)
        .where(User.id.in_(select(Membership.user_id)
                           .where(Membership.group_id.in_(list(group_rows)))))
        .order_by(User.id)
    )
    agent_rows = {uid: KpiRow(agent_id=uid, name=name)
                  for uid, name in session.execute(agent_query).all()}
    total = KpiRow(name="")
    step: Literal["day", "hour"] = ("hour" if period_to - period_from <= timedelta(hours=25)
                                    else "day")
    upto = max(min(period_to, now), period_from)
    params: dict[str, Any] = {
        "f": period_from, "t": period_to, "now": now, "upto": upto, "tz": timezone,
        "step": step, "groups": list(group_rows), "agents": list(agent_rows),
        "edges": list(FIRST_RESPONSE_EDGES), "age_edges": list(BACKLOG_AGE_EDGES),
        "quantiles": [0.5, 0.9],
    }
    created: dict[datetime, int] = defaultdict(int)
    resolved: dict[datetime, int] = defaultdict(int)
    histogram = [0] * len(FIRST_RESPONSE_EDGES)
    lapses: dict[int, int] = {}
    # the work table of a month's events fits in memory (the default 4 MB spills to disk)
    session.execute(text("SET LOCAL work_mem = '64MB'"))
    for record in session.execute(_REPORT, params).mappings():
        part, figures = record["part"], record["figures"]
        if part == "series":
            created[record["bucket"]] += figures["created"]
            resolved[record["bucket"]] += figures["resolved"]
        elif part == "histogram":  # (below 0 s: a clock step; counted with the first bucket)
            histogram[max(record["id"], 1) - 1] += figures["count"]
        elif part == "lapse":
            lapses[record["id"]] = figures["lapsed"]
        else:
            row = (total if part == "total"
                   else (group_rows if part == "group" else agent_rows).get(record["id"]))
            if row is not None:
                _fill(row, record["kind"], figures)
    for uid, row in agent_rows.items():  # (after their rows, whatever order they came in)
        row.lapsed = lapses.get(uid, 0)
    for record in session.execute(_TRANSFERRED_IN, params).mappings():
        group_rows[record["id"]].transferred_in = record["transferred_in"]
    total.transferred_in = sum(r.transferred_in for r in group_rows.values())
    ages = [0] * len(BACKLOG_AGE_EDGES)
    _backlog(session, group_rows, total, "group_id", "", params, ages)
    _backlog(session, agent_rows, None, "assignee_id", "AND assignee_id IS NOT NULL", params,
             [0] * len(BACKLOG_AGE_EDGES), overdue=False)
    _presence(session, agent_rows, params)
    return KpiReport(
        period_from=period_from, period_to=period_to, by=by,
        rows=list((group_rows if by == "group" else agent_rows).values()),
        timezone=timezone, total=total, groups=list(group_rows.values()),
        agents=list(agent_rows.values()), step=step,
        series=[KpiPoint(start=start, created=created[key], resolved=resolved[key])
                for start, key in _buckets(period_from, period_to, step, ZoneInfo(timezone))],
        first_response_histogram=_distribution(FIRST_RESPONSE_EDGES, histogram),
        backlog_age=_distribution(BACKLOG_AGE_EDGES, ages),
    )


def _fill(row: KpiRow, kind: str | None, figures: dict[str, Any]) -> None:
    if kind is None:
        for name, value in figures.items():
            setattr(row, name, int(value))
        return
    name = "first_response" if kind == "accepted" else "handling"
    median, p90 = figures["quantiles"]
    setattr(row, f"{name}_avg_seconds", float(figures["avg"]))
    setattr(row, f"{name}_median_seconds", float(median))
    setattr(row, f"{name}_p90_seconds", float(p90))


def _backlog(session: Session, rows: dict[int, KpiRow], total: KpiRow | None, key: str,
             extra: str, params: dict[str, Any], ages: list[int], overdue: bool = True) -> None:
    if not rows:
        return
    for record in session.execute(text(_BACKLOG.format(key=key, extra=extra)), params).mappings():
        age = max(record["age"], 1) - 1
        targets = [r for r in (rows.get(record["id"]), total) if r is not None]
        for row in targets:
            if not row.backlog_by_age:
                row.backlog_by_age = [0] * len(BACKLOG_AGE_EDGES)
            row.backlog += record["backlog"]
            row.backlog_by_age[age] += record["backlog"]
            oldest = float(record["oldest"])
            row.backlog_oldest_seconds = max(row.backlog_oldest_seconds or 0.0, oldest)
            if overdue:
                row.sla_first_response_breaches += record["first_response_overdue"]
                row.sla_resolution_breaches += record["resolution_overdue"]
        if total is not None:
            ages[age] += record["backlog"]
    for row in [*rows.values(), *([total] if total else [])]:
        if not row.backlog_by_age:
            row.backlog_by_age = [0] * len(BACKLOG_AGE_EDGES)


def _presence(session: Session, rows: dict[int, KpiRow], params: dict[str, Any]) -> None:
    """Time in each presence from ``from`` to the end of the period (or now)."""
    if not rows:
        return
    for row in rows.values():
        row.online_seconds = row.away_seconds = row.offline_seconds = 0.0
    for uid, state, seconds in session.execute(_PRESENCE, params).all():
        name = f"{state if state in _STATES else Presence.OFFLINE.value}_seconds"
        setattr(rows[uid], name, getattr(rows[uid], name) + float(seconds))


def _buckets(start: datetime, end: datetime, step: str,
             zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Each day or hour the period touches: (its start as an instant, its key as the query
    groups it: the local wall-clock time truncated)."""
    out: list[tuple[datetime, datetime]] = []
    local = start.astimezone(zone)
    key = (local.replace(minute=0, second=0, microsecond=0) if step == "hour"
           else local.replace(hour=0, minute=0, second=0, microsecond=0)).replace(tzinfo=None)
    while True:
        instant = key.replace(tzinfo=zone)
        if instant >= end:
            return out
        out.append((max(instant, start), key))
        if step == "hour":
            # step in absolute time, so a daylight-saving hour is neither lost nor doubled
            nxt = (instant + timedelta(hours=1)).astimezone(zone)
            key = nxt.replace(minute=0, second=0, microsecond=0, tzinfo=None)
        else:
            key = (key + timedelta(days=1))


def _distribution(edges: tuple[int, ...], counts: list[int]) -> list[KpiBucket]:
    return [KpiBucket(from_seconds=lo, to_seconds=edges[i + 1] if i + 1 < len(edges) else None,
                      count=counts[i]) for i, lo in enumerate(edges)]
