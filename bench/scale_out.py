"""Scale-out: 1, 2, 4 and 8 server processes on one PostgreSQL on this machine — intake
tickets/s across all of them, push p99 when the agents listen on one server and tickets arrive
through another (the push crosses servers through NOTIFY), and the PostgreSQL connections the
servers hold. On two cores more processes share the same CPU: the figures show the cost of
coordination, not the gain of more hardware (docs/deployment.md reads them for sizing).

    python bench/scale_out.py --servers 1,2,4,8 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import threading

import intake
import psycopg2
import push_latency

from common import ServerProcess, database, libpq_url, report


def _connections(url: str) -> int:
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name LIKE 'ticketdesk%'"
            )
            return int(cur.fetchone()[0])
    finally:
        conn.close()


class PeakConnections(threading.Thread):
    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.peak, self.done = url, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max(self.peak, _connections(self.url))


async def _intake(servers: list[ServerProcess], clients: int, groups: int, seconds: float
                  ) -> dict:
    share = max(1, clients // len(servers))
    results = await asyncio.gather(*(
        intake.run(s.base_url, share, groups, seconds, None) for s in servers
    ))
    return {
        "tickets_per_second": round(sum(r["tickets_per_second"] for r in results), 1),
        "errors": sum(r["errors"] for r in results),
        "p99_ms_worst_server": max(r["p99_ms"] for r in results),
    }


def measure(count: int, args: argparse.Namespace) -> dict:
    with database(f"ticketdesk_scale_{count}") as url:
        push_latency.seed(url, args.agents, args.groups)
        env = {"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}
        servers = [ServerProcess(url, env=env).start() for _ in range(count)]
        peak = PeakConnections(url)
        peak.start()
        try:
            idle = _connections(url)
            load = asyncio.run(_intake(servers, args.clients, args.groups, args.seconds))
            push = asyncio.run(push_latency.run(
                servers[-1].base_url, args.agents, args.groups, args.push_rate,
                args.push_seconds, settle=1.0, post_base=servers[0].base_url,
            ))
        finally:
            peak.done.set()
            peak.join()
            for server in servers:
                server.stop()
    return {
        "servers": count,
        "intake_tickets_per_second": load["tickets_per_second"],
        "intake_errors": load["errors"],
        "intake_p99_ms_worst_server": load["p99_ms_worst_server"],
        "push_p99_ms_across_servers": push["p99_ms"],
        "push_delivered": f"{push['delivered']}/{push['tickets']}",
        "pg_connections_idle": idle,
        "pg_connections_peak": max(peak.peak, idle),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--servers", default="1,2,4,8", help="process counts to measure")
    parser.add_argument("--clients", type=int, default=32, help="intake connections in all")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--push-rate", type=float, default=150.0, help="events/s")
    parser.add_argument("--push-seconds", type=float, default=5)
    args = parser.parse_args()
    rows = [measure(int(n), args) for n in args.servers.split(",")]
    figures: dict[str, object] = {"runs": rows}
    for row in rows:
        n = row["servers"]
        figures[f"intake_tps_{n}"] = row["intake_tickets_per_second"]
        figures[f"push_p99_ms_{n}"] = row["push_p99_ms_across_servers"]
        figures[f"pg_connections_{n}"] = row["pg_connections_peak"]
    report(figures)


if __name__ == "__main__":
    main()
