"""Intake: `POST /api/v1/tickets` from C concurrent clients for a while — each ticket
validated, stored, evented, auto-assigned and pushed. Prints tickets/s and latency.

    python bench/intake.py --clients 32 --seconds 60            # as fast as it goes
    python bench/intake.py --clients 32 --seconds 30 --rate 200 # latency at a set rate
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pg_limit
import psutil
from push_latency import PASSWORD, seed
from rawhttp import Connection

from common import ServerProcess, database, percentile, report


async def run(base: str, clients: int, groups: int, seconds: float, rate: float | None) -> dict:
    host, port = base.removeprefix("http://").split(":")
    login = Connection(host, int(port))
    status, data = await login.request("POST", "/api/v1/auth/login",
                                       {"username": "intake", "password": PASSWORD})
    assert status == 200, data
    headers = {"Authorization": f"Bearer {json.loads(data)['token']}"}
    login.close()
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(clients):
        pool.put_nowait(Connection(host, int(port)))
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    counter = 0

    async def one(n: int) -> None:
        nonlocal errors
        body = {"type": "misc", "title": f"来电工单 {n}", "group": 1 + n % groups}
        conn = await pool.get()
        start = time.perf_counter()
        try:
            status, _ = await conn.request("POST", "/api/v1/tickets", body, headers)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            status = 0
        finally:
            if n % 50 == 0:
                # Reconnect now and then, as many real clients would, so the kernel spreads
                # connections over all worker processes instead of the first to accept.
                conn.close()
                conn = Connection(host, int(port))
            pool.put_nowait(conn)
        if status == 201:
            latencies.append((time.perf_counter() - start) * 1000)
        else:
            errors += 1

    async def closed_loop() -> None:
        nonlocal counter
        while time.perf_counter() < stop_at:
            counter += 1
            await one(counter)

    began = time.perf_counter()
    if rate is None:
        await asyncio.gather(*(closed_loop() for _ in range(clients)))
    else:
        pending = []
        n = 0
        while time.perf_counter() < stop_at:
            await asyncio.sleep(max(0.0, began + n / rate - time.perf_counter()))
            pending.append(asyncio.create_task(one(n)))
            n += 1
        await asyncio.gather(*pending)
    elapsed = time.perf_counter() - began
    return {
        "clients": clients, "seconds": round(elapsed, 1), "rate": rate,
        "tickets": len(latencies), "errors": errors,
        "tickets_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }


class CpuMeter:
    """CPU seconds used by the server's processes and by PostgreSQL's (the postmaster and
    its backends) between ``start`` and ``stop``: per ticket it moves far less with the
    machine's load than tickets/s does, so it is the figure to compare under noise."""

    def __init__(self, server_pid: int, url: str) -> None:
        import psycopg2

        from common import libpq_url

        with psycopg2.connect(libpq_url(url)) as conn, conn.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            backend = cur.fetchone()[0]
        self.postmaster = psutil.Process(backend).parent()
        self.server = psutil.Process(server_pid)
        self.before: dict[int, float] = {}

    @staticmethod
    def _cpu(procs: list[psutil.Process]) -> dict[int, float]:
        out = {}
        for proc in procs:
            try:
                t = proc.cpu_times()
                out[proc.pid] = t.user + t.system
            except psutil.Error:
                pass
        return out

    def _procs(self) -> tuple[list[psutil.Process], list[psutil.Process]]:
        server = [self.server, *self.server.children(recursive=True)]
        return server, [self.postmaster, *self.postmaster.children()]

    def start(self) -> None:
        server, pg = self._procs()
        self.before = {**self._cpu(server), **self._cpu(pg)}

    def stop(self) -> tuple[float, float]:
        """(server CPU seconds, PostgreSQL CPU seconds) since ``start``; a backend that
        ended meanwhile is not counted (the server's pool keeps its connections)."""
        server, pg = self._procs()
        used = [sum(now - self.before.get(pid, 0.0) for pid, now in self._cpu(procs).items())
                for procs in (server, pg)]
        return used[0], used[1]


def _profiler(pid: int, out: Path | None, seconds: float) -> subprocess.Popen | None:
    """py-spy sampling the server while the load runs (where its Python CPU goes):
    ``bench/profile_summary.py OUT`` summarizes it."""
    if out is None:
        return None
    py_spy = str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen([py_spy, "record", "-p", str(pid), "-d", str(int(seconds)),
                             "-r", "100", "--gil", "-f", "raw", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="py-spy profile of the server during the load (folded, GIL only)")
    parser.add_argument("--pg-limit-tps", type=float, default=None,
                        help="PostgreSQL's own INSERT+NOTIFY rate measured in the same run "
                        "(bench/pg_limit.py); measured here briefly when not given")
    args = parser.parse_args()
    with database() as url:
        seed(url, args.agents, args.groups)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"},
                               extra_args=["--workers", str(args.workers)]).start()
        try:
            meter = CpuMeter(server.proc.pid, url)
            profiler = _profiler(server.proc.pid, args.profile, args.seconds)
            meter.start()
            own = psutil.Process().cpu_times()
            figures = asyncio.run(run(server.base_url, args.clients, args.groups, args.seconds,
                                      args.rate))
            server_cpu, pg_cpu = meter.stop()
            done = psutil.Process().cpu_times()
            client_cpu = done.user + done.system - own.user - own.system
            if profiler is not None:
                profiler.wait(timeout=60)
        finally:
            server.stop()
    tickets = max(figures["tickets"], 1)
    figures["server_cpu_ms_per_ticket"] = round(server_cpu * 1000 / tickets, 2)
    figures["postgresql_cpu_ms_per_ticket"] = round(pg_cpu * 1000 / tickets, 2)
    # The load generator's own share of the two cores (this process: the 32 clients).
    figures["client_cpu_ms_per_ticket"] = round(client_cpu * 1000 / tickets, 2)
    figures["load_average"] = round(psutil.getloadavg()[0], 1)
    limit = args.pg_limit_tps or pg_limit.measure(args.clients, seconds=8)["insert_notify_tps"]
    report({**figures, "workers": args.workers, "pg_limit_tps": limit,
            "ratio_to_pg_limit": round(figures["tickets_per_second"] / limit, 3)})


if __name__ == "__main__":
    main()
