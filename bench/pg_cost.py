"""What one new ticket costs PostgreSQL, part by part: tickets are created one after another
through the same service the API calls (``submit_ticket``, as the intake benchmark's
``POST /tickets`` does: type ``misc``, ten groups, every ticket offered on the spot), and the
backend's CPU time (``/proc/PID/schedstat``, nanoseconds; it moves little with the machine's
load) is split by statement, then compared with the triggers on ``events`` switched off one
at a time (in rounds that alternate, so the growing tables weigh on every variant alike).
Also the WAL each ticket writes (and how many WAL flushes each commit waits for) and every
index on ``tickets`` and ``events`` with its size and how often the creation path read it.

    python bench/pg_cost.py --tickets 3000

``--intake SECONDS`` instead runs the intake benchmark's load over HTTP (32 clients) and
reports, from PostgreSQL's own statistics, every statement's share of the time (when the
cluster has ``pg_stat_statements`` loaded — the embedded one does not ship it; point
TICKETDESK_BENCH_DATABASE_URL at a cluster that does), the trigger functions' time, the WAL
and how often each index was read — what the whole server asks of PostgreSQL per ticket,
the dispatcher and the live feed included.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from typing import Any

from push_latency import seed
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from common import database, report

TRIGGERS = {
    "kpi_rollups": ["kpi_rollup_insert"],
    "webhook_outbox": ["events_webhooks"],
    "announce": ["events_announce"],
}
VARIANTS = ["as_is", *(f"without_{name}" for name in TRIGGERS), "without_triggers"]


def _label(statement: str) -> str:
    """Which of the creation path's statements this is."""
    s = " ".join(statement.split())
    if "pg_try_advisory_xact_lock" in s:
        return "group_lock_and_queue_head"
    if s.startswith("WITH t AS (INSERT INTO tickets"):
        return "ticket_and_events_insert"
    if "FROM users JOIN memberships" in s:
        return "members_and_loads"
    return s[:60]


class BackendClock:
    """CPU nanoseconds the connection's backend has run, read from the kernel."""

    def __init__(self, pid: int) -> None:
        self.path = f"/proc/{pid}/schedstat"

    def ns(self) -> int:
        with open(self.path) as f:
            return int(f.read().split()[0])


def _set_triggers(session: Session, variant: str) -> None:
    """(Only the triggers the tree has: a variant without one it lacks is the same as
    ``as_is``.)"""
    present = set(session.scalars(text(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass")))
    off = {t for name, ts in TRIGGERS.items() for t in ts
           if variant in (f"without_{name}", "without_triggers")}
    for triggers in TRIGGERS.values():
        for trigger in (t for t in triggers if t in present):
            state = "DISABLE" if trigger in off else "ENABLE"
            session.execute(text(f"ALTER TABLE events {state} TRIGGER {trigger}"))
    session.commit()


def measure(tickets: int, rounds: int, groups: int, agents: int) -> dict[str, Any]:
    from ticketdesk.common.enums import Role
    from ticketdesk.common.models import TicketCreate
    from ticketdesk.server.services import tickets as service
    from ticketdesk.server.services.actors import Actor
    from ticketdesk.server.services.reference import ReferenceCache
    from ticketdesk.server.store.database import make_engine

    with database("ticketdesk_pg_cost") as url:
        seed(url, agents, groups)
        engine = make_engine(url, pool_size=1)
        session = Session(engine)
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        user_id = session.execute(text("SELECT id FROM users WHERE username = 'intake'")
                                  ).scalar_one()
        session.commit()
        clock = BackendClock(pid)
        actor = Actor(user_id=user_id, name="intake", role=Role.SUPERVISOR)
        refs = ReferenceCache()
        by_statement: dict[str, int] = defaultdict(int)
        mark = [0]
        counting = [False]

        @event.listens_for(engine, "before_cursor_execute")
        def _before(*_: Any) -> None:
            mark[0] = clock.ns()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            if counting[0]:
                by_statement[_label(statement)] += clock.ns() - mark[0]

        cpu: dict[str, int] = defaultdict(int)
        wal: dict[str, int] = defaultdict(int)
        made: dict[str, int] = defaultdict(int)
        n = 0
        per_round = max(1, tickets // (rounds * len(VARIANTS)))
        wal_before = session.execute(text("SELECT * FROM pg_stat_wal")).mappings().one()
        session.commit()
        for _ in range(rounds):
            for variant in VARIANTS:
                _set_triggers(session, variant)
                lsn = session.execute(text("SELECT pg_current_wal_insert_lsn()")).scalar_one()
                session.commit()
                counting[0] = variant == "as_is"
                began = clock.ns()
                for _ in range(per_round):
                    n += 1
                    data = TicketCreate(type="misc", title=f"来电工单 {n}",
                                        group=1 + n % groups)
                    service.submit_ticket(session=session, data=data, actor=actor, refs=refs)
                    if counting[0]:
                        at = clock.ns()
                        session.commit()
                        by_statement["commit"] += clock.ns() - at
                    else:
                        session.commit()
                cpu[variant] += clock.ns() - began
                counting[0] = False
                made[variant] += per_round
                wal[variant] += session.execute(
                    text("SELECT pg_current_wal_insert_lsn() - CAST(:lsn AS pg_lsn)"),
                    {"lsn": lsn}).scalar_one()
                session.commit()
        _set_triggers(session, "as_is")
        wal_after = session.execute(text("SELECT * FROM pg_stat_wal")).mappings().one()
        indexes = session.execute(text(
            "SELECT relname AS table, indexrelname AS index, idx_scan AS scans,"
            " pg_relation_size(indexrelid) AS bytes FROM pg_stat_user_indexes"
            " WHERE relname IN ('tickets', 'events') ORDER BY relname, indexrelname"
        )).mappings().all()
        session.commit()
        session.close()
        engine.dispose()
    as_is = made["as_is"]
    figures: dict[str, Any] = {
        "tickets": n, "per_variant": as_is,
        "postgresql_cpu_ms_per_ticket": {
            v: round(cpu[v] / made[v] / 1e6, 3) for v in VARIANTS},
        "wal_bytes_per_ticket": {v: round(wal[v] / made[v]) for v in VARIANTS},
        "as_is_cpu_ms_per_ticket_by_statement": {
            k: round(v / as_is / 1e6, 3) for k, v in sorted(by_statement.items(),
                                                             key=lambda kv: -kv[1])},
        "wal_flushes_per_ticket": round((wal_after["wal_sync"] - wal_before["wal_sync"]) / n,
                                        2),
        "wal_full_page_images_per_ticket": round(
            (wal_after["wal_fpi"] - wal_before["wal_fpi"]) / n, 2),
        "indexes": [dict(r) for r in indexes],
        "load_average": round(os.getloadavg()[0], 1),
    }
    return figures


def _statistics(session: Session) -> dict[str, Any]:
    """The cluster's counters that ``intake`` reads before and after the load."""
    wal = dict(session.execute(text("SELECT * FROM pg_stat_wal")).mappings().one())
    functions = {r.funcname: (r.calls, r.total_time, r.self_time) for r in session.execute(text(
        "SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions"))}
    indexes = {(r.table, r.index): r.scans for r in session.execute(text(
        "SELECT relname AS table, indexrelname AS index, idx_scan AS scans"
        " FROM pg_stat_user_indexes WHERE relname IN ('tickets', 'events')"))}
    return {"wal": wal, "functions": functions, "indexes": indexes}


def intake(seconds: float, clients: int, groups: int, agents: int) -> dict[str, Any]:
    import asyncio

    import intake as load

    from common import ServerProcess
    from ticketdesk.server.store.database import make_engine

    with database() as url:
        seed(url, agents, groups)
        engine = make_engine(url, pool_size=1)
        session = Session(engine)
        # (read by the server's connections, opened after this)
        name = session.execute(text("SELECT current_database()")).scalar_one()
        session.execute(text(f"ALTER DATABASE \"{name}\" SET track_functions = 'all'"))
        stats = bool(session.execute(text(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_stat_statements'"
        )).scalar_one()) and bool(session.execute(text(
            "SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'"
        )).scalar_one())
        if stats:
            session.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            session.execute(text("SELECT pg_stat_statements_reset()"))
        session.commit()
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"},
                               extra_args=["--workers", "1"]).start()
        try:
            meter = load.CpuMeter(server.proc.pid, url)
            before = _statistics(session)
            session.commit()
            meter.start()
            figures = asyncio.run(load.run(server.base_url, clients, groups, seconds, None))
            server_cpu, pg_cpu = meter.stop()
            after = _statistics(session)
            session.commit()
            statements = []
            if stats:
                statements = [{k: float(v) if k != "query" else v for k, v in r.items()}
                              for r in session.execute(text(
                    "SELECT calls, round(total_exec_time::numeric, 1) AS ms,"
                    " round(total_plan_time::numeric, 1) AS plan_ms,"
                    " rows, wal_bytes,"
                    " left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query"
                    " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database()) ORDER BY total_exec_time DESC"
                    " LIMIT 25")).mappings()]
        finally:
            server.stop()
            session.close()
            engine.dispose()
    n = max(figures["tickets"], 1)
    wal = {k: round(float(after["wal"][k] - before["wal"][k]) / n, 2)
           for k in ("wal_records", "wal_fpi", "wal_bytes", "wal_write", "wal_sync")}
    wal["wal_sync_time_ms"] = round(float(after["wal"]["wal_sync_time"]
                                           - before["wal"]["wal_sync_time"]) / n, 3)
    functions = {
        name: {"calls_per_ticket": round((calls - before["functions"].get(name, (0, 0, 0))[0])
                                         / n, 2),
               "ms_per_ticket": round((total - before["functions"].get(name, (0, 0, 0))[1])
                                      / n, 3)}
        for name, (calls, total, _) in after["functions"].items()}
    exec_ms = sum(float(s["ms"]) for s in statements)
    return {
        **figures,
        "server_cpu_ms_per_ticket": round(server_cpu * 1000 / n, 2),
        "postgresql_cpu_ms_per_ticket": round(pg_cpu * 1000 / n, 2),
        "wal_per_ticket": wal,
        "trigger_functions": functions,
        "index_scans": {f"{t}.{i}": after["indexes"][(t, i)] - before["indexes"].get((t, i), 0)
                        for t, i in sorted(after["indexes"])},
        "statements": [{**s, "ms_per_ticket": round(float(s["ms"]) / n, 3),
                        "plan_ms_per_ticket": round(float(s["plan_ms"]) / n, 3),
                        "share": round(float(s["ms"]) / exec_ms, 3) if exec_ms else None,
                        "calls_per_ticket": round(s["calls"] / n, 2),
                        "wal_bytes_per_ticket": round(float(s["wal_bytes"]) / n)}
                       for s in statements],
        "load_average": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--intake", type=float, metavar="SECONDS",
                        help="the intake load over HTTP instead, with PostgreSQL's statistics")
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    began = time.time()
    if args.intake:
        figures = intake(args.intake, args.clients, args.groups, args.agents)
    else:
        figures = measure(args.tickets, args.rounds, args.groups, args.agents)
    report({**figures, "seconds": round(time.time() - began, 1)})


if __name__ == "__main__":
    main()
