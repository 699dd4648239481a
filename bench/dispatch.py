"""Shift start: N held tickets across G groups released at once to M online agents
(capacities 5–20). Measures how long until everything that can be assigned is assigned,
then checks the result against every rule.

    python bench/dispatch.py --tickets 100000 --groups 50 --agents 1000
"""

from __future__ import annotations

import argparse
import json
import random
import time

import pg_limit
from sqlalchemy import text

from common import database, report
from ticketdesk.common.models import WorkingHours
from ticketdesk.server.dispatch.loop import run_round
from ticketdesk.server.store.database import make_engine, make_sessionmaker

SETUP = """
INSERT INTO groups (name, description, working_hours, accept_timeout_seconds, default_capacity,
                    active)
SELECT '组' || g, '', :hours, 600, 10, true FROM generate_series(1, :groups) g;

INSERT INTO users (username, display_name, role, password_hash, active, presence,
                   last_seen_at)
SELECT 'agent' || a, '客服' || a, 'agent', 'x', true, 'online', now() + interval '1 day'
FROM generate_series(1, :agents) a;

INSERT INTO memberships (group_id, user_id, capacity)
SELECT ((a - 1) % :groups) + 1, a, 5 + (a * 7919) % 16 FROM generate_series(1, :agents) a;

INSERT INTO ticket_types (key, name, description, fields, body_template, default_priority,
                          active, version)
VALUES ('misc', '其他', '', '[]', '', 'normal', true, 1);

INSERT INTO ticket_type_versions (type_id, version, name, description, fields, body_template,
                                  default_priority)
VALUES (1, 1, '其他', '', '[]', '', 'normal');

INSERT INTO orders (order_no, customer_name, customer_phone, status, owner_id, data)
SELECT 'ORD' || o, '', '', '', 1 + (o * 104729) % :agents, '{}'
FROM generate_series(1, 2000) o;
"""

TICKETS = """
INSERT INTO tickets (type_id, type_key, type_version, title, body, fields, group_id, priority,
                     priority_rank, status, order_no, created_by_name, held_until, transfer_count,
                     created_at, updated_at)
SELECT 1, 'misc', 1, '工单 ' || t, '', '{}', ((t * 31) % :groups) + 1,
       (ARRAY['low', 'normal', 'high', 'urgent'])[1 + (t * 7) % 4], (t * 7) % 4,
       'held', CASE WHEN t % 10 = 0 THEN 'ORD' || (1 + t % 2000) END, 'bench',
       now() - interval '1 second', 0, now() - interval '1 hour' + t * interval '1 ms',
       now()
FROM generate_series(1, :tickets) t;
"""

CHECKS = {
    "over_capacity": """
        SELECT count(*) FROM (
          SELECT t.assignee_id, t.group_id FROM tickets t
          JOIN memberships m ON m.group_id = t.group_id AND m.user_id = t.assignee_id
          WHERE t.status = 'assigned' GROUP BY t.assignee_id, t.group_id, m.capacity
          HAVING count(*) > m.capacity) x""",
    "assigned_to_non_member": """
        SELECT count(*) FROM tickets t LEFT JOIN memberships m
          ON m.group_id = t.group_id AND m.user_id = t.assignee_id
        WHERE t.status = 'assigned' AND m.user_id IS NULL""",
    "assignments_without_event": """
        SELECT count(*) FROM tickets t WHERE t.status = 'assigned' AND NOT EXISTS (
          SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.kind = 'assigned'
          AND (e.data->>'agent_id')::int = t.assignee_id)""",
    "still_held": "SELECT count(*) FROM tickets WHERE status = 'held'",
    "queue_order_broken": """
        WITH ranked AS (
          SELECT group_id, status, row_number() OVER (PARTITION BY group_id
                 ORDER BY priority_rank DESC, id) AS pos FROM tickets)
        SELECT count(*) FROM (
          SELECT group_id FROM ranked GROUP BY group_id
          HAVING max(pos) FILTER (WHERE status = 'assigned')
                 > coalesce(min(pos) FILTER (WHERE status = 'queued'), 1e9)) x""",
    "capacity_left_unused": """
        SELECT count(*) FROM (
          SELECT m.group_id FROM memberships m
          LEFT JOIN (SELECT assignee_id, group_id, count(*) n FROM tickets
                     WHERE status = 'assigned' GROUP BY 1, 2) l
            ON l.assignee_id = m.user_id AND l.group_id = m.group_id
          GROUP BY m.group_id HAVING sum(m.capacity - coalesce(l.n, 0)) > 0
             AND EXISTS (SELECT 1 FROM tickets q WHERE q.group_id = m.group_id
                         AND q.status = 'queued')) x""",
    "owner_rule_broken": """
        SELECT count(*) FROM events e JOIN tickets t ON t.id = e.ticket_id
        JOIN orders o ON o.order_no = t.order_no
        WHERE e.kind = 'assigned' AND e.data->>'rule' = 'order_owner'
          AND (e.data->>'agent_id')::int <> o.owner_id""",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--pg-limit-tps", type=float, default=None,
                        help="PostgreSQL's own INSERT+NOTIFY rate measured in the same run "
                        "(bench/pg_limit.py); measured here briefly when not given")
    args = parser.parse_args()
    random.seed(1)
    with database() as url:
        engine = make_engine(url, pool_size=2)
        hours = json.dumps(WorkingHours.always("Asia/Shanghai").model_dump(mode="json"))
        with engine.begin() as conn:
            for statement in SETUP.split(";\n"):
                if statement.strip():
                    conn.execute(text(statement), {"groups": args.groups, "agents": args.agents,
                                                   "hours": hours})
            conn.execute(text(TICKETS), {"tickets": args.tickets, "groups": args.groups})
            conn.execute(text("ANALYZE"))
        sessions = make_sessionmaker(engine)
        started = time.perf_counter()
        rounds = released = assigned = 0
        while True:
            outcome = run_round(sessions, grace_seconds=0)
            rounds += 1
            released += outcome.released
            assigned += outcome.assigned
            if not outcome:
                break
        seconds = time.perf_counter() - started
        with engine.connect() as conn:
            checks = {name: conn.execute(text(sql)).scalar() for name, sql in CHECKS.items()}
            capacity = conn.execute(text("SELECT sum(capacity) FROM memberships")).scalar()
        engine.dispose()
    limit = args.pg_limit_tps or pg_limit.measure(32, seconds=8)["insert_notify_tps"]
    report({
        "pg_limit_tps": limit,
        "ratio_to_pg_limit": round(assigned / seconds / limit, 3) if seconds else None,
        "tickets": args.tickets, "groups": args.groups, "agents": args.agents,
        "total_capacity": int(capacity), "released": released, "assigned": assigned,
        "rounds": rounds, "seconds": round(seconds, 2),
        "tickets_per_second": round(assigned / seconds, 1) if seconds else None,
        "released_per_second": round(released / seconds, 1) if seconds else None,
        "checks": checks, "violations": sum(checks.values()),
    })


if __name__ == "__main__":
    main()
