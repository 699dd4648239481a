"""Connections: N WebSocket clients held by one server process — its resident memory — and
one event fanned out to all of them (from the POST returning to the last client having it).
With ``--resume-storm``: the server restarted under N connected clients, with ``--events``
committed while it was down — its peak memory and the time until every client has caught up.

    python bench/connections.py --clients 1000
    python bench/connections.py --resume-storm --clients 1000 --groups 50 --events 5000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
from push_latency import PASSWORD, seed
from rawhttp import Connection
from sqlalchemy import text
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from common import ServerProcess, database, percentile, report
from ticketdesk.server.store.database import make_engine


async def run(server: ServerProcess, clients: int, rounds: int) -> dict:
    host, port = "127.0.0.1", server.port
    http = Connection(host, port)
    tokens = []
    for a in range(1, clients + 1):
        status, data = await http.request("POST", "/api/v1/auth/login",
                                          {"username": f"agent{a}", "password": PASSWORD})
        assert status == 200, data
        tokens.append(json.loads(data)["token"])
    status, data = await http.request("POST", "/api/v1/auth/login",
                                      {"username": "intake", "password": PASSWORD})
    intake = {"Authorization": f"Bearer {json.loads(data)['token']}"}
    arrivals: list[float] = []  # this round's arrivals (rounds are apart, one ticket each)
    ready = asyncio.Event()
    connected = 0

    async def client(token: str) -> None:
        nonlocal connected
        async with connect(f"ws://{host}:{port}/api/v1/live",
                           additional_headers={"Authorization": f"Bearer {token}"},
                           ping_interval=None, max_size=2**22) as ws:
            await ws.recv()
            connected += 1
            if connected == clients:
                ready.set()
            async for raw in ws:
                if '"kind":"created"' in raw:  # no parsing: measure the server, not us
                    arrivals.append(time.perf_counter())

    tasks = []
    for start in range(0, clients, 100):  # connect in waves, as an office logs in
        tasks += [asyncio.create_task(client(t)) for t in tokens[start:start + 100]]
        await asyncio.sleep(0.2)
    await asyncio.wait_for(ready.wait(), 120)
    await asyncio.sleep(2)  # settle: heartbeats, buffers
    rss_mb = psutil.Process(server.proc.pid).memory_info().rss / 2**20
    fanouts = []
    for n in range(rounds):
        arrivals.clear()
        # From the request sent, not from its answer: the push can reach every client
        # before the 201 is read, and the figure must not go negative then.
        sent = time.perf_counter()
        status, data = await http.request("POST", "/api/v1/tickets",
                                          {"type": "misc", "title": f"广播 {n}", "group": 1},
                                          intake)
        assert status == 201, data
        deadline = time.perf_counter() + 30
        while len(arrivals) < clients and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        fanouts.append((max(arrivals) - sent) * 1000 if len(arrivals) == clients
                       else float("nan"))
        await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    http.close()
    return {"clients": clients, "rss_mb": round(rss_mb, 1),
            "fanout_ms": round(statistics.median(fanouts), 1),
            "fanout_max_ms": round(max(fanouts), 1), "rounds": rounds}


# ---------------------------------------------------------------- --resume-storm

_HEAD = re.compile(r'\{"type":"(?P<type>\w+)","cursor":"(?P<cursor>[0-9-]+)"'
                   r'(?:,"event":\{"id":\d+,"kind":"(?P<kind>\w+)")?')

def _profilers(out: Path | None, pids: dict[str, int]) -> list[subprocess.Popen]:
    """py-spy sampling each of ``pids`` into ``out/<name>.txt`` (collapsed stacks) until
    stopped; nothing when ``out`` is None or py-spy is not installed. With
    TICKETDESK_BENCH_SPEEDSCOPE=1, ``out/<name>.json`` instead: speedscope's format, idle
    samples included, so the samples in order are a timeline (``bench/profile_timeline.py``)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if out is None or not Path(spy).exists():
        return []
    out.mkdir(parents=True, exist_ok=True)
    timeline = os.environ.get("TICKETDESK_BENCH_SPEEDSCOPE") == "1"
    fmt, ext, extra = ("speedscope", "json", ["--idle"]) if timeline else ("raw", "txt", [])
    return [subprocess.Popen([spy, "record", "--format", fmt, *extra, "--nonblocking",
                              "--rate", "200", "-o", str(out / f"{name}.{ext}"),
                              "--pid", str(pid)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for name, pid in pids.items()]


def _stop(profilers: list[subprocess.Popen]) -> None:
    for proc in profilers:
        proc.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
    for proc in profilers:
        proc.wait(60)


async def storm(url: str, server: ServerProcess, clients: int, groups: int, events: int,
                profile: Path | None = None) -> dict:
    """Every client connected; the server goes down; ``events`` comments are committed
    through another server process meanwhile; the server comes back and every client resumes
    at once (with the desktop client's jittered backoff)."""
    from ticketdesk.client.net.backoff import LIVE_MAX_MS, LIVE_MIN_MS, Backoff

    host, port = "127.0.0.1", server.port
    http = Connection(host, port)
    tokens = []
    for a in range(1, clients + 1):
        status, data = await http.request("POST", "/api/v1/auth/login",
                                          {"username": f"agent{a}", "password": PASSWORD})
        assert status == 200, data
        tokens.append(json.loads(data)["token"])
    status, data = await http.request("POST", "/api/v1/auth/login",
                                      {"username": "intake", "password": PASSWORD})
    intake = {"Authorization": f"Bearer {json.loads(data)['token']}"}
    tickets = []  # one per group: ticket g is in group g
    for g in range(1, groups + 1):
        status, data = await http.request("POST", "/api/v1/tickets",
                                          {"type": "misc", "title": f"T{g}", "group": g}, intake)
        assert status == 201, data
        tickets.append(json.loads(data)["id"])
    http.close()

    received: list[set[int]] = [set() for _ in range(clients)]
    cursors: list[str | None] = [None] * clients
    hellos = [0] * clients
    out_of_order = 0
    attempts = 0
    stopped = False  # any hello after this is from the restarted server
    hello_back: list[float | None] = [None] * clients  # each client's first such hello
    need = [-1] * clients  # comments each client is owed (known once the writer is done)
    done_at: list[float | None] = [None] * clients  # when each had them all

    async def client(n: int) -> None:
        nonlocal attempts, out_of_order
        backoff = Backoff(LIVE_MIN_MS, LIVE_MAX_MS)  # the desktop client's
        while True:
            query = f"?cursor={cursors[n]}" if cursors[n] else ""
            try:
                attempts += 1
                # proxy=None: websockets would otherwise read the proxy variables of the
                # environment on every attempt (a tenth of this process in the profile).
                async with connect(f"ws://{host}:{port}/api/v1/live{query}",
                                   additional_headers={"Authorization": f"Bearer {tokens[n]}"},
                                   ping_interval=None, max_size=2**22, open_timeout=30,
                                   proxy=None) as ws:
                    last = (-1, -1)
                    async for raw in ws:
                        # The head of the message, not all of it: the bench's own clients
                        # share the two cores with the server they measure.
                        head = _HEAD.match(raw)
                        assert head is not None, raw[:200]
                        kind, cursor, event_kind = head.group("type", "cursor", "kind")
                        cursors[n] = cursor
                        if kind != "event":
                            hellos[n] += 1
                            backoff.reset()
                            if stopped and hello_back[n] is None:
                                hello_back[n] = time.perf_counter()
                            continue
                        xid, _, ident = cursor.partition("-")
                        at = (int(xid), int(ident))
                        out_of_order += at <= last  # a sequence going back: a duplicate
                        last = at
                        if event_kind == "commented":
                            received[n].add(at[1])
                            if len(received[n]) == need[n]:
                                done_at[n] = time.perf_counter()
            except (OSError, ConnectionClosed, TimeoutError, InvalidStatus):
                pass
            await asyncio.sleep(backoff.next_ms() / 1000)

    tasks = []
    for start in range(0, clients, 100):
        tasks += [asyncio.create_task(client(n)) for n in range(start, min(start + 100, clients))]
        await asyncio.sleep(0.2)
    deadline = time.monotonic() + 120
    while min(hellos) < 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert min(hellos) >= 1, "not every client connected"
    await asyncio.sleep(1)
    await asyncio.to_thread(server.stop)
    stopped = True

    writer = await asyncio.to_thread(ServerProcess(url).start, 120)  # a loaded machine
    down_started = time.perf_counter()
    try:
        conns = [Connection(host, writer.port) for _ in range(8)]

        async def write(k: int) -> None:
            for e in range(k, events, len(conns)):
                status, data = await conns[k].request(
                    "POST", f"/api/v1/tickets/{tickets[e % groups]}/comments",
                    {"body": f"停机期间的第 {e} 条"}, intake)
                assert status == 201, data

        await asyncio.gather(*(write(k) for k in range(len(conns))))
        for c in conns:
            c.close()
    finally:
        await asyncio.to_thread(writer.stop)
    down_s = time.perf_counter() - down_started

    engine = make_engine(url, pool_size=1)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT e.id, t.group_id FROM events e JOIN tickets t ON t.id = e.ticket_id "
            "WHERE e.kind = 'commented'")).all()
    engine.dispose()
    by_group: dict[int, set[int]] = {}
    for event_id, group_id in rows:
        by_group.setdefault(group_id, set()).add(event_id)
    expected = [by_group.get((n % groups) + 1, set()) for n in range(clients)]  # agent n+1
    for n in range(clients):
        need[n] = len(expected[n])

    peak = 0.0
    sampling = True

    def sample(pid: int) -> None:
        nonlocal peak
        proc = psutil.Process(pid)
        while sampling:
            with contextlib.suppress(psutil.Error):
                peak = max(peak, proc.memory_info().rss / 2**20)
            time.sleep(0.02)

    # 1,000 clients knocking while it starts: give it longer than a quiet start needs
    stopped_proc = server.proc
    starting = asyncio.create_task(asyncio.to_thread(server.start, 120))
    while server.proc is stopped_proc and not starting.done():
        await asyncio.sleep(0.005)
    # Sampled (and profiled) from its spawning: clients get in before /healthz answers.
    sampler = threading.Thread(target=sample, args=(server.proc.pid,), daemon=True)
    sampler.start()
    await asyncio.sleep(0.5)  # py-spy needs the interpreter up
    profilers = _profilers(profile, {"server": server.proc.pid, "clients": os.getpid()})
    await starting
    back = time.perf_counter()
    caught_up = back
    deadline = back + 120
    while time.perf_counter() < deadline:
        if all(expected[n] <= received[n] for n in range(clients)):
            caught_up = time.perf_counter()
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)
    sampling = False
    sampler.join()
    await asyncio.to_thread(_stop, profilers)
    for task in tasks:
        task.cancel()
    missed = sum(len(expected[n] - received[n]) for n in range(clients))
    # From the restarted server's first answer (a client's hello): clients knock while it
    # starts, and /healthz may answer only seconds after the first of them got in.
    returned = [t for t in hello_back if t is not None]
    start = min([back, *returned])
    reconnected = max(returned) if len(returned) == clients else float("nan")
    finished = [t for t in done_at if t is not None]

    def spread(times: list[float]) -> list[float]:
        """Quartiles and the last, in seconds from ``start``: when the clients got there."""
        if not times:
            return []
        return [round(percentile(times, p) - start, 2) for p in (25, 50, 75, 100)]

    return {"clients": clients, "groups": groups, "storm_events": events,
            "events_per_client": round(sum(map(len, expected)) / clients, 1),
            "server_down_s": round(down_s, 1),
            "storm_rss_mb": round(peak, 1),
            "storm_catch_up_s": round(caught_up - start, 2) if missed == 0 else float("nan"),
            "storm_catch_up_after_healthz_s": round(caught_up - back, 2),
            "storm_healthz_after_first_hello_s": round(back - start, 2),
            "storm_all_reconnected_s": round(reconnected - start, 2),
            "storm_missed": missed, "storm_out_of_order": out_of_order,
            "connect_attempts": attempts,
            "storm_hello_quartiles_s": spread(returned),
            "storm_done_quartiles_s": spread(finished)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--resume-storm", action="store_true",
                        help="measure a restart under connected clients instead")
    parser.add_argument("--groups", type=int, default=50, help="(storm) agents' groups")
    parser.add_argument("--events", type=int, default=5000,
                        help="(storm) comments committed while the server is down")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="(storm) py-spy the restarted server and these clients during "
                             "catch-up into DIR/server.txt and DIR/clients.txt")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.clients * 2 + 512)), hard))
    if args.resume_storm:
        with database() as url:
            seed(url, args.clients, args.groups)
            server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
            try:
                figures = asyncio.run(storm(url, server, args.clients, args.groups, args.events,
                                           args.profile))
            finally:
                server.stop()
        report(figures)
        return
    with database() as url:
        # all agents in one group and offline: the created event goes to every one of them
        seed(url, args.clients, 1)
        engine = make_engine(url, pool_size=1)
        with engine.begin() as conn:
            conn.execute(text("UPDATE users SET presence = 'offline'"))
        engine.dispose()
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
        try:
            figures = asyncio.run(run(server, args.clients, args.rounds))
        finally:
            server.stop()
    report(figures)


if __name__ == "__main__":
    main()
