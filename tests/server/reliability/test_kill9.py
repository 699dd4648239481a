"""Jepsen-style: two servers on one database, tickets submitted through both while one or
the other is killed with SIGKILL at random moments and restarted (at least 4 kills, both
servers among the victims), agents accepting and resolving all along. Afterwards: every
acknowledged ticket exists (lost = 0), retries never made a second ticket and no ticket was
ever held by two agents (duplicated = 0), no agent went over capacity, and every state change
has its event.

    pytest tests/server/reliability/test_kill9.py -s   # TICKETDESK_JEPSEN_TICKETS=N for more
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections import Counter, defaultdict

import httpx
import psycopg2
import pytest

from tests.server.dispatch.test_two_servers import OVER_CAPACITY
from tests.support import (
    Api,
    ServerProcess,
    database_url,
    libpq_url,
    make_admin,
    seed_office,
)

TICKETS = int(os.environ.get("TICKETDESK_JEPSEN_TICKETS", "1500"))
"""At least this many tickets. 1,500 in the suite (it was 6,000, and 20,000 before that): what
finds a defect is a kill landing mid-request, and the run goes on until MIN_KILLS have
happened whatever the count, so a fast machine does not get away with fewer kills.
TICKETDESK_JEPSEN_TICKETS=20000 for the longer run docs/reliability.md records."""
MIN_KILLS = 4
SUBMITTERS = 8
AGENTS = 30
GROUPS = 3
STATUS_OF = {
    "queued": "queued",
    "held": "held",
    "released": "queued",
    "assigned": "assigned",
    "unassigned": None,
    "accepted": "in_progress",
    "pending": "pending",
    "resumed": "in_progress",
    "resolved": "resolved",
    "reopened": None,
    "closed": "closed",
    "transferred": None,
}


@pytest.fixture
def jepsen_db(server):
    yield from database_url("ticketdesk_jepsen")


def check_record(url: str) -> dict[str, int]:
    """Replay every ticket's events against its row, in one snapshot."""
    conn = psycopg2.connect(libpq_url(url))
    conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
    problems: Counter[str] = Counter()
    with conn.cursor() as cur:
        cur.execute(OVER_CAPACITY)
        problems["over_capacity"] = len(cur.fetchall())
        cur.execute(
            "SELECT ticket_id, kind, data FROM events WHERE ticket_id IS NOT NULL "
            "ORDER BY ticket_id, id"
        )
        history: dict[int, list[tuple[str, dict]]] = defaultdict(list)
        for tid, kind, data in cur.fetchall():
            history[tid].append((kind, data))
        cur.execute("SELECT id, assignee_id, status FROM tickets")
        rows = cur.fetchall()
    conn.close()
    for tid, assignee, status in rows:
        holder, state = None, None
        for kind, data in history[tid]:
            if kind == "assigned":
                if holder is not None and data.get("previous_assignee_id") != holder:
                    problems["held_by_two_agents"] += 1
                holder = data["agent_id"]
            elif kind in ("unassigned", "transferred", "reopened"):
                holder = None
            if STATUS_OF.get(kind):
                state = STATUS_OF[kind]
        if holder != assignee:
            problems["assignee_without_event"] += 1
        if state != status:
            problems["status_without_event"] += 1
    return dict(problems)


def _restart(server: ServerProcess, attempts: int = 3) -> None:
    """Start a killed server again, as systemd's Restart= would: on a machine this loaded a
    start can outlast its wait (the restarts and the load compete for two cores), and one
    slow start must not leave the test with a single server for good. A server that never
    comes up still fails the test."""
    for attempt in range(1, attempts + 1):
        try:
            server.start(timeout=60)
            return
        except RuntimeError:
            server.stop(kill=True)
            if attempt == attempts:
                raise


@pytest.mark.slow
def test_kill9_of_either_server_loses_and_duplicates_nothing(jepsen_db):
    url = jepsen_db
    env = {"TICKETDESK_DISPATCH_TICK_SECONDS": "0.2", "TICKETDESK_PRESENCE_GRACE_SECONDS": "900"}
    servers = [ServerProcess(url, env=env).start(), ServerProcess(url, env=env).start()]
    admin = make_admin(servers[0].base_url, url)
    group_ids, _ = seed_office(admin, groups=GROUPS, agents=AGENTS, default_capacity=3)
    tokens = []
    for i in range(AGENTS):
        agent = Api(servers[0].base_url).login(f"agent{i}")
        agent.ok("PUT", "/me/presence", {"presence": "online"})
        tokens.append(agent.token)

    acknowledged: dict[str, int] = {}
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()
    kills = 0
    victims: Counter[int] = Counter()

    local = threading.local()

    def call(method: str, path: str, token: str, **kw) -> httpx.Response | None:
        server = random.choice(servers)
        if not hasattr(local, "clients"):  # one keep-alive client per thread and server
            local.clients = {s.port: httpx.Client(timeout=10) for s in servers}
        try:
            return local.clients[server.port].request(
                method,
                f"{server.base_url}/api/v1{path}",
                headers={"Authorization": f"Bearer {token}", **kw.pop("headers", {})},
                **kw,
            )
        except httpx.HTTPError as exc:
            with lock:
                failures[type(exc).__name__] += 1
            return None

    def submit(worker: int) -> None:
        n = 0
        while not stop.is_set():
            with lock:
                if len(acknowledged) + SUBMITTERS > TICKETS and kills >= MIN_KILLS:
                    return
            key = f"w{worker}-{n}"
            while not stop.is_set():
                r = call(
                    "POST",
                    "/tickets",
                    admin.token,
                    headers={"Idempotency-Key": key},
                    json={"type": "misc", "title": f"工单 {key}", "group": group_ids[n % GROUPS]},
                )
                if r is not None and r.status_code in (200, 201):
                    with lock:
                        previous = acknowledged.setdefault(key, r.json()["id"])
                        if previous != r.json()["id"]:
                            failures["key_gave_two_tickets"] += 1
                    break
                if r is not None:
                    with lock:
                        failures[f"http_{r.status_code}"] += 1
                time.sleep(0.05)
            n += 1

    def work(worker: int) -> None:
        rng = random.Random(worker)
        while not stop.is_set():
            token = rng.choice(tokens)
            r = call("GET", "/tickets?assignee=me&status=assigned&limit=3", token)
            if r is None or r.status_code != 200:
                time.sleep(0.05)
                continue
            for t in r.json()["data"]:
                if (
                    a := call("POST", f"/tickets/{t['id']}/accept", token)
                ) and a.status_code == 200:
                    call("POST", f"/tickets/{t['id']}/resolve", token)

    def keep_online() -> None:
        while not stop.wait(20):
            for token in tokens:
                call("PUT", "/me/presence", token, json={"presence": "online"})

    def killer() -> None:
        nonlocal kills
        rng = random.Random(13)
        while not stop.wait(rng.uniform(1.5, 4)):
            victim = rng.choice(servers)
            victim.stop(kill=True)  # SIGKILL: no shutdown, no cleanup
            kills += 1
            victims[victim.port] += 1
            time.sleep(rng.uniform(0.2, 1.0))
            _restart(victim)

    # Daemons: a failed run must not keep pytest from exiting.
    threads = [threading.Thread(target=submit, args=(w,), daemon=True) for w in range(SUBMITTERS)]
    helpers = [threading.Thread(target=work, args=(w,), daemon=True) for w in range(3)]
    helpers += [
        threading.Thread(target=keep_online, daemon=True),
        threading.Thread(target=killer, daemon=True),
    ]
    started = time.monotonic()
    for t in threads + helpers:
        t.start()
    for t in threads:
        t.join(timeout=900)
    stop.set()
    for t in helpers:
        t.join(timeout=90)
    seconds = time.monotonic() - started
    for s in servers:
        s.stop()

    conn = psycopg2.connect(libpq_url(url))
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM tickets")
        existing = {row[0] for row in cur.fetchall()}
        cur.execute("SELECT count(*) - count(DISTINCT idempotency_key) FROM tickets")
        (duplicate_keys,) = cur.fetchone()
    conn.close()
    lost = len(set(acknowledged.values()) - existing)
    problems = check_record(url)
    figures = {
        "tickets_acknowledged": len(acknowledged),
        "kills": kills,
        "victims": list(victims.values()),
        "seconds": round(seconds, 1),
        "lost": lost,
        "duplicated": duplicate_keys
        + problems.get("held_by_two_agents", 0)
        + failures["key_gave_two_tickets"],
        "record_problems": problems,
        "client_errors": dict(failures),
    }
    print(json.dumps(figures, ensure_ascii=False))
    assert len(acknowledged) >= TICKETS - SUBMITTERS
    assert kills >= MIN_KILLS
    assert len(victims) == 2  # both servers were killed, not just one
    assert lost == 0
    assert figures["duplicated"] == 0
    assert not any(problems.values()), problems
