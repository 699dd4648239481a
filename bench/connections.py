"""Connections: N WebSocket clients held by one server process — its resident memory — and
one event fanned out to all of them (from the POST being sent to the first, the median, the
99th percentile and the last client having it), at each of ``--stages`` on the way to N.
The clients are held by a lean load generator (``wsload.py``: raw asyncio protocols in
``--workers`` processes) and log in as the desktop client does, with tokens written in bulk.
With ``--resume-storm``: the server restarted under N connected clients, with ``--events``
committed while it was down — its peak memory and the time until every client has caught up.

    python bench/connections.py --clients 1000
    python bench/connections.py --clients 10000 --stages 1000,5000 --rounds 5
    python bench/connections.py --resume-storm --clients 1000 --groups 50 --events 5000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import wsload
from push_latency import PASSWORD, seed
from rawhttp import Connection
from sqlalchemy import text
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from common import ServerProcess, database, percentile, report
from ticketdesk.server.services import auth
from ticketdesk.server.store.database import make_engine


def bulk_tokens(url: str, clients: int) -> list[str]:
    """A login session for each agent, written straight into the sessions table as a login
    writes it (only the token's SHA-256 is stored): 10,000 password checks over HTTP would
    take minutes and measure the login, not the connections."""
    tokens = [secrets.token_urlsafe(32) for _ in range(clients)]
    names = [f"agent{a}" for a in range(1, clients + 1)]
    engine = make_engine(url, pool_size=1)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO sessions (token_hash, user_id, expires_at, client_addr) "
            "SELECT t.h, u.id, now() + interval '1 day', '127.0.0.1' "
            "FROM unnest(CAST(:hashes AS text[]), CAST(:names AS text[])) AS t(h, name) "
            "JOIN users u ON u.username = t.name"),
            {"hashes": [auth.token_digest(t) for t in tokens], "names": names})
    engine.dispose()
    return tokens


def _round_figures(arrivals: list[float], sent: float, expected: int) -> dict[str, float]:
    """When the clients had the event, in ms from the POST being sent."""
    times = sorted((t - sent) * 1000 for t in arrivals)
    return {"first_ms": times[0] if times else math.nan,
            "p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99),
            "last_ms": times[-1] if len(times) >= expected else math.nan,
            "missed": expected - len(times)}


async def run(server: ServerProcess, fleet: wsload.Fleet, stages: list[int], rounds: int,
              connect_rate: float, event: str, profile: Path | None) -> dict:
    """``event``: each round a new ticket in the clients' group (``created``: the engine
    then also runs a round over the group's members), or a comment on one ticket of that
    group (``commented``: the push alone)."""
    host, port = "127.0.0.1", server.port
    http = Connection(host, port)
    status, data = await http.request("POST", "/api/v1/auth/login",
                                      {"username": "intake", "password": PASSWORD})
    assert status == 200, data
    intake = {"Authorization": f"Bearer {json.loads(data)['token']}"}
    target = None  # the ticket commented on, with --event commented
    if event == "commented":
        status, data = await http.request(
            "POST", "/api/v1/tickets", {"type": "misc", "title": "fanout", "group": 1}, intake)
        assert status == 201, data
        target = json.loads(data)["id"]
    server_proc = psutil.Process(server.proc.pid)
    idle_rss = server_proc.memory_info().rss / 2**20
    rows = []
    round_no = 0
    opened = 0
    for stage in stages:
        began = time.perf_counter()
        # a generous bound: the office logs in at ``connect_rate``, the machine is shared
        state = await fleet.open(stage, timeout=120 + 5 * (stage - opened) / connect_rate)
        connect_s = time.perf_counter() - began
        opened = stage
        assert state["ready"] == stage, f"{state['ready']} of {stage} clients connected: {state}"
        await asyncio.sleep(3)  # settle: the hub's heartbeat, pings, buffers
        rss_mb = server_proc.memory_info().rss / 2**20
        # A fresh connection for the rounds: the last one sat idle past the server's
        # keep-alive while the clients connected.
        http.close()
        http = Connection(host, port)
        profilers = _profilers(profile, {f"fanout_{stage}": server.proc.pid}) \
            if stage == stages[-1] else []
        if profilers:
            await asyncio.sleep(1)  # py-spy attached
        per_round = []
        for _ in range(rounds):
            round_no += 1
            fleet.start_round(round_no, timeout=30)
            cpu = server_proc.cpu_times()
            # From the request sent, not from its answer: the push can reach every client
            # before the 201 is read, and the figure must not go negative then.
            sent = time.perf_counter()
            if event == "created":
                status, data = await http.request(
                    "POST", "/api/v1/tickets",
                    {"type": "misc", "title": wsload.marker(round_no), "group": 1}, intake)
            else:
                status, data = await http.request(
                    "POST", f"/api/v1/tickets/{target}/comments",
                    {"body": wsload.marker(round_no)}, intake)
            assert status == 201, data
            arrivals = await fleet.round_arrivals()
            after = server_proc.cpu_times()
            per_round.append({**_round_figures(arrivals, sent, stage),
                              "server_cpu_ms": ((after.user + after.system)
                                                - (cpu.user + cpu.system)) * 1000})
            await asyncio.sleep(0.5)
        await asyncio.to_thread(_stop, profilers)
        state = await fleet.stats()

        def median(key: str, rounds_: list[dict] = per_round) -> float:
            return round(statistics.median(r[key] for r in rounds_), 1)

        rows.append({"clients": stage, "rss_mb": round(rss_mb, 1),
                     "connect_s": round(connect_s, 1),
                     "fanout_ms": median("last_ms"),
                     "fanout_max_ms": round(max(r["last_ms"] for r in per_round), 1),
                     "first_ms": median("first_ms"), "p50_ms": median("p50_ms"),
                     "p99_ms": median("p99_ms"), "server_cpu_ms": median("server_cpu_ms"),
                     "missed": sum(r["missed"] for r in per_round),
                     "dropped": state["dropped"], "out_of_order": state["out_of_order"]})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # progress, for long runs
    state = await fleet.stop()
    http.close()
    last = rows[-1]
    # Between the first and last stage when there are two (what one more client costs once
    # the process is warm), else over the idle process: never NaN, which is not JSON.
    base_mb, base_clients = ((rows[0]["rss_mb"], rows[0]["clients"]) if len(rows) > 1
                             else (idle_rss, 0))
    per_client_kb = (last["rss_mb"] - base_mb) * 1024 / (last["clients"] - base_clients)
    return {"clients": last["clients"], "rss_mb": last["rss_mb"],
            "fanout_ms": last["fanout_ms"], "fanout_max_ms": last["fanout_max_ms"],
            "first_ms": last["first_ms"], "p50_ms": last["p50_ms"], "p99_ms": last["p99_ms"],
            "server_cpu_ms": last["server_cpu_ms"], "idle_rss_mb": round(idle_rss, 1),
            "kb_per_client": round(per_client_kb, 1),
            "missed": sum(r["missed"] for r in rows), "dropped": state["dropped"],
            "out_of_order": state["out_of_order"], "connect_failures": state["failed"],
            "connect_timeouts": state["timed_out"], "connect_refused": state["refused"],
            "close_codes": state["close_codes"], "rounds": rounds, "event": event,
            "stack": _server_stack(server.proc.pid), "stages": rows}


def _server_stack(pid: int) -> str:
    """The event loop and HTTP parser the server process runs, from the extension modules it
    has loaded (uvicorn's ``auto`` takes uvloop and httptools when they are importable)."""
    with contextlib.suppress(psutil.Error):
        paths = {m.path for m in psutil.Process(pid).memory_maps()}
        loop = "uvloop" if any("/uvloop/" in p for p in paths) else "asyncio"
        parser = "httptools" if any("/httptools/" in p for p in paths) else "h11"
        return f"{parser} + {loop}"
    return "?"


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


def raise_file_limit(clients: int) -> None:
    """Every WebSocket is a file descriptor in the server and one in the load generator;
    the soft limit is often 1,024. Raised (up to the hard limit) in this process, and so in
    the server and the workers it starts, which inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = clients + 1024
    if hard != resource.RLIM_INFINITY and hard < want:
        raise SystemExit(f"{clients} clients need {want} file descriptors; the hard limit is "
                         f"{hard} (raise it: ulimit -Hn, or LimitNOFILE= in systemd)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), hard))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--stages", default="",
                        help="comma-separated client counts measured on the way to --clients, "
                             "e.g. 1000,5000")
    parser.add_argument("--rounds", type=int, default=7, help="events fanned out per stage")
    parser.add_argument("--workers", type=int, default=2,
                        help="load generator processes holding the clients")
    parser.add_argument("--connect-rate", type=float, default=500,
                        help="new connections a second (an office logging in)")
    parser.add_argument("--event", choices=["created", "commented"], default="created",
                        help="what is fanned out: a new ticket in the clients' group (the "
                             "engine runs a round over its members too), or a comment")
    parser.add_argument("--resume-storm", action="store_true",
                        help="measure a restart under connected clients instead")
    parser.add_argument("--groups", type=int, default=50, help="(storm) agents' groups")
    parser.add_argument("--events", type=int, default=5000,
                        help="(storm) comments committed while the server is down")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="py-spy the server into DIR: during the last stage's fan-outs "
                             "(DIR/fanout_N.txt); with --resume-storm, the restarted server "
                             "and these clients during catch-up (DIR/server.txt, clients.txt)")
    args = parser.parse_args()
    raise_file_limit(args.clients)
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
    stages = sorted({int(n) for n in args.stages.split(",") if n.strip()} - {0})
    stages = [n for n in stages if n < args.clients] + [args.clients]
    with database() as url:
        # all agents in one group and offline: the created event goes to every one of them
        seed(url, args.clients, 1)
        engine = make_engine(url, pool_size=1)
        with engine.begin() as conn:
            conn.execute(text("UPDATE users SET presence = 'offline'"))
        engine.dispose()
        tokens = bulk_tokens(url, args.clients)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
        fleet = wsload.Fleet("127.0.0.1", server.port, tokens, workers=args.workers,
                             connect_rate=args.connect_rate, kind=args.event)
        try:
            figures = asyncio.run(run(server, fleet, stages, args.rounds, args.connect_rate,
                                      args.event, args.profile))
        finally:
            for proc in fleet.procs:
                proc.kill()
            server.stop()
    report(figures)


if __name__ == "__main__":
    main()
