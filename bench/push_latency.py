"""Push latency: from `POST /api/v1/tickets` returning to the chosen agent's WebSocket
receiving the assignment, with N agents connected, while R events a second are pushed.

Each ticket brings its agent three events (created, queued, assigned), so R events/s is R/3
tickets/s; the events the agents actually received per second are printed too.

Where the time goes is printed beside it: the server's own account of each stage of a push
(``ticketdesk_live_push_seconds`` in ``/metrics``, read before and after the run: the wait
for the read, the read, the hand-over to the event loop, the send, and in all from the
NOTIFY to the socket), the server's event-loop lag, this process's own loop lag (the load
generator shares the cores: its lateness is in the latency too), the server's CPU per ticket
and the load average. ``--profile DIR`` samples the server with py-spy meanwhile, every
thread, idle and GIL-holding samples apart (``bench/profile_threads.py``: where the event
loop's thread waits).

    python bench/push_latency.py --clients 1000 --groups 1000 --rate 500 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import profile_threads
import psutil
from rawhttp import Connection
from sqlalchemy import text
from websockets.asyncio.client import connect

from common import ServerProcess, database, percentile, report
from ticketdesk.common.models import WorkingHours
from ticketdesk.server.services import passwords
from ticketdesk.server.store.database import make_engine

PASSWORD = "bench-pass-1"
EVENTS_PER_TICKET = 3


def seed(url: str, clients: int, groups: int) -> None:
    passwords.use_profile("fast")
    digest = passwords.hash_password(PASSWORD)
    engine = make_engine(url, pool_size=1)
    with engine.begin() as conn:
        hours = json.dumps(WorkingHours.always("UTC").model_dump(mode="json"))
        conn.execute(text(
            "INSERT INTO groups (name, description, working_hours, accept_timeout_seconds, "
            "default_capacity, active) SELECT 'g' || g, '', :hours, 3600, 100000, true "
            "FROM generate_series(1, :n) g"), {"hours": hours, "n": groups})
        conn.execute(text(
            "INSERT INTO users (username, display_name, role, password_hash, active, presence, "
            "last_seen_at) SELECT 'agent' || a, 'agent' || a, 'agent', :h, true, 'online', now() "
            "FROM generate_series(1, :n) a"), {"h": digest, "n": clients})
        conn.execute(text(
            "INSERT INTO users (username, display_name, role, password_hash, active, presence) "
            "VALUES ('intake', 'intake', 'supervisor', :h, true, 'offline')"), {"h": digest})
        conn.execute(text(
            "INSERT INTO memberships (group_id, user_id) SELECT ((a - 1) % :g) + 1, a "
            "FROM generate_series(1, :n) a"), {"g": groups, "n": clients})
        conn.execute(text(
            "INSERT INTO ticket_types (key, name, description, fields, body_template, "
            "default_priority, active, version) "
            "VALUES ('misc', 'misc', '', '[]', '', 'normal', true, 1)"))
        conn.execute(text(
            "INSERT INTO ticket_type_versions (type_id, version, name, description, fields, "
            "body_template, default_priority) VALUES (1, 1, 'misc', '', '[]', '', 'normal')"))
    engine.dispose()


_SAMPLE = re.compile(r'^(?P<name>\w+)_bucket\{le="(?P<le>[^"]+)"(?:,stage="(?P<stage>\w+)")?\} '
                     r'(?P<value>\S+)$', re.M)


async def histograms(http: httpx.AsyncClient) -> dict[str, list[tuple[float, float]]]:
    """The server's push and loop-lag histograms (cumulative buckets), by stage; empty
    from a server that has none."""
    text = (await http.get("/metrics")).text
    found: dict[str, list[tuple[float, float]]] = {}
    for m in _SAMPLE.finditer(text):
        if m["name"] == "ticketdesk_live_push_seconds":
            key = m["stage"]
        elif m["name"] == "ticketdesk_event_loop_lag_seconds":
            key = "loop_lag"
        else:
            continue
        found.setdefault(key, []).append((float(m["le"]), float(m["value"])))
    return found


def quantile(buckets: list[tuple[float, float]], q: float) -> float:
    """The ``q`` quantile of a cumulative histogram, interpolated within its bucket (ms)."""
    total = buckets[-1][1] if buckets else 0
    if not total:
        return float("nan")
    rank, lower, below = q * total, 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if math.isinf(bound):
                return round(lower * 1000, 1)
            share = (rank - below) / max(count - below, 1)
            return round((lower + (bound - lower) * share) * 1000, 1)
        lower, below = bound, count
    return round(lower * 1000, 1)


def stages(before: dict, after: dict) -> dict[str, object]:
    """p50/p99 (ms) of each stage over the run: the difference of two scrapes."""
    out: dict[str, object] = {}
    for key, buckets in after.items():
        earlier = dict(before.get(key, []))
        delta = [(bound, count - earlier.get(bound, 0.0)) for bound, count in buckets]
        out[f"server_{key}_ms"] = {"p50": quantile(delta, 0.5), "p99": quantile(delta, 0.99),
                                   "n": int(delta[-1][1]) if delta else 0}
    return out


async def own_lag(lags: list[float], every: float = 0.05) -> None:
    while True:
        asked = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(max(0.0, time.perf_counter() - asked - every) * 1000)


async def run(
    base: str, clients: int, groups: int, rate: float, seconds: float, settle: float,
    post_base: str | None = None, server_pid: int | None = None, profile: Path | None = None,
) -> dict:
    """``post_base``: submit the tickets through another server than the agents listen to
    (the push then crosses servers through PostgreSQL's NOTIFY). ``server_pid``: measure
    its CPU (and with ``profile``, sample it with py-spy) while the tickets are posted."""
    received: dict[int, float] = {}
    ready = 0
    frames = 0

    async def login(http: httpx.AsyncClient, name: str) -> str:
        r = await http.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})
        r.raise_for_status()
        return r.json()["token"]

    async def agent(token: str) -> None:
        nonlocal ready, frames
        ws_url = base.replace("http", "ws") + "/api/v1/live"
        async with connect(ws_url, additional_headers={"Authorization": f"Bearer {token}"},
                           max_size=2**22, ping_interval=None) as ws:
            await ws.recv()  # hello
            ready += 1
            async for raw in ws:
                frames += 1
                if '"kind":"assigned"' not in raw:
                    continue
                now = time.perf_counter()
                message = json.loads(raw)
                received.setdefault(message["event"]["ticket_id"], now)

    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        tokens = []
        for start in range(1, clients + 1, 50):
            batch = range(start, min(start + 50, clients + 1))
            tokens += await asyncio.gather(*(login(http, f"agent{a}") for a in batch))
        tasks = [asyncio.create_task(agent(t)) for t in tokens]
        while ready < clients:
            await asyncio.sleep(0.05)
        # Measure the office at work, not the moment everyone logs in at once.
        await asyncio.sleep(settle)
        intake = {"Authorization": f"Bearer {await login(http, 'intake')}"}
        returned: dict[int, float] = {}
        sent: dict[int, float] = {}
        # Tickets go through the light client (as in intake.py), so that the load generator,
        # sharing the two cores, takes as little as possible from the server it measures.
        host, port = (post_base or base).removeprefix("http://").split(":")
        pool: asyncio.Queue[Connection] = asyncio.Queue()
        for _ in range(32):
            pool.put_nowait(Connection(host, int(port)))

        async def create(n: int) -> None:
            conn = await pool.get()
            start = time.perf_counter()
            try:
                status, data = await conn.request("POST", "/api/v1/tickets", {
                    "type": "misc", "title": f"ticket {n}", "group": 1 + n % groups}, intake)
            finally:
                pool.put_nowait(conn)
            assert status == 201, data
            tid = json.loads(data)["id"]
            sent[tid], returned[tid] = start, time.perf_counter()

        pending = []
        ticket_rate = rate / EVENTS_PER_TICKET
        meter = spy = None
        if server_pid is not None:
            meter = psutil.Process(server_pid)
            cpu_before = sum(meter.cpu_times()[:2])
            if profile is not None:
                spy = py_spy(server_pid, profile, seconds)
        scraped = await histograms(http)
        lags: list[float] = []
        lag_probe = asyncio.create_task(own_lag(lags))
        frames = 0
        begin = time.perf_counter()
        total = max(1, int(ticket_rate * seconds))
        for n in range(total):
            await asyncio.sleep(max(0.0, begin + n / ticket_rate - time.perf_counter()))
            pending.append(asyncio.create_task(create(n)))
        await asyncio.gather(*pending)
        pushed_per_second = frames / (time.perf_counter() - begin)
        load = psutil.getloadavg()[0]
        server_cpu = sum(meter.cpu_times()[:2]) - cpu_before if meter is not None else None
        deadline = time.perf_counter() + 10
        while len(received.keys() & returned.keys()) < len(returned) and (
                time.perf_counter() < deadline):
            await asyncio.sleep(0.05)
        lag_probe.cancel()
        breakdown = stages(scraped, await histograms(http))
        threads = {}
        if spy is not None:
            for proc in spy:
                proc.wait(timeout=120)
            threads = {"server_threads": profile_threads.summarize(
                profile / "all.txt", profile / "gil.txt", int(seconds), PROFILE_RATE)}
        for task in tasks:
            task.cancel()
        while not pool.empty():
            pool.get_nowait().close()
    from_return = [max(0.0, received[t] - returned[t]) * 1000 for t in returned if t in received]
    from_send = [(received[t] - sent[t]) * 1000 for t in returned if t in received]
    return {
        "clients": clients, "groups": groups, "rate": rate,
        "events_per_second": round(pushed_per_second, 1),
        "tickets_per_second": round(ticket_rate, 1), "tickets": len(returned),
        "delivered": len(from_return),
        "p50_ms": round(percentile(from_return, 50), 1),
        "p99_ms": round(percentile(from_return, 99), 1),
        "max_ms": round(max(from_return, default=float("nan")), 1),
        "p50_from_send_ms": round(percentile(from_send, 50), 1),
        "p99_from_send_ms": round(percentile(from_send, 99), 1),
        **breakdown,
        **threads,
        "generator_lag_ms": {"p50": round(percentile(lags, 50), 1),
                             "p99": round(percentile(lags, 99), 1)},
        **({"server_cpu_ms_per_ticket": round(server_cpu * 1000 / max(len(returned), 1), 2)}
           if server_cpu is not None else {}),
        "load_average": round(load, 1),
    }


PROFILE_RATE = 100


def py_spy(pid: int, out: Path, seconds: float) -> list[subprocess.Popen]:
    """Every thread of the server while the tickets are posted, twice at once: all samples
    (idle included) and those holding the GIL — whether the event loop's thread is running,
    in its poll, or waiting for the GIL (``bench/profile_threads.py``)."""
    out.mkdir(parents=True, exist_ok=True)
    spy = str(Path(sys.executable).with_name("py-spy"))
    return [subprocess.Popen([spy, "record", "-p", str(pid), "-d", str(int(seconds)),
                              "-r", str(PROFILE_RATE), "--threads", "--nonblocking", flag,
                              "-f", "raw", "-o", str(out / f"{name}.txt")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for name, flag in (("all", "--idle"), ("gil", "--gil"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--groups", type=int, default=0, help="default: one per 10 clients")
    parser.add_argument("--rate", type=float, default=60.0,
                        help="events per second pushed to the agents (three per ticket)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds between the last client connecting and the first ticket")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="py-spy the server while the tickets are posted (DIR/all.txt, every "
                        "thread, idle included, and DIR/gil.txt, GIL held)")
    args = parser.parse_args()
    groups = args.groups or max(1, args.clients // 10)
    with database() as url:
        seed(url, args.clients, groups)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
        try:
            figures = asyncio.run(run(server.base_url, args.clients, groups, args.rate,
                                      args.seconds, args.settle, server_pid=server.proc.pid,
                                      profile=args.profile))
        finally:
            server.stop()
    report(figures)


if __name__ == "__main__":
    main()
