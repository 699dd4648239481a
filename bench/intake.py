"""Intake: `POST /api/v1/tickets` from C concurrent clients for a while — each ticket
validated, stored, evented, auto-assigned and pushed. Prints tickets/s and latency.

    python bench/intake.py --clients 32 --seconds 60            # as fast as it goes
    python bench/intake.py --clients 32 --seconds 30 --rate 200 # latency at a set rate
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import pg_limit
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--pg-limit-tps", type=float, default=None,
                        help="PostgreSQL's own INSERT+NOTIFY rate measured in the same run "
                        "(bench/pg_limit.py); measured here briefly when not given")
    args = parser.parse_args()
    with database() as url:
        seed(url, args.agents, args.groups)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"},
                               extra_args=["--workers", str(args.workers)]).start()
        try:
            figures = asyncio.run(run(server.base_url, args.clients, args.groups, args.seconds,
                                      args.rate))
        finally:
            server.stop()
    limit = args.pg_limit_tps or pg_limit.measure(args.clients, seconds=8)["insert_notify_tps"]
    report({**figures, "workers": args.workers, "pg_limit_tps": limit,
            "ratio_to_pg_limit": round(figures["tickets_per_second"] / limit, 3)})


if __name__ == "__main__":
    main()
