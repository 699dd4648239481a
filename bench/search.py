"""Search: the ticket lists the inbox, the dispatch board and audit search ask for, over a
large history (default 1,000,000 tickets and 10,000,000 events), through the HTTP API; and
the KPI report for one group and one month.

    python bench/search.py --tickets 1000000 --events-per-ticket 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from datetime import UTC, datetime, timedelta

from push_latency import PASSWORD, seed
from rawhttp import Connection
from sqlalchemy import text

from common import ServerProcess, database, percentile, report
from ticketdesk.server.services.search_text import document
from ticketdesk.server.store.database import make_engine

PHRASES = [
    "空气净化器滤网破损", "客户要求全额退款", "收货地址修改", "快递长时间未更新", "发票开具进度",
    "配送员态度恶劣", "商品质量问题", "七天无理由退货", "供应商缺货", "价格与合同不符",
    "订单重复扣款", "会员积分未到账", "优惠券无法使用", "安装师傅未上门", "电饭煲外包装破损",
]
SPAN_DAYS = 365


def corpus(n: int = 500) -> tuple[list[str], list[str]]:
    rng = random.Random(5)
    titles, docs = [], []
    for i in range(n):
        a, b = rng.sample(PHRASES, 2)
        title = f"{a}，{b}（{i}）"
        body = f"客户来电反映{a}。已核实：{b}。编号 REF{i:04d}"
        titles.append(title)
        docs.append(document(title, body))
    return titles, docs


LOAD = [
    "UPDATE users SET presence = 'offline'",  # measure the queries, not an engine at work
    "ALTER TABLE events DISABLE TRIGGER events_announce",
    # bulk load without indexes, then build them once (as a data import would)
    *[f"DROP INDEX IF EXISTS {ix}" for ix in (
        "ix_events_xid_id", "ix_events_ticket_id", "ix_events_actor_created",
        "ix_events_kind_created", "ix_events_created_id", "ix_tickets_group_status_id",
        "ix_tickets_assignee_status",
        "ix_tickets_order_no", "ix_tickets_created_at", "ix_tickets_queue", "ix_tickets_search",
        "ix_tickets_accept_deadline", "ix_tickets_order_handler", "ix_tickets_resolved_at",
        "ix_tickets_working",
        "ix_tickets_accepted_at", "ix_events_kpi")],
    """
    INSERT INTO tickets (type_id, type_key, type_version, title, body, fields, group_id, priority,
        priority_rank, status, assignee_id, order_no, created_by_id, created_by_name, created_at,
        updated_at, assigned_at, accepted_at, first_response_at, resolved_at, transfer_count,
        search, last_handler_id, last_handled_at, lapsed_ids)
    SELECT 1, 'misc', 1, (CAST(:titles AS text[]))[1 + t % 500], '客户来电', '{}', 1 + t % :groups,
        'normal', 1,
        CASE WHEN t > :n - :n / 20
             THEN (ARRAY['queued', 'assigned', 'in_progress', 'pending'])[1 + t % 4]
             ELSE 'resolved' END,
        CASE WHEN t > :n - :n / 20 AND t % 4 = 0 THEN NULL ELSE 1 + (t * 7919) % :agents END,
        'ORD' || (t % 100000), 1 + (t * 31) % :agents, '客服',
        ts, ts, ts + interval '1 minute', ts + interval '3 minutes', ts + interval '3 minutes',
        CASE WHEN t > :n - :n / 20 THEN NULL ELSE ts + interval '40 minutes' END, 0,
        CAST((CAST(:docs AS text[]))[1 + t % 500] AS tsvector),
        1 + (t * 7919) % :agents, ts + interval '3 minutes', '{}'
    FROM (SELECT t, now() - (:n - t) * (interval '1 day' * :span / :n) AS ts
          FROM generate_series(1, CAST(:n AS bigint)) t) s
    """,
    """
    INSERT INTO events (ticket_id, kind, actor_id, actor_name, created_at, data,
                        audience_groups, audience_users, source, wakes_engine, kpi_group_id)
    SELECT t.id,
        (ARRAY['created','queued','assigned','accepted','commented','commented','commented',
               'pending','resumed','resolved'])[1 + (k - 1) % 10],
        t.assignee_id, '客服', t.created_at + k * interval '4 minutes',
        jsonb_build_object('group_id', t.group_id, 'agent_id', t.assignee_id, 'reason', 'auto'),
        ARRAY[t.group_id], ARRAY[t.assignee_id, t.created_by_id], 'bench', false, t.group_id
    FROM tickets t CROSS JOIN generate_series(1, :per) k
    """,
    "CREATE INDEX ix_events_xid_id ON events (xid, id)",
    "CREATE INDEX ix_events_ticket_id ON events (ticket_id, id)",
    "CREATE INDEX ix_events_actor_created ON events (actor_id, created_at)",
    "CREATE INDEX ix_events_kind_created ON events (kind, created_at)",
    "CREATE INDEX ix_events_created_id ON events (created_at, id)",
    "CREATE INDEX ix_events_kpi ON events (created_at, kpi_group_id) WHERE kind IN ('created', "
    "'assigned', 'unassigned', 'accepted', 'resolved', 'reopened', 'transferred')",
    "CREATE INDEX ix_tickets_group_status_id ON tickets (group_id, status, id)",
    "CREATE INDEX ix_tickets_assignee_status ON tickets (assignee_id, status) "
    "WHERE assignee_id IS NOT NULL",
    "CREATE INDEX ix_tickets_order_no ON tickets (order_no) WHERE order_no IS NOT NULL",
    "CREATE INDEX ix_tickets_created_at ON tickets (created_at)",
    "CREATE INDEX ix_tickets_queue ON tickets (group_id, priority_rank DESC, id) "
    "WHERE status IN ('queued', 'held')",
    "CREATE INDEX ix_tickets_search ON tickets USING gin (search)",
    "CREATE INDEX ix_tickets_working ON tickets (group_id, assignee_id) "
    "WHERE status IN ('assigned', 'in_progress', 'pending')",
    "CREATE INDEX ix_tickets_accept_deadline ON tickets (accept_deadline) "
    "WHERE status = 'assigned'",
    "CREATE INDEX ix_tickets_order_handler ON tickets (order_no, last_handled_at DESC) "
    "WHERE order_no IS NOT NULL AND last_handler_id IS NOT NULL",
    "CREATE INDEX ix_tickets_resolved_at ON tickets (resolved_at) WHERE resolved_at IS NOT NULL",
    "CREATE INDEX ix_tickets_accepted_at ON tickets (accepted_at) WHERE accepted_at IS NOT NULL",
    "ALTER TABLE events ENABLE TRIGGER events_announce",
    "SELECT kpi_rollup_rebuild()",  # the KPI roll-ups from the whole record, at once
    "VACUUM ANALYZE tickets",
    "VACUUM ANALYZE events",
    "VACUUM ANALYZE kpi_group_hours",
    "VACUUM ANALYZE kpi_agent_hours",
    "VACUUM ANALYZE kpi_agent_days",
]


def load(url: str, tickets: int, per: int, groups: int, agents: int) -> float:
    titles, docs = corpus()
    engine = make_engine(url, pool_size=1)
    started = time.perf_counter()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("SET statement_timeout = 0"))
        conn.execute(text("SET maintenance_work_mem = '512MB'"))
        for statement in LOAD:
            conn.execute(text(statement), {"titles": titles, "docs": docs, "n": tickets,
                                           "groups": groups, "agents": agents, "per": per,
                                           "span": SPAN_DAYS})
    engine.dispose()
    return time.perf_counter() - started


async def measure(server: ServerProcess, tickets: int, groups: int, agents: int,
                  repeat: int) -> dict:
    conn = Connection("127.0.0.1", server.port)

    async def token(username: str) -> dict[str, str]:
        status, data = await conn.request("POST", "/api/v1/auth/login",
                                          {"username": username, "password": PASSWORD})
        assert status == 200, data
        return {"Authorization": f"Bearer {json.loads(data)['token']}"}

    boss, agent = await token("intake"), await token("agent7")
    rng = random.Random(11)
    now = datetime.now(UTC)
    day = (now - timedelta(days=100)).replace(microsecond=0)

    def iso(d: datetime) -> str:
        return d.isoformat().replace("+00:00", "Z")

    open_statuses = "&status=queued&status=assigned&status=in_progress&status=pending"
    queries = {
        "board: group's open tickets": lambda: (
            boss, f"/api/v1/tickets?group={rng.randint(1, groups)}{open_statuses}&limit=50"),
        "agent: my open tickets": lambda: (
            boss, f"/api/v1/tickets?assignee={rng.randint(1, agents)}{open_statuses}"),
        "agent inbox (visibility rules)": lambda: (agent, "/api/v1/tickets?limit=50"),
        "order number": lambda: (boss, f"/api/v1/tickets?order_no=ORD{rng.randint(0, 99999)}"),
        "text (Chinese)": lambda: (boss, "/api/v1/tickets?q=" + rng.choice(
            ["%E9%80%80%E6%AC%BE", "%E6%BB%A4%E7%BD%91%E7%A0%B4%E6%8D%9F",
             "%E5%8F%91%E7%A5%A8", "REF0123"]) + "&limit=50"),
        "created on one day": lambda: (
            boss, f"/api/v1/tickets?created_from={iso(day)}&created_to="
                  f"{iso(day + timedelta(days=1))}&limit=50"),
        "ticket detail with its events": lambda: (
            boss, f"/api/v1/tickets/{rng.randint(1, tickets)}"),
        "audit: newest events": lambda: (boss, "/api/v1/events?limit=50"),
        "audit: one agent's steps in a week": lambda: (
            boss, f"/api/v1/events?actor={rng.randint(1, agents)}&created_from={iso(day)}"
                  f"&created_to={iso(day + timedelta(days=7))}&limit=50"),
        "audit: a group's comments": lambda: (
            boss, f"/api/v1/events?kind=commented&group={rng.randint(1, groups)}&limit=50"),
    }
    p95: dict[str, float] = {}
    for name, make in queries.items():
        times = []
        for _ in range(repeat):
            headers, path = make()
            start = time.perf_counter()
            status, data = await conn.request("GET", path, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200, (path, data[:300])
        p95[name] = round(percentile(times, 95), 1)
    # cursor paging: five pages deep into one group's history
    paging = []
    for _ in range(max(3, repeat // 5)):
        cursor, path = None, f"/api/v1/tickets?group={rng.randint(1, groups)}&limit=50"
        for _page in range(5):
            start = time.perf_counter()
            status, data = await conn.request(
                "GET", path + (f"&cursor={cursor}" if cursor else ""), headers=boss)
            paging.append((time.perf_counter() - start) * 1000)
            cursor = json.loads(data)["next_cursor"]
    p95["cursor paging (5 pages)"] = round(percentile(paging, 95), 1)
    # the audit search, twenty pages deep into a month of one kind of event
    audit_paging = []
    for _ in range(max(2, repeat // 10)):
        cursor = None
        path = (f"/api/v1/events?kind=accepted&created_from={iso(now - timedelta(days=90))}"
                f"&created_to={iso(now - timedelta(days=60))}&limit=50")
        for _page in range(20):
            start = time.perf_counter()
            status, data = await conn.request(
                "GET", path + (f"&cursor={cursor}" if cursor else ""), headers=boss)
            audit_paging.append((time.perf_counter() - start) * 1000)
            assert status == 200, data[:300]
            cursor = json.loads(data)["next_cursor"]
            if not cursor:
                break
    p95["audit: event paging (20 pages)"] = round(percentile(audit_paging, 95), 1)
    month = now - timedelta(days=60)
    kpi = []
    for _ in range(5):
        start = time.perf_counter()
        status, data = await conn.request(
            "GET", f"/api/v1/kpis?from={iso(month)}&to={iso(month + timedelta(days=30))}"
                   f"&group={rng.randint(1, groups)}", headers=boss)
        kpi.append((time.perf_counter() - start) * 1000)
        assert status == 200, data[:300]
    conn.close()
    return {"p95_ms": p95, "worst_p95_ms": max(p95.values()),
            "kpi_ms": round(sorted(kpi)[len(kpi) // 2], 1), "kpi_max_ms": round(max(kpi), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--events-per-ticket", type=int, default=10)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with database("ticketdesk_search_bench") as url:
        seed(url, args.agents, args.groups)
        load_seconds = load(url, args.tickets, args.events_per_ticket, args.groups, args.agents)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
        try:
            figures = asyncio.run(measure(server, args.tickets, args.groups, args.agents,
                                          args.repeat))
        finally:
            server.stop()
    report({"tickets": args.tickets, "events": args.tickets * args.events_per_ticket,
            "load_seconds": round(load_seconds, 1), **figures})


if __name__ == "__main__":
    main()
