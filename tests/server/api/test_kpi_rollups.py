"""The KPI report's fast path (roll-ups kept by triggers, partial hours from the events) and
the event record agree: a varied workload written straight into the record — one event a
statement and many, several transactions, events updated and deleted afterwards, a ticket
deleted with its events, the roll-ups merged half-way — then reports over periods of every
shape (minutes, hours, days; on and off the hour; UTC, Shanghai, Kolkata) against the
figures worked out here from the events themselves."""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from psycopg2.extras import execute_values

from tests.kpi_day import iso
from tests.support import raw_cursor

KPI_KINDS = ("created", "assigned", "unassigned", "accepted", "resolved", "reopened",
             "transferred")
COUNTS = ("created", "assigned", "accepted", "resolved", "reopened", "transferred_in",
          "transferred_out", "lapsed", "first_responses", "sla_first_response_breaches",
          "sla_resolution_breaches")
EDGES = (0, 60, 300, 900, 1800, 3600, 14400)  # FIRST_RESPONSE_EDGES


def _event(rng: random.Random, when: datetime, ticket: int, groups: list[int],
           agents: list[int]) -> tuple:
    kind = rng.choice([*KPI_KINDS, "assigned", "accepted", "commented", "queued"])
    group = rng.choice(groups) if rng.random() > 0.05 else None
    actor = rng.choice(agents) if rng.random() > 0.1 else None
    data: dict[str, Any] = {}
    seconds = late = None
    if kind == "assigned":
        data = {"agent_id": rng.choice(agents), "reason": rng.choice(
            ["auto", "auto", "manual", "reassigned_timeout"])}
        if data["reason"] == "reassigned_timeout" or rng.random() < 0.3:
            data["previous_assignee_id"] = rng.choice(agents)
    elif kind == "unassigned":
        data = {"reason": rng.choice(["accept_timeout", "manual"]),
                "previous_assignee_id": rng.choice(agents)}
    elif kind == "reopened":
        data = {"previous_assignee_id": rng.choice(agents)}
    elif kind == "transferred":
        data = {"from_group_id": group, "to_group_id": rng.choice(groups)}
    if kind in ("accepted", "resolved") and rng.random() > 0.2:
        seconds = round(rng.uniform(-5, 20000), 3)
        late = rng.choice([True, False, None])
    return (ticket, kind, actor, "x", when, json.dumps(data), [group] if group else [],
            "workload", group, seconds, late)


INSERT = """INSERT INTO events (ticket_id, kind, actor_id, actor_name, created_at, data,
  audience_groups, source, kpi_group_id, kpi_seconds, kpi_late) VALUES %s"""


@pytest.fixture
def workload(org, pg_url):
    rng = random.Random(12)
    groups = [org.groups["售后"], org.groups["热线"]]
    agents = [org.users[n] for n in ("as1", "as2", "hl1", "hl2", "sup")]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)
    tickets = [org.new_ticket()["id"] for _ in range(4)]

    def batch(n: int) -> list[tuple]:
        return [_event(rng, start + timedelta(seconds=rng.uniform(0, 10 * 86400)),
                       rng.choice(tickets), groups, agents) for _ in range(n)]

    with raw_cursor(pg_url) as cur:
        execute_values(cur, INSERT, batch(700), page_size=1000)  # one statement
        for row in batch(60):  # a statement each
            execute_values(cur, INSERT, [row])
    with raw_cursor(pg_url) as cur:
        cur.execute("SELECT kpi_rollup_compact()")
        execute_values(cur, INSERT, batch(300), page_size=50)  # several statements
    with raw_cursor(pg_url) as cur:  # history rewritten: counted again, old counts taken away
        cur.execute("UPDATE events SET kpi_group_id = %s WHERE id %% 7 = 0 AND kind = "
                    "'created'", (groups[1],))
        cur.execute("UPDATE events SET created_at = created_at - interval '3 hours' "
                    "WHERE id % 11 = 0")
        cur.execute("DELETE FROM events WHERE id % 13 = 0 AND source = 'workload'")
        cur.execute("DELETE FROM tickets WHERE id = %s", (tickets[3],))
    return start, groups


def _expected(pg_url: str, start: datetime, end: datetime, groups: list[int],
              agents: set[int], tz: str, step: str) -> dict[str, Any]:
    with raw_cursor(pg_url) as cur:
        cur.execute("SELECT kind, kpi_group_id, actor_id, data, kpi_seconds, kpi_late, "
                    "created_at FROM events WHERE created_at >= %s AND created_at < %s",
                    (start, end))
        rows = cur.fetchall()
    chosen = set(groups)
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    spans: dict[Any, list[float]] = defaultdict(list)
    series: dict[datetime, list[int]] = defaultdict(lambda: [0, 0])
    zone = ZoneInfo(tz)
    for kind, group, actor, data, seconds, late, at in rows:
        if kind not in KPI_KINDS:
            continue
        if kind == "transferred" and data.get("to_group_id") in chosen:
            counts[("g", data["to_group_id"])]["transferred_in"] += 1
        if group not in chosen:
            continue
        agent = {"assigned": data.get("agent_id"), "reopened": data.get("previous_assignee_id"),
                 "unassigned": None}.get(kind, actor)
        lapse = ((kind == "assigned" and data.get("reason") == "reassigned_timeout")
                 or (kind == "unassigned" and data.get("reason") == "accept_timeout"))
        figures = {
            "created": kind == "created", "assigned": kind == "assigned",
            "accepted": kind == "accepted", "resolved": kind == "resolved",
            "reopened": kind == "reopened", "transferred_out": kind == "transferred",
            "first_responses": kind == "accepted" and seconds is not None,
            "sla_first_response_breaches": kind == "accepted" and late is True,
            "sla_resolution_breaches": kind == "resolved" and late is True,
        }
        for key in (("g", group), ("total",), *([("a", agent)] if agent else [])):
            for name, yes in figures.items():
                counts[key][name] += int(yes)
        for key in (("g", group), ("total",)):
            counts[key]["lapsed"] += int(lapse)
        if lapse and data.get("previous_assignee_id"):
            counts[("a", data["previous_assignee_id"])]["lapsed"] += 1
        if kind in ("accepted", "resolved") and seconds is not None:
            for key in (("g", group), ("total",), *([("a", actor)] if actor else [])):
                spans[(kind, *key)].append(seconds)
        if kind in ("created", "resolved"):
            local = at.astimezone(zone)
            local = (local.replace(minute=0, second=0, microsecond=0) if step == "hour"
                     else local.replace(hour=0, minute=0, second=0, microsecond=0))
            series[local.replace(tzinfo=None)][kind == "resolved"] += 1
    counts[("total",)]["transferred_in"] = sum(counts[("g", g)]["transferred_in"] for g in groups)
    firsts = spans[("accepted", "total")]
    histogram = [0] * len(EDGES)
    for s in firsts:
        histogram[max(sum(1 for e in EDGES if e <= s), 1) - 1] += 1
    return {"counts": counts, "spans": spans, "series": series, "histogram": histogram,
            "agents": agents}


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = p * (len(ordered) - 1)
    lo, hi = ordered[math.floor(pos)], ordered[math.ceil(pos)]
    return lo + (hi - lo) * (pos - math.floor(pos))


def _check_row(row: dict[str, Any], key: tuple, expected: dict[str, Any], label: str) -> None:
    for name in COUNTS:
        if key[0] == "a" and name == "transferred_in":
            continue
        assert row[name] == expected["counts"][key][name], (label, key, name)
    for kind, name in (("accepted", "first_response"), ("resolved", "handling")):
        values = expected["spans"][(kind, *key)]
        for p, suffix in ((0.5, "median"), (0.9, "p90")):
            want = _percentile(values, p)
            got = row[f"{name}_{suffix}_seconds"]
            assert got == (None if want is None else pytest.approx(want, rel=1e-12)), (
                label, key, name, suffix)
        avg = sum(values) / len(values) if values else None
        assert row[f"{name}_avg_seconds"] == (None if avg is None else pytest.approx(avg)), (
            label, key, name)


def test_the_fast_path_and_the_event_record_agree(org, pg_url, workload):
    start, groups = workload
    sup = org.as_("sup")
    rng = random.Random(7)
    shapes = [timedelta(minutes=20), timedelta(minutes=50), timedelta(hours=3, minutes=7),
              timedelta(days=1), timedelta(days=2, hours=5), timedelta(days=9)]
    for i, length in enumerate(shapes * 2):
        begin = start + timedelta(seconds=rng.uniform(-3600, 86400 * 10 - length.total_seconds()))
        if i % 3 == 0:
            begin = begin.replace(minute=0, second=0)  # on the hour
        if i % 4 == 1:
            begin = begin.replace(hour=0, minute=0, second=0)  # a UTC day
        begin = begin.replace(microsecond=0)
        end = begin + length
        chosen = [groups] if i % 3 else [groups[:1], groups[1:]]
        tz = ["UTC", "Asia/Shanghai", "Asia/Kolkata"][i % 3]
        for picked in chosen:
            query = "".join(f"&group={g}" for g in picked)
            report = sup.ok("GET", f"/kpis?from={iso(begin)}&to={iso(end)}{query}&tz={tz}")
            agents = {a["agent_id"] for a in report["agents"]}
            expected = _expected(pg_url, begin, end, picked, agents, tz, report["step"])
            label = f"{iso(begin)} +{length} {tz} {picked}"
            for row in report["groups"]:
                _check_row(row, ("g", row["group_id"]), expected, label)
            for row in report["agents"]:
                _check_row(row, ("a", row["agent_id"]), expected, label)
            _check_row(report["total"], ("total",), expected, label)
            assert [b["count"] for b in report["first_response_histogram"]] == \
                expected["histogram"], label
            zone = ZoneInfo(tz)
            got = {datetime.fromisoformat(p["start"].replace("Z", "+00:00")).astimezone(zone)
                   : (p["created"], p["resolved"]) for p in report["series"]}
            for moment, (made, done) in got.items():
                key = (moment.replace(minute=0, second=0) if report["step"] == "hour" else
                       moment.replace(hour=0, minute=0, second=0)).replace(tzinfo=None)
                assert [made, done] == expected["series"].get(key, [0, 0]), (label, moment)
            assert sum(c for c, _ in got.values()) == \
                sum(v[0] for v in expected["series"].values()), label


def test_compacting_keeps_every_count(org, pg_url, workload):
    """Merged or not, the roll-ups hold the same sums; merging twice changes nothing."""
    query = ("SELECT sum(created), sum(assigned), sum(lapsed), sum(transferred_in), count(*) "
             "FROM kpi_group_hours")
    with raw_cursor(pg_url) as cur:
        cur.execute(query)
        before = cur.fetchone()
        cur.execute("SELECT kpi_rollup_compact()")
        cur.execute(query)
        after = cur.fetchone()
        cur.execute("SELECT kpi_rollup_compact()")
        cur.execute("SELECT count(*) FROM kpi_group_hours WHERE NOT merged")
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT count(*) FROM (SELECT bucket, group_id FROM kpi_group_hours "
                    "GROUP BY 1, 2 HAVING count(*) > 1) d")
        assert cur.fetchone()[0] == 0
    assert before[:4] == after[:4] and after[4] < before[4]
