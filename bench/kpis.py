"""The KPI report over a large history, through the HTTP API: 10 groups and a month (the
figure the issue sets, < 500 ms), one group and a month, and 10 groups today by the hour
(what the dashboard re-asks as events arrive). Default 1,000,000 tickets over a year, with
the events a real office writes for them (created, queued, offered, accepted, comments,
resolved; transfers, lapsed offers, reopenings) and agents' presence changes.

    python bench/kpis.py --tickets 1000000
    python bench/kpis.py --tickets 1000000 --reuse   # keep the loaded database for next time
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from push_latency import PASSWORD, seed
from rawhttp import Connection
from sqlalchemy import text

from common import ServerProcess, database, kept_database, mark_loaded, report
from ticketdesk.server.store.database import make_engine

SPAN_DAYS = 365
LOAD_VERSION = 2
"""Bumped when what ``load`` writes changes, so a kept database is loaded again."""
INDEXES = {
    "ix_events_xid_id": "events (xid, id)",
    "ix_events_ticket_id": "events (ticket_id, id)",
    "ix_events_actor_created": "events (actor_id, created_at)",
    "ix_events_kind_created": "events (kind, created_at)",
    "ix_events_kpi": "events (created_at, kpi_group_id) WHERE kind IN ('created', 'assigned', "
                     "'unassigned', 'accepted', 'resolved', 'reopened', 'transferred')",
    "ix_events_presence": "events (((data->>'user_id')::int), created_at) "
                          "WHERE kind = 'presence_changed'",
    "ix_events_kpi_spans": "events (created_at) INCLUDE (kpi_group_id, kind, kpi_seconds, "
                           "actor_id) WHERE kind IN ('accepted', 'resolved') "
                           "AND kpi_seconds IS NOT NULL",
    "ix_tickets_group_status_id": "tickets (group_id, status, id)",
    "ix_tickets_created_at": "tickets (created_at)",
    "ix_tickets_working": "tickets (group_id, assignee_id) "
                          "WHERE status IN ('assigned', 'in_progress', 'pending')",
    "ix_tickets_assignee_status": "tickets (assignee_id, status) WHERE assignee_id IS NOT NULL",
}

# One row per (ticket, step); each step is an event at minutes after creation. Spans are
# what the server writes: first response on the first acceptance, handling on resolution.
# Each event's xid is the loading transaction's own (the column's default), as in any bulk
# import: made-up ids ahead of the database's counter would lie above the KPI roll-ups'
# horizon for ever, and every report would count the whole record from the events.
EVENTS = """
INSERT INTO events (ticket_id, kind, actor_id, actor_name, created_at, data,
                    audience_groups, audience_users, source, wakes_engine, kpi_group_id,
                    kpi_seconds, kpi_late)
SELECT t.id, s.kind, s.actor, 'x', t.created_at + s.after, s.data,
       ARRAY[s.grp], '{}', 'bench', false, s.grp, s.seconds, s.late
FROM tickets t
CROSS JOIN LATERAL (
  SELECT t.id % :groups + 1 AS home, t.group_id AS here,
         (t.id * 17) % 3300 + 30 AS fr, (t.id * 31) % 7000 + 300 AS handling,
         t.id % 10 = 0 AS moved, t.id % 20 = 1 AS lapsed, t.id % 50 = 2 AS reopened
) f
CROSS JOIN LATERAL (VALUES
  (1, 'created', t.created_by_id, interval '0', jsonb_build_object('group_id', f.home), f.home,
   NULL::float8, NULL::bool),
  (2, 'queued', NULL, interval '0', jsonb_build_object('group_id', f.home), f.home, NULL, NULL),
  (3, 'assigned', NULL, interval '0', jsonb_build_object('agent_id', t.assignee_id,
   'reason', 'auto'), f.home, NULL, NULL),
  (4, CASE WHEN f.lapsed THEN 'assigned' END, NULL, interval '20 seconds',
   jsonb_build_object('agent_id', t.assignee_id, 'reason', 'reassigned_timeout',
                      'previous_assignee_id', t.assignee_id % :agents + 1), f.home, NULL, NULL),
  (5, 'accepted', t.assignee_id, f.fr * interval '1 second', '{}', f.home, f.fr, f.fr > 1800),
  (6, 'commented', t.assignee_id, f.fr * interval '1 second' + interval '1 minute', '{}',
   f.home, NULL, NULL),
  (7, CASE WHEN f.moved THEN 'transferred' END, t.assignee_id,
   f.fr * interval '1 second' + interval '2 minutes',
   jsonb_build_object('from_group_id', f.home, 'to_group_id', f.here), f.home, NULL, NULL),
  (8, 'commented', t.assignee_id, f.fr * interval '1 second' + interval '3 minutes', '{}',
   f.here, NULL, NULL),
  (9, CASE WHEN t.status = 'resolved' THEN 'resolved' END, t.assignee_id,
   (f.fr + f.handling) * interval '1 second', '{}', f.here, f.handling::float8,
   f.fr + f.handling > 86400),
  (10, CASE WHEN f.reopened AND t.status = 'resolved' THEN 'reopened' END, NULL,
   (f.fr + f.handling + 600) * interval '1 second',
   jsonb_build_object('previous_assignee_id', t.assignee_id), f.here, NULL, NULL)
) AS s(k, kind, actor, after, data, grp, seconds, late)
WHERE s.kind IS NOT NULL
"""

LOAD = [
    "UPDATE users SET presence = 'offline'",  # measure the report, not an engine at work
    "ALTER TABLE events DISABLE TRIGGER events_announce",
    *[f"DROP INDEX IF EXISTS {ix}" for ix in INDEXES],
    """
    INSERT INTO tickets (type_id, type_key, type_version, title, body, fields, group_id,
        priority, priority_rank, status, assignee_id, created_by_id, created_by_name, created_at,
        updated_at, assigned_at, accepted_at, first_response_at, resolved_at,
        first_response_due_at, resolution_due_at, transfer_count, last_handler_id, lapsed_ids)
    SELECT 1, 'misc', 1, '工单', '', '{}',
        CASE WHEN t % 10 = 0 THEN (t + 3) % :groups + 1 ELSE t % :groups + 1 END,
        'normal', 1,
        CASE WHEN t > :n - :n / 50
             THEN (ARRAY['queued', 'assigned', 'in_progress', 'pending'])[1 + t % 4]
             ELSE 'resolved' END,
        1 + (t * 7919) % :agents, 1 + (t * 31) % :agents, 'x', ts, ts, ts, ts, ts,
        CASE WHEN t > :n - :n / 50 THEN NULL ELSE ts + interval '2 hours' END,
        ts + interval '30 minutes', ts + interval '1 day', 0, 1 + (t * 7919) % :agents, '{}'
    FROM (SELECT t, now() - (:n - t) * (interval '1 day' * :span / :n) AS ts
          FROM generate_series(1, CAST(:n AS bigint)) t) s
    """,
    EVENTS,
    # four presence changes a working day for every agent
    """
    INSERT INTO events (ticket_id, kind, actor_id, actor_name, created_at, data, source,
                        wakes_engine)
    SELECT NULL, 'presence_changed', a, 'x', d + h * interval '1 hour',
        jsonb_build_object('user_id', a, 'from', p.was, 'to', p.became), 'bench', false
    FROM generate_series(1, :agents) a,
         generate_series(date_trunc('day', now()) - :span * interval '1 day',
                         date_trunc('day', now()), interval '1 day') d,
         (VALUES (1, 'offline', 'online'), (4, 'online', 'away'), (5, 'away', 'online'),
                 (9, 'online', 'offline')) AS p(h, was, became)
    WHERE d + h * interval '1 hour' < now()
    """,
    *[f"CREATE INDEX {ix} ON {spec}" for ix, spec in INDEXES.items()],
    "ALTER TABLE events ENABLE TRIGGER events_announce",
    "SELECT kpi_rollup_rebuild()",  # the KPI roll-ups from the whole record, at once
    "VACUUM ANALYZE tickets",
    "VACUUM ANALYZE events",
    "VACUUM ANALYZE kpi_group_hours",
    "VACUUM ANALYZE kpi_agent_hours",
    "VACUUM ANALYZE kpi_agent_days",
]


def load(url: str, tickets: int, groups: int, agents: int) -> tuple[float, int]:
    engine = make_engine(url, pool_size=1)
    started = time.perf_counter()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("SET statement_timeout = 0"))
        conn.execute(text("SET maintenance_work_mem = '512MB'"))
        for statement in LOAD:
            conn.execute(text(statement), {"n": tickets, "groups": groups, "agents": agents,
                                           "span": SPAN_DAYS})
        events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    engine.dispose()
    return time.perf_counter() - started, events


async def measure(server: ServerProcess, groups: int, repeat: int) -> dict:
    conn = Connection("127.0.0.1", server.port)
    status, data = await conn.request("POST", "/api/v1/auth/login",
                                      {"username": "intake", "password": PASSWORD})
    assert status == 200, data
    boss = {"Authorization": f"Bearer {json.loads(data)['token']}"}
    now = datetime.now(UTC)

    def iso(d: datetime) -> str:
        return d.isoformat().replace("+00:00", "Z")

    all_groups = "".join(f"&group={g}" for g in range(1, groups + 1))
    month = (now - timedelta(days=60)).replace(microsecond=0)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    queries = {
        "10 groups, a month": f"from={iso(month)}&to={iso(month + timedelta(days=30))}"
                              f"{all_groups}",
        "one group, a month": f"from={iso(month)}&to={iso(month + timedelta(days=30))}&group=1",
        "10 groups, today by the hour": f"from={iso(today)}&to={iso(today + timedelta(days=1))}"
                                        f"{all_groups}",
    }
    figures: dict[str, float] = {}
    counted = 0
    for name, query in queries.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            status, data = await conn.request("GET", f"/api/v1/kpis?{query}", headers=boss)
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200, data[:300]
        figures[name] = round(statistics.median(times), 1)
        if name == "10 groups, a month":
            figures["10 groups, a month (max)"] = round(max(times), 1)
            counted = json.loads(data)["total"]["created"]
    conn.close()
    return {"median_ms": figures, "kpi_month_10_groups_ms": figures["10 groups, a month"],
            "tickets_in_month": counted}


@contextmanager
def _fresh(name: str) -> Iterator[tuple[str, bool]]:
    with database(name) as url:
        yield url, False


def _count_events(url: str) -> int:
    engine = make_engine(url, pool_size=1)
    with engine.connect() as conn:
        events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    engine.dispose()
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the loaded database (embedded: under ~/.cache) and measure "
                             "on it again next time instead of loading anew; its history ends "
                             "when it was loaded, so 'today' holds less the next day")
    args = parser.parse_args()
    marker = {"tickets": args.tickets, "groups": args.groups, "agents": args.agents,
              "load": LOAD_VERSION}
    with (kept_database("ticketdesk_kpi_kept", marker) if args.reuse
          else _fresh("ticketdesk_kpi_bench")) as (url, loaded):
        if loaded:
            load_seconds, events = 0.0, _count_events(url)
        else:
            seed(url, args.agents, args.groups)
            load_seconds, events = load(url, args.tickets, args.groups, args.agents)
            if args.reuse:
                mark_loaded(url, marker)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
        try:
            figures = asyncio.run(measure(server, args.groups, args.repeat))
        finally:
            server.stop()
    report({"tickets": args.tickets, "events": events, "groups": args.groups,
            "agents": args.agents, "load_seconds": round(load_seconds, 1), **figures})


if __name__ == "__main__":
    main()
