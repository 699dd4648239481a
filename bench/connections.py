"""Connections: N WebSocket clients held by one server process — its resident memory — and
one event fanned out to all of them (from the POST returning to the last client having it).

    python bench/connections.py --clients 1000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import time

import psutil
from push_latency import PASSWORD, seed
from rawhttp import Connection
from websockets.asyncio.client import connect

from common import ServerProcess, database, report


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
        status, data = await http.request("POST", "/api/v1/tickets",
                                          {"type": "misc", "title": f"广播 {n}", "group": 1},
                                          intake)
        returned = time.perf_counter()
        assert status == 201, data
        deadline = time.perf_counter() + 30
        while len(arrivals) < clients and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        fanouts.append((max(arrivals) - returned) * 1000 if len(arrivals) == clients
                       else float("nan"))
        await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    http.close()
    return {"clients": clients, "rss_mb": round(rss_mb, 1),
            "fanout_ms": round(statistics.median(fanouts), 1),
            "fanout_max_ms": round(max(fanouts), 1), "rounds": rounds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.clients * 2 + 512)), hard))
    with database() as url:
        # all agents in one group and offline: the created event goes to every one of them
        seed(url, args.clients, 1)
        from sqlalchemy import text

        from ticketdesk.server.store.database import make_engine

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
