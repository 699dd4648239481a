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
import time
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


# The roll-ups' sums against the events below their horizon, counted here without the
# database's facts functions, in one statement (one snapshot: a compaction by the server's
# dispatcher cannot fall between the two sides).
BELOW = "e.xid < coalesce((SELECT xid FROM kpi_rollup_horizon), 0)"  # no row: none
HELD = f"""
SELECT
  (SELECT ARRAY[sum(created), sum(assigned), sum(lapsed), sum(transferred_in)]
   FROM kpi_group_hours),
  (SELECT ARRAY[count(*) FILTER (WHERE kind = 'created' AND kpi_group_id IS NOT NULL),
                count(*) FILTER (WHERE kind = 'assigned' AND kpi_group_id IS NOT NULL),
                count(*) FILTER (WHERE kpi_group_id IS NOT NULL AND (
                  (kind = 'assigned' AND data->>'reason' = 'reassigned_timeout')
                  OR (kind = 'unassigned' AND data->>'reason' = 'accept_timeout'))),
                count(*) FILTER (WHERE kind = 'transferred' AND data->>'to_group_id' IS NOT NULL)]
   FROM events e WHERE {BELOW}),
  (SELECT ARRAY[sum(created), sum(resolved)] FROM kpi_agent_hours),
  (SELECT ARRAY[sum(created), sum(resolved)] FROM kpi_agent_days),
  (SELECT ARRAY[count(*) FILTER (WHERE kind = 'created'),
                count(*) FILTER (WHERE kind = 'resolved')]
   FROM events e WHERE {BELOW} AND kpi_group_id IS NOT NULL AND actor_id IS NOT NULL),
  (SELECT xid FROM kpi_rollup_horizon)
"""


def _held(cur: Any) -> tuple[list[int], list[int], int]:
    """The roll-ups' sums and the record's below the horizon, and the horizon."""
    cur.execute(HELD)
    groups, record, agent_hours, agent_days, agent_record, horizon = cur.fetchone()
    assert [int(v or 0) for v in agent_hours] == [int(v or 0) for v in agent_days]
    assert [int(v or 0) for v in agent_hours] == list(agent_record)
    return [int(v or 0) for v in groups], list(record), horizon


def _total(sup: Any, pg_url: str, begin: datetime, end: datetime, groups: list[int]) -> None:
    """The report's totals over whole hours (roll-ups and the events above their horizon)
    are the record's."""
    query = "".join(f"&group={g}" for g in groups)
    report = sup.ok("GET", f"/kpis?from={iso(begin)}&to={iso(end)}{query}&tz=UTC")
    expected = _expected(pg_url, begin, end, groups, set(), "UTC", report["step"])
    _check_row(report["total"], ("total",), expected, f"{iso(begin)} {iso(end)}")


def test_the_roll_ups_hold_exactly_the_events_below_their_horizon(org, pg_url, workload):
    """New events stay out of the roll-ups until a compaction takes them in (the report
    counts them from the record meanwhile); compacting merges each bucket's rows into one,
    and the sums are the record's below the horizon every time."""
    start, groups = workload
    sup = org.as_("sup")
    rng = random.Random(3)
    agents = [org.users[n] for n in ("as1", "as2", "hl1", "hl2", "sup")]
    tickets = [org.new_ticket()["id"] for _ in range(2)]
    day = (start + timedelta(days=4)).replace(hour=0, minute=0, second=0)
    with raw_cursor(pg_url) as held, raw_cursor(pg_url) as cur:
        # Hold the horizon (as a correction would) so the server's compaction cannot move
        # it past the new events before they are looked at.
        held.execute("BEGIN")
        held.execute("SELECT xid FROM kpi_rollup_horizon FOR SHARE")
        rolled, record, horizon = _held(cur)
        assert rolled == record
        batch = [_event(rng, day + timedelta(seconds=rng.uniform(0, 86400)),
                        rng.choice(tickets), groups, agents) for _ in range(200)]
        execute_values(cur, INSERT, batch, page_size=40)
        cur.execute(f"SELECT count(*) FROM events e WHERE NOT {BELOW} AND ticket_id = ANY(%s)",
                    (tickets,))
        assert cur.fetchone()[0] >= 200
        assert _held(cur)[:2] == (rolled, record)  # not in the roll-ups yet
        _total(sup, pg_url, day, day + timedelta(days=1), groups)  # counted all the same
        held.execute("COMMIT")
        for _ in range(100):  # (until the server's own short transactions are behind it)
            cur.execute("SELECT kpi_rollup_compact()")
            cur.execute(f"SELECT count(*) FROM events e WHERE NOT {BELOW} "
                        "AND ticket_id = ANY(%s)", (tickets,))
            if cur.fetchone()[0] == 0:
                break
        else:
            pytest.fail("the horizon never passed the new events")
        rolled, record, after = _held(cur)
        assert rolled == record and after > horizon
        assert sum(record) > 0
        _total(sup, pg_url, day, day + timedelta(days=1), groups)
        cur.execute("SELECT kpi_rollup_compact()")
        rolled, record, _ = _held(cur)
        assert rolled == record
        for table, keys in (("kpi_group_hours", "bucket, group_id"),
                            ("kpi_agent_hours", "bucket, group_id, agent_id"),
                            ("kpi_agent_days", "bucket, group_id, agent_id")):
            cur.execute(f"SELECT count(*) FROM (SELECT {keys} FROM {table} WHERE merged "
                        f"GROUP BY {keys} HAVING count(*) > 1) d")
            assert cur.fetchone()[0] == 0, table


def test_an_event_committed_after_the_horizon_moved_past_its_start_is_counted_once(
        org, pg_url):
    """A transaction that wrote an event before a compaction and commits after it: the
    horizon stopped below it, so the next compaction takes it in — once."""
    group = org.groups["售后"]
    ticket = org.new_ticket()["id"]
    hour = (datetime.now(UTC) - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    row = (ticket, "created", org.users["hl1"], "x", hour + timedelta(minutes=30), "{}",
           [group], "workload", group, None, None)
    sup = org.as_("sup")
    with raw_cursor(pg_url) as writer, raw_cursor(pg_url) as cur:
        writer.execute("BEGIN")
        execute_values(writer, INSERT, [row])
        cur.execute("SELECT kpi_rollup_compact()")
        writer.execute("COMMIT")
        for _ in range(2):
            report = sup.ok("GET", f"/kpis?from={iso(hour)}&to={iso(hour + timedelta(hours=1))}"
                            f"&group={group}&tz=UTC")
            assert report["total"]["created"] == 1
            cur.execute("SELECT kpi_rollup_compact()")
        cur.execute("SELECT sum(created) FROM kpi_group_hours WHERE bucket = %s", (hour,))
        assert cur.fetchone()[0] == 1


def test_a_running_server_takes_new_events_into_the_roll_ups_within_seconds(org, pg_url):
    """Nobody calls a compaction here: the server's dispatcher moves the horizon past new
    tickets' events on its own, and the roll-ups then count them."""
    made = [org.new_ticket()["id"] for _ in range(3)]
    deadline = time.monotonic() + 60
    with raw_cursor(pg_url) as cur:
        while True:
            cur.execute(f"SELECT count(*) FROM events e WHERE NOT {BELOW} AND ticket_id = ANY(%s)",
                        (made,))
            if cur.fetchone()[0] == 0:
                break
            assert time.monotonic() < deadline, "the dispatcher never rolled the events up"
            time.sleep(0.2)
        cur.execute("SELECT sum(created) FROM kpi_group_hours")
        assert cur.fetchone()[0] == 3
        rolled, record, _ = _held(cur)
        assert rolled == record
