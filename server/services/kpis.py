"""KPIs for chosen groups over a period, measured from the event record.

Which group an event counts for is its own rule, not its audience: ``events.kpi_group_id``,
the group holding the ticket when the event happened (a transfer counts as out for the group
it left and as in for the group it went to). Spans (first response, handling) and whether
they were late are written on the event that ends them (``services.spans``). Backlog is the
open tickets now. docs/supervisors.md defines every figure. Read-only.

The counts come from roll-ups of the record (``kpi_group_hours``, ``kpi_agent_hours``,
``kpi_agent_days``: migrations 0019 and 0026), which hold exactly the events below a horizon
(``kpi_rollup_horizon``, moved by ``compact``); the events at or above it, and the period's
partial hours at either end, are counted from the events themselves with the same rules
(the database functions ``kpi_group_facts``/``kpi_agent_facts``), in the same statement as
the roll-ups, so a report cannot disagree with the record. Changing what an event counts
for means a migration that replaces those functions and rebuilds the roll-ups
(``kpi_rollup_rebuild()``). Medians and percentiles need every span: they are read from a
covering index. tests/server/api/test_kpi_rollups.py checks this against the event record
queried directly, over a varied workload."""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_left
from collections import defaultdict
from datetime import UTC, datetime, timedelta
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
from ..store.schema import KPI_KINDS, KPI_SPANS, Group, Membership, User

OPEN = sql_in(OPEN_STATUSES)
_GROUPS = "CAST(:groups AS int[])"
_COUNTS = ("created", "assigned", "accepted", "resolved", "reopened", "transferred_out",
           "first_responses", "sla_first_response_breaches", "sla_resolution_breaches", "lapsed")
# The period's events outside the whole hours the roll-ups hold: [from, h1) and [h2, to).
_EDGES = (f"((e.created_at >= :f AND e.created_at < :h1) OR (e.created_at >= :h2 "
          f"AND e.created_at < :t)) AND e.{KPI_KINDS}")
# The whole hours' events the roll-ups do not hold yet: at or above their horizon. The
# horizon as this statement sees it decides; the one read just before (``:seen``, never
# above it: the horizon only moves up) is there for the planner, which cannot see into the
# sub-select: given only that, it reads the whole period's events and filters them by xid
# (342,000 rows for a month of 1,000,000 tickets), not the few above the horizon by
# ix_events_xid_id.
_HORIZON = "coalesce((SELECT xid FROM kpi_rollup_horizon), 0)"  # (no row: none rolled up)
_RECENT = (f"e.xid >= :seen AND e.xid >= {_HORIZON} "
           f"AND e.created_at >= :h1 AND e.created_at < :h2 AND e.{KPI_KINDS}")

# Counts per group, in total and per step of the series: the group roll-up's whole hours
# and, for the partial hours at either end, the same facts from the events themselves.
_GROUP_COUNTS = text(f"""
WITH f AS (
  SELECT bucket, group_id, {", ".join(_COUNTS)}, transferred_in FROM kpi_group_hours
  WHERE bucket >= :h1 AND bucket < :h2 AND group_id = ANY({_GROUPS})
  UNION ALL
  SELECT f.bucket, f.group_id, {", ".join(f"f.{c}" for c in _COUNTS)}, f.transferred_in
  FROM events e CROSS JOIN LATERAL kpi_group_facts(e) f
  WHERE {_EDGES} AND f.group_id = ANY({_GROUPS})
  UNION ALL
  SELECT f.bucket, f.group_id, {", ".join(f"f.{c}" for c in _COUNTS)}, f.transferred_in
  FROM events e CROSS JOIN LATERAL kpi_group_facts(e) f
  WHERE {_RECENT} AND f.group_id = ANY({_GROUPS})
)
SELECT CASE WHEN GROUPING(group_id) = 0 THEN 'group' WHEN GROUPING(step) = 0 THEN 'series'
            ELSE 'total' END AS part, group_id, step,
  {", ".join(f"coalesce(sum({c}), 0) AS {c}" for c in _COUNTS)},
  coalesce(sum(transferred_in), 0) AS transferred_in
FROM (SELECT *, date_trunc(:step, bucket AT TIME ZONE :tz) AS step FROM f) f
GROUP BY GROUPING SETS ((group_id), (step), ())
""")

# Per agent within the chosen groups: whole days, then whole hours, then the partial hours'
# events and the whole hours' not rolled up yet (d1/d2: the whole UTC days within [h1, h2)).
_AGENT_COUNTS = text(f"""
WITH f AS (
  SELECT agent_id, {", ".join(_COUNTS)} FROM kpi_agent_days
  WHERE bucket >= :d1 AND bucket < :d2 AND group_id = ANY({_GROUPS})
  UNION ALL
  SELECT agent_id, {", ".join(_COUNTS)} FROM kpi_agent_hours
  WHERE ((bucket >= :h1 AND bucket < :d1) OR (bucket >= :d2 AND bucket < :h2))
    AND group_id = ANY({_GROUPS})
  UNION ALL
  SELECT f.agent_id, {", ".join(f"f.{c}" for c in _COUNTS)}
  FROM events e CROSS JOIN LATERAL kpi_agent_facts(e) f
  WHERE {_EDGES} AND f.group_id = ANY({_GROUPS})
  UNION ALL
  SELECT f.agent_id, {", ".join(f"f.{c}" for c in _COUNTS)}
  FROM events e CROSS JOIN LATERAL kpi_agent_facts(e) f
  WHERE {_RECENT} AND f.group_id = ANY({_GROUPS})
)
SELECT agent_id, {", ".join(f"sum({c}) AS {c}" for c in _COUNTS)} FROM f
WHERE agent_id = ANY(CAST(:agents AS int[])) GROUP BY agent_id
""")

# The volume series straight from the events, for a timezone whose days or hours do not
# start on a whole UTC hour (e.g. Asia/Kolkata): the roll-ups' hours straddle them.
_SERIES = text(f"""
SELECT date_trunc(:step, e.created_at AT TIME ZONE :tz) AS step,
  count(*) FILTER (WHERE e.kind = 'created') AS created,
  count(*) FILTER (WHERE e.kind = 'resolved') AS resolved
FROM events e
WHERE e.created_at >= :f AND e.created_at < :t AND e.{KPI_KINDS}
  AND e.kind IN ('created', 'resolved') AND e.kpi_group_id = ANY({_GROUPS})
GROUP BY 1
""")

# Every span that ended in the period, from the covering index alone, per (kind, group,
# agent): 8-byte floats, packed (a month is ~160,000 of them; as text they would take
# longer to print and parse than to read). Medians and percentiles are then taken in Python
# from the sorted values, exactly as percentile_cont would.
_SPANS = text(f"""
SELECT e.kind::text AS kind, e.kpi_group_id AS g, e.actor_id AS agent,
  string_agg(float8send(e.kpi_seconds), ''::bytea) AS seconds
FROM events e
WHERE e.created_at >= :f AND e.created_at < :t AND e.{KPI_SPANS}
  AND e.kpi_group_id = ANY({_GROUPS})
GROUP BY 1, 2, 3
""")

# The open tickets now, by age, per group and per assignee (one pass); and those whose due
# time passed in the period unmet.
_BACKLOG = text(f"""
SELECT GROUPING(group_id) = 1 AS by_agent, coalesce(group_id, assignee_id) AS id, age,
  count(*) AS backlog, max(seconds) AS oldest,
  count(*) FILTER (WHERE first_response_at IS NULL AND first_response_due_at >= :f
                   AND first_response_due_at < :upto) AS first_response_overdue,
  count(*) FILTER (WHERE resolution_due_at >= :f AND resolution_due_at < :upto)
    AS resolution_overdue
FROM (SELECT *, width_bucket(seconds, CAST(:age_edges AS float8[])) AS age
      FROM (SELECT group_id, assignee_id, first_response_at, first_response_due_at,
                   resolution_due_at, extract(epoch FROM :now - created_at) AS seconds
            FROM tickets
            WHERE status IN {OPEN} AND group_id = ANY({_GROUPS})) t) t
GROUP BY GROUPING SETS ((group_id, age), (assignee_id, age))
""")

# Time in each presence: from the period's start in the state the agent was then in (the last
# change before it; else the first change's "from"; else never changed: as now), then each
# change's state until the next change or the end.
_PRESENCE = text("""
WITH during AS MATERIALIZED (
  SELECT (e.data->>'user_id')::int AS id, e.created_at AS at, e.data->>'from' AS was,
    e.data->>'to' AS became, row_number() OVER w AS n, lead(e.created_at) OVER w AS next_at
  FROM events e
  WHERE e.kind = 'presence_changed' AND (e.data->>'user_id')::int = ANY(CAST(:agents AS int[]))
    AND e.created_at >= :f AND e.created_at < :upto
  WINDOW w AS (PARTITION BY (e.data->>'user_id')::int ORDER BY e.created_at, e.id)
), spans AS (
  -- The state at the period's start: what the last change before it made it, else what the
  -- first change after it (in the period or later) changed from, else — never changed
  -- since — the presence the user has now.
  SELECT u.id, coalesce(before.state, later.was, u.presence) AS state,
    CAST(:f AS timestamptz) AS since, coalesce(firsts.at, :upto) AS until
  FROM users u
  LEFT JOIN during firsts ON firsts.id = u.id AND firsts.n = 1
  LEFT JOIN LATERAL (
    SELECT e.data->>'to' AS state FROM events e
    WHERE e.kind = 'presence_changed' AND (e.data->>'user_id')::int = u.id
      AND e.created_at < :f
    ORDER BY e.created_at DESC LIMIT 1) before ON true
  LEFT JOIN LATERAL (
    SELECT e.data->>'from' AS was FROM events e
    WHERE e.kind = 'presence_changed' AND (e.data->>'user_id')::int = u.id
      AND e.created_at >= :f
    ORDER BY e.created_at, e.id LIMIT 1) later ON before.state IS NULL
  WHERE u.id = ANY(CAST(:agents AS int[]))
  UNION ALL
  SELECT id, became, at, coalesce(next_at, :upto) FROM during
)
SELECT id, state, sum(extract(epoch FROM until - since)) AS seconds FROM spans GROUP BY 1, 2
""")

# The escalation events of the period: per group holding the ticket (``kpi_group_id``) and
# per agent holding it (the event's ``assignee_id``), read through ix_events_kind_created.
_ESCALATIONS = text(f"""
SELECT GROUPING(e.kpi_group_id) = 1 AS by_agent,
  CASE WHEN GROUPING(e.kpi_group_id) = 0 THEN e.kpi_group_id
       ELSE (e.data->>'assignee_id')::int END AS id,
  count(*) FILTER (WHERE e.kind = 'sla_warning') AS warnings,
  count(*) FILTER (WHERE e.kind = 'sla_breached') AS breaches
FROM events e
WHERE e.kind IN ('sla_warning', 'sla_breached') AND e.created_at >= :f AND e.created_at < :t
  AND e.kpi_group_id = ANY({_GROUPS})
GROUP BY GROUPING SETS ((e.kpi_group_id), ((e.data->>'assignee_id')::int))
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
    buckets = _buckets(period_from, period_to, step, ZoneInfo(timezone))
    params.update(_grid(period_from, period_to))
    params["seen"] = session.execute(text(f"SELECT {_HORIZON}")).scalar_one()
    created: dict[datetime, int] = defaultdict(int)
    resolved: dict[datetime, int] = defaultdict(int)
    session.execute(text("SET LOCAL work_mem = '64MB'"))  # (the spans' aggregation)
    for record in session.execute(_GROUP_COUNTS, params).mappings():
        if record["part"] == "series":
            created[record["step"]] += record["created"]
            resolved[record["step"]] += record["resolved"]
            continue
        row = total if record["part"] == "total" else group_rows.get(record["group_id"])
        if row is not None:
            for name in (*_COUNTS, "transferred_in"):
                setattr(row, name, int(record[name]))
    total.transferred_in = sum(r.transferred_in for r in group_rows.values())
    if not all(_on_the_hour(start) for start, _ in buckets[1:]):
        created.clear()
        resolved.clear()
        for record in session.execute(_SERIES, params).mappings():
            created[record["step"]] = record["created"]
            resolved[record["step"]] = record["resolved"]
    if agent_rows:
        for record in session.execute(_AGENT_COUNTS, params).mappings():
            row = agent_rows[record["agent_id"]]
            for name in _COUNTS:
                setattr(row, name, int(record[name]))
    histogram = _spans(session, params, group_rows, agent_rows, total)
    ages = [0] * len(BACKLOG_AGE_EDGES)
    _backlog(session, group_rows, agent_rows, total, params, ages)
    _presence(session, agent_rows, params)
    _escalations(session, group_rows, agent_rows, total, params)
    return KpiReport(
        period_from=period_from, period_to=period_to, by=by,
        rows=list((group_rows if by == "group" else agent_rows).values()),
        timezone=timezone, total=total, groups=list(group_rows.values()),
        agents=list(agent_rows.values()), step=step,
        series=[KpiPoint(start=start, created=created[key], resolved=resolved[key])
                for start, key in buckets],
        first_response_histogram=_distribution(FIRST_RESPONSE_EDGES, histogram),
        backlog_age=_distribution(BACKLOG_AGE_EDGES, ages),
    )


def compact(session: Session) -> int:
    """Add to the KPI roll-ups what the events that passed below their horizon count, move
    the horizon, and merge each bucket's rows into one; returns the rows the merge wrote.
    Safe at any time, from any process (one at a time: the horizon's row lock)."""
    return int(session.execute(text("SELECT kpi_rollup_compact()")).scalar_one())


def _grid(period_from: datetime, period_to: datetime) -> dict[str, datetime]:
    """Where the roll-ups take over: h1/h2, the first and last whole UTC hours within the
    period; d1/d2, the whole UTC days within those. Outside [h1, h2) the events are read."""
    start, end = period_from.astimezone(UTC), period_to.astimezone(UTC)
    h1 = start.replace(minute=0, second=0, microsecond=0)
    if h1 < start:
        h1 += timedelta(hours=1)
    h2 = end.replace(minute=0, second=0, microsecond=0)
    if h1 >= h2:
        h1 = h2 = end  # no whole hour: every event from the record
    d1 = h1.replace(hour=0)
    if d1 < h1:
        d1 += timedelta(days=1)
    d2 = h2.replace(hour=0)
    if d1 >= d2:
        d1 = d2 = h2  # no whole day: hours only
    return {"h1": h1, "h2": h2, "d1": d1, "d2": d2}


def _on_the_hour(moment: datetime) -> bool:
    utc = moment.astimezone(UTC)
    return utc.minute == utc.second == utc.microsecond == 0


def _spans(session: Session, params: dict[str, Any], group_rows: dict[int, KpiRow],
           agent_rows: dict[int, KpiRow], total: KpiRow) -> list[int]:
    """Average, median and 90th percentile of first responses and handling per group, per
    agent and in total; returns the first responses' histogram counts."""
    sets: dict[tuple[str, str, int | None], list[list[float]]] = defaultdict(list)
    # Hashed, not sorted, by (kind, group, agent): the planner underestimates how many spans
    # a period holds and would sort them all first (most of the query's time).
    session.execute(text("SET LOCAL enable_sort = off"))
    found = session.execute(_SPANS, params).all()
    session.execute(text("SET LOCAL enable_sort TO DEFAULT"))
    for kind, group, agent, packed in found:
        values = array("d")
        values.frombytes(packed)
        if sys.byteorder == "little":
            values.byteswap()  # (float8send writes network order)
        ordered = sorted(values)
        name = "first_response" if kind == "accepted" else "handling"
        for key in ((name, "group", group), (name, "agent", agent), (name, "total", None)):
            sets[key].append(ordered)
    everyone: list[float] = []
    for (name, part, key), runs in sets.items():
        rows = group_rows if part == "group" else agent_rows
        row = total if part == "total" else rows.get(key) if key is not None else None
        if row is None:
            continue
        values = runs[0]
        if len(runs) > 1:
            values = []
            for run in runs:
                values.extend(run)
            values.sort()  # (each run is sorted already: the sort only merges them)
        if part == "total" and name == "first_response":
            everyone = values
        setattr(row, f"{name}_avg_seconds", sum(values) / len(values))
        setattr(row, f"{name}_median_seconds", _percentile(values, 0.5))
        setattr(row, f"{name}_p90_seconds", _percentile(values, 0.9))
    # (a first response below 0 s, from a clock step, counts with the first bucket)
    cuts = [bisect_left(everyone, edge) for edge in FIRST_RESPONSE_EDGES[1:]]
    return [b - a for a, b in zip([0, *cuts], [*cuts, len(everyone)], strict=True)]


def _percentile(ordered: list[float], fraction: float) -> float:
    """As PostgreSQL's percentile_cont: linear between the two nearest ranks."""
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _backlog(session: Session, group_rows: dict[int, KpiRow], agent_rows: dict[int, KpiRow],
             total: KpiRow, params: dict[str, Any], ages: list[int]) -> None:
    if not group_rows:
        return
    for record in session.execute(_BACKLOG, params).mappings():
        age = max(record["age"], 1) - 1
        if record["by_agent"]:
            targets = [agent_rows.get(record["id"])] if record["id"] is not None else []
        else:
            targets = [group_rows.get(record["id"]), total]
            ages[age] += record["backlog"]
        for row in targets:
            if row is None:
                continue
            if not row.backlog_by_age:
                row.backlog_by_age = [0] * len(BACKLOG_AGE_EDGES)
            row.backlog += record["backlog"]
            row.backlog_by_age[age] += record["backlog"]
            oldest = float(record["oldest"])
            row.backlog_oldest_seconds = max(row.backlog_oldest_seconds or 0.0, oldest)
            if not record["by_agent"]:  # (breaches of open tickets count for groups only)
                row.sla_first_response_breaches += record["first_response_overdue"]
                row.sla_resolution_breaches += record["resolution_overdue"]
    for row in [*group_rows.values(), *agent_rows.values(), total]:
        if not row.backlog_by_age:
            row.backlog_by_age = [0] * len(BACKLOG_AGE_EDGES)


def _escalations(session: Session, group_rows: dict[int, KpiRow],
                 agent_rows: dict[int, KpiRow], total: KpiRow, params: dict[str, Any]) -> None:
    if not group_rows:
        return
    for by_agent, key, warnings, breaches in session.execute(_ESCALATIONS, params).all():
        targets = [agent_rows.get(key)] if by_agent else [group_rows.get(key), total]
        for row in targets:
            if row is not None:
                row.escalation_warnings += warnings
                row.escalation_breaches += breaches


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
