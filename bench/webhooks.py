"""Webhook delivery: ticket events committed at a steady rate, each sent to its group's
endpoint (one endpoint per group, one receiver on loopback per endpoint, verifying every
signature with `standardwebhooks`); the time from the commit to the receiver reading it.

Two phases of the same load: all receivers up, then — once the first phase's queue is
empty (``open_when_one_down_started`` says what was left if it never emptied) — one receiver
down (its port closed): the others' p99 should not move, since an endpoint that fails only
fills its own slots.

    python bench/webhooks.py --receivers 10 --rate 1000 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import threading
import time
from collections import Counter

import httpx
import psycopg2
from sqlalchemy import text
from standardwebhooks.webhooks import Webhook

from common import ServerProcess, database, libpq_url, percentile, report
from ticketdesk.common.models import WorkingHours
from ticketdesk.server.services import passwords
from ticketdesk.server.store.database import make_engine

PASSWORD = "bench-pass-1"


def seed(url: str, groups: int, tickets_per_group: int) -> dict[int, list[int]]:
    passwords.use_profile("fast")
    engine = make_engine(url, pool_size=1)
    with engine.begin() as conn:
        hours = json.dumps(WorkingHours.always("UTC").model_dump(mode="json"))
        conn.execute(text(
            "INSERT INTO groups (name, description, working_hours, accept_timeout_seconds, "
            "default_capacity, active) SELECT 'g' || g, '', :hours, 3600, 10, true "
            "FROM generate_series(1, :n) g"), {"hours": hours, "n": groups})
        conn.execute(text(
            "INSERT INTO users (username, display_name, role, password_hash, active, presence) "
            "VALUES ('admin', 'admin', 'admin', :h, true, 'offline')"),
            {"h": passwords.hash_password(PASSWORD)})
        conn.execute(text(
            "INSERT INTO ticket_types (key, name, description, fields, body_template, "
            "default_priority, active, version) "
            "VALUES ('misc', 'misc', '', '[]', '', 'normal', true, 1)"))
        conn.execute(text(
            "INSERT INTO ticket_type_versions (type_id, version, name, description, fields, "
            "body_template, default_priority) VALUES (1, 1, 'misc', '', '[]', '', 'normal')"))
        rows = conn.execute(text(
            "INSERT INTO tickets (type_id, type_key, type_version, title, body, fields, "
            "group_id, priority, priority_rank, status, created_by_name, version, "
            "transfer_count) SELECT 1, 'misc', 1, 'bench', '', '{}', g, 'normal', 1, 'queued', "
            "'bench', 1, 0 FROM generate_series(1, :g) g, generate_series(1, :n) i "
            "RETURNING id, group_id"), {"g": groups, "n": tickets_per_group}).all()
    engine.dispose()
    by_group: dict[int, list[int]] = {}
    for ticket_id, group_id in rows:
        by_group.setdefault(group_id, []).append(ticket_id)
    return by_group


class Receivers:
    """Minimal HTTP/1.1 servers (keep-alive) on loopback in one asyncio loop of their own;
    each verifies the signature and notes when each message arrived."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.secrets: list[str | None] = [None] * count
        self.arrivals: list[dict[int, float]] = [{} for _ in range(count)]
        self.repeats = 0
        self.bad = 0
        self.ports: list[int] = []
        self._servers: list[asyncio.Server | None] = []
        self._writers: list[set[asyncio.StreamWriter]] = [set() for _ in range(count)]
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        for i in range(count):
            server = self._call(self._start(i, 0))
            self._servers.append(server)
            self.ports.append(server.sockets[0].getsockname()[1])

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)

    async def _start(self, index: int, port: int) -> asyncio.Server:
        return await asyncio.start_server(
            lambda r, w: self._serve(index, r, w), "127.0.0.1", port, backlog=512)

    async def _serve(self, index: int, reader: asyncio.StreamReader,
                     writer: asyncio.StreamWriter) -> None:
        self._writers[index].add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                at = time.time()
                headers = {}
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                try:
                    Webhook(self.secrets[index] or "").verify(body, headers, json_parse=False)
                except Exception:  # any failure to verify counts as a bad signature
                    self.bad += 1
                event_id = int(headers.get("webhook-id", "msg_td0").removeprefix("msg_td"))
                seen = self.arrivals[index]
                if event_id in seen:
                    self.repeats += 1
                else:
                    seen[event_id] = at
                writer.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._writers[index].discard(writer)
            writer.close()

    def take_down(self, index: int) -> None:
        server = self._servers[index]
        if server is not None:
            server.close()
            for writer in list(self._writers[index]):  # kept-alive connections too
                self._loop.call_soon_threadsafe(writer.close)
            self._call(server.wait_closed())
            self._servers[index] = None


def produce(url: str, by_group: dict[int, list[int]], groups: list[int], rate: float,
            seconds: float, commits: dict[int, tuple[float, int]]) -> None:
    """Commit ``rate`` events a second in transactions of 10 (every 10 ms at 1000/s), each
    a comment on a random ticket; note each event's commit time and group."""
    conn = psycopg2.connect(libpq_url(url))
    per_commit = max(1, min(10, int(rate // 100)))
    interval = per_commit / rate
    start = time.monotonic()
    n = 0
    total = int(rate * seconds)
    with conn.cursor() as cur:
        while n < total:
            due = start + (n / rate)
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            batch = min(per_commit, total - n)
            gs = [random.choice(groups) for _ in range(batch)]
            ts = [random.choice(by_group[g]) for g in gs]
            cur.execute(
                "INSERT INTO events (ticket_id, kind, actor_name, data, audience_groups, "
                "source, created_at, kpi_group_id) SELECT t, 'commented', 'bench', "
                "'{\"body\": \"bench\"}', ARRAY[g], 'bench', now(), g "
                "FROM unnest(%s::bigint[], %s::int[]) AS x(t, g) RETURNING id, kpi_group_id",
                (ts, gs))
            made = cur.fetchall()
            conn.commit()
            at = time.time()
            for event_id, group_id in made:
                commits[event_id] = (at, group_id)
            n += batch
    conn.close()
    del interval


def open_deliveries(url: str) -> int:
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM webhook_deliveries "
                        "WHERE state IN ('blocked', 'pending', 'sending')")
            return cur.fetchone()[0]
    finally:
        conn.close()


def settle(url: str, seconds: float) -> int:
    """Wait until the queue is empty (at most ``seconds``): the second phase must not start
    behind the first one's backlog, or its latencies would be that backlog's age and say
    nothing about one receiver being down. Returns what was still open."""
    deadline = time.monotonic() + seconds
    left = open_deliveries(url)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = open_deliveries(url)
    return left


def phase(name: str, url: str, receivers: Receivers, by_group: dict[int, list[int]],
          group_of_receiver: list[int], down: set[int], rate: float, seconds: float,
          drain_seconds: float) -> dict[str, object]:
    commits: dict[int, tuple[float, int]] = {}
    produce(url, by_group, group_of_receiver, rate, seconds, commits)
    receiver_of_group = {g: i for i, g in enumerate(group_of_receiver)}
    expected = {e: receiver_of_group[g] for e, (_, g) in commits.items()
                if receiver_of_group[g] not in down}
    deadline = time.monotonic() + drain_seconds
    while time.monotonic() < deadline:
        if all(e in receivers.arrivals[i] for e, i in expected.items()):
            break
        time.sleep(0.2)
    latencies = [
        (receivers.arrivals[i][e] - commits[e][0]) * 1000
        for e, i in expected.items() if e in receivers.arrivals[i]
    ]
    first = min((c[0] for c in commits.values()), default=0.0)
    last = max((receivers.arrivals[i][e] for e, i in expected.items()
                if e in receivers.arrivals[i]), default=first)
    delivered = len(latencies)
    return {
        f"{name}_events": len(commits),
        f"{name}_expected": len(expected),
        f"{name}_delivered": delivered,
        f"{name}_deliveries_per_second": round(delivered / max(last - first, 1e-9), 1),
        f"{name}_p50_ms": round(percentile(latencies, 50), 1),
        f"{name}_p99_ms": round(percentile(latencies, 99), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--receivers", type=int, default=10)
    parser.add_argument("--rate", type=float, default=1000, help="events committed a second")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--tickets-per-group", type=int, default=100)
    parser.add_argument("--drain", type=float, default=60, help="longest wait for the rest")
    args = parser.parse_args()
    with database("ticketdesk_bench_webhooks") as url:
        by_group = seed(url, args.receivers, args.tickets_per_group)
        server = ServerProcess(url, env={
            "TICKETDESK_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
            "TICKETDESK_DISPATCH": "0",
        }).start(timeout=120)
        receivers = Receivers(args.receivers)
        try:
            token = httpx.post(f"{server.base_url}/api/v1/auth/login", json={
                "username": "admin", "password": PASSWORD}, timeout=30).json()["token"]
            groups = sorted(by_group)
            with httpx.Client(base_url=f"{server.base_url}/api/v1", timeout=30,
                              headers={"Authorization": f"Bearer {token}"}) as api:
                for i, g in enumerate(groups):
                    made = api.post("/webhooks", json={
                        "url": f"http://127.0.0.1:{receivers.ports[i]}/hook",
                        "kinds": ["commented"], "groups": [g]})
                    made.raise_for_status()
                    receivers.secrets[i] = made.json()["secret"]
                figures: dict[str, object] = {
                    "receivers": args.receivers, "rate": args.rate, "seconds": args.seconds}
                healthy = phase("all_up", url, receivers, by_group, groups, set(), args.rate,
                                args.seconds, args.drain)
                backlog_before_one_down = settle(url, args.drain)
                receivers.take_down(0)
                one_down = phase("one_down", url, receivers, by_group, groups, {0}, args.rate,
                                 args.seconds, args.drain)
                counts = Counter()
                for w in api.get("/webhooks").json():
                    counts["pending"] += w["counts"]["pending"]
                    counts["dead"] += w["counts"]["dead"]
            figures.update({
                "deliveries_per_second": healthy["all_up_deliveries_per_second"],
                "p99_ms": healthy["all_up_p99_ms"],
                "p50_ms": healthy["all_up_p50_ms"],
                "delivered": f"{healthy['all_up_delivered']}/{healthy['all_up_expected']}",
                "one_down_others_p99_ms": one_down["one_down_p99_ms"],
                "one_down_others_delivered":
                    f"{one_down['one_down_delivered']}/{one_down['one_down_expected']}",
                "down_receiver_backlog": counts["pending"],
                "open_when_one_down_started": backlog_before_one_down,
                "bad_signatures": receivers.bad,
                "repeats": receivers.repeats,
                **healthy, **one_down,
            })
        finally:
            server.stop()
    report(figures)


if __name__ == "__main__":
    main()
