"""Two server processes on one database, 2,000 tickets created through both at once, 50
agents with small capacities accepting and resolving: never a ticket held by two agents,
never an agent over capacity, every assignment evented, and clients of either server see
everything."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict

import psycopg2
import pytest

from tests.support import PASSWORD, Api, LiveObserver, ServerProcess, libpq_url, seed_office

TICKETS = 2000
AGENTS = 50
GROUPS = 5
CREATORS = 8

OVER_CAPACITY = """
SELECT t.assignee_id, t.group_id, count(*) AS n,
       coalesce(m.capacity, g.default_capacity) AS cap
FROM tickets t
JOIN groups g ON g.id = t.group_id
LEFT JOIN memberships m ON m.group_id = t.group_id AND m.user_id = t.assignee_id
WHERE t.status IN ('assigned', 'in_progress', 'pending')
GROUP BY t.assignee_id, t.group_id, m.capacity, g.default_capacity
HAVING count(*) > coalesce(m.capacity, g.default_capacity)
"""


@pytest.mark.slow
def test_two_servers_one_database_under_concurrent_load(server, admin, pg_url):
    second = ServerProcess(pg_url, env={"TICKETDESK_DISPATCH_TICK_SECONDS": "0.2"}).start()
    servers = [server, second]
    rng = random.Random(7)
    try:
        # ---- an office: 5 groups, 50 agents with capacities 1-3, orders owned by agents
        group_ids, agents = seed_office(admin, groups=GROUPS, agents=AGENTS, default_capacity=2,
                                        capacity=lambda _: rng.randint(1, 3))
        for n in range(20):
            admin.ok("PUT", f"/orders/ORD{n:04d}", {"owner": rng.choice(agents)}, status=201)
        sup = admin.ok(
            "POST",
            "/users",
            {
                "username": "boss",
                "display_name": "主管",
                "role": "supervisor",
                "password": PASSWORD,
            },
            status=201,
        )
        del sup
        clients = {i: [Api(s.base_url).login(f"agent{i}") for s in servers] for i in range(AGENTS)}
        for i in range(AGENTS):
            clients[i][i % 2].ok("PUT", "/me/presence", {"presence": "online"})

        observers = [LiveObserver(s.port, Api(s.base_url).login("boss").token) for s in servers]
        for o in observers:
            o.start()
            assert o.ready.wait(10)

        stop = threading.Event()
        violations: list[object] = []
        created: list[int] = []
        lock = threading.Lock()

        def keep_online() -> None:
            while not stop.wait(5):
                for i in range(AGENTS):
                    clients[i][0].put("/me/presence", {"presence": "online"})

        def sample_capacity() -> None:
            conn = psycopg2.connect(libpq_url(pg_url))
            conn.autocommit = True
            with conn.cursor() as cur:
                while not stop.wait(0.1):
                    cur.execute(OVER_CAPACITY)
                    rows = cur.fetchall()
                    if rows:
                        violations.append(rows)
            conn.close()

        def create(worker: int) -> None:
            wrng = random.Random(worker)
            creators = [Api(s.base_url).login("boss") for s in servers]
            for n in range(TICKETS // CREATORS):
                body = {
                    "type": "misc",
                    "title": f"并发工单 {worker}-{n}",
                    "group": wrng.choice(group_ids),
                    "priority": wrng.choice(["low", "normal", "high", "urgent"]),
                }
                if wrng.random() < 0.3:
                    body["order_no"] = f"ORD{wrng.randrange(20):04d}"
                t = creators[n % 2].ok("POST", "/tickets", body, status=201)
                with lock:
                    created.append(t["id"])

        def work(worker: int) -> None:
            wrng = random.Random(100 + worker)
            while not stop.is_set():
                i = wrng.randrange(AGENTS)
                api = clients[i][wrng.randrange(2)]
                mine = api.ok("GET", "/tickets?assignee=me&status=assigned&limit=5")["data"]
                for t in mine:
                    if api.post(f"/tickets/{t['id']}/accept").status_code == 200:
                        api.post(f"/tickets/{t['id']}/resolve")

        background = [
            threading.Thread(target=keep_online, daemon=True),
            threading.Thread(target=sample_capacity, daemon=True),
        ]
        workers = [threading.Thread(target=work, args=(w,), daemon=True) for w in range(3)]
        makers = [threading.Thread(target=create, args=(w,)) for w in range(CREATORS)]
        for t in background + workers + makers:
            t.start()
        for t in makers:
            t.join(timeout=300)
        time.sleep(3)  # let the workers and the engine drain a little more
        stop.set()
        for t in workers + background:
            t.join(timeout=30)

        assert len(created) == TICKETS
        assert violations == [], f"agents over capacity: {violations[:3]}"

        # ---- the record: one holder at a time, every assignment evented
        conn = psycopg2.connect(libpq_url(pg_url))
        # One snapshot for the whole check: the engines are still running meanwhile.
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cur:
            cur.execute(OVER_CAPACITY)
            assert cur.fetchall() == []
            cur.execute(
                "SELECT ticket_id, kind, data FROM events WHERE ticket_id IS NOT NULL "
                "ORDER BY ticket_id, id"
            )
            history: dict[int, list[tuple[str, dict]]] = defaultdict(list)
            for tid, kind, data in cur.fetchall():
                history[tid].append((kind, data))
            cur.execute("SELECT id, assignee_id, status FROM tickets")
            final = {tid: (assignee, status) for tid, assignee, status in cur.fetchall()}
        conn.close()
        assigned_total = 0
        for tid, steps in history.items():
            holder = None
            for kind, data in steps:
                if kind == "assigned":
                    assigned_total += 1
                    assert holder is None or data.get("previous_assignee_id") == holder, (
                        f"ticket {tid} assigned to {data['agent_id']} while {holder} held it"
                    )
                    holder = data["agent_id"]
                elif kind in ("unassigned", "transferred", "reopened"):
                    holder = None
            assert final[tid][0] == holder, f"ticket {tid}: assignee without its event: {steps}"
        assert assigned_total >= 200  # the engine kept assigning as capacity freed up
        statuses = Counter(status for _, status in final.values())
        assert statuses["resolved"] > 0

        # ---- clients of either server saw the tickets created through both
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(len(o.created) < TICKETS for o in observers):
            time.sleep(0.2)
        for o in observers:
            o.stop.set()
            assert o.created == set(created)
            assert max(o.seen_ids.values()) == 1  # de-duplicated at the source: no event twice
    finally:
        second.stop()
