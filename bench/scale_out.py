"""Scale-out: 1, 2, 4 and 8 server processes on one PostgreSQL on this machine — intake
tickets/s across all of them, push p99 when the agents listen on one server and tickets arrive
through another (the push crosses servers through NOTIFY), the PostgreSQL connections the
servers hold, and memory: the resident set (RSS) of each server process when idle, steady under
the intake load and at its peak, and PostgreSQL's own (the proportional set, PSS, of the
postmaster and all its processes, so shared buffers count once) when it runs on this machine.
On two cores more processes share the same CPU: the figures show the cost of coordination, not
the gain of more hardware (docs/deployment.md reads them for sizing).

    python bench/scale_out.py --servers 1,2,4,8 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import threading
import time

import intake
import psutil
import psycopg2
import push_latency

from common import ServerProcess, database, libpq_url, report

MB = 1_048_576


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


def postgres_processes(url: str) -> list[psutil.Process] | None:
    """The postmaster of ``url``'s server and all its processes, when that server runs on
    this machine (its postmaster's working directory is the data directory it reports);
    None for a server elsewhere, whose memory cannot be seen from here."""
    conn = psycopg2.connect(libpq_url(url))
    try:  # while the connection is open: its backend process exits with it
        with conn.cursor() as cur:
            cur.execute("SELECT pg_backend_pid(), current_setting('data_directory')")
            backend, data_directory = cur.fetchone()
        postmaster = psutil.Process(int(backend)).parent()
        if postmaster is None or os.path.realpath(postmaster.cwd()) != os.path.realpath(
            data_directory
        ):
            return None
        return [postmaster, *postmaster.children(recursive=True)]
    except (psutil.Error, OSError):
        return None
    finally:
        conn.close()


class MemorySampler(threading.Thread):
    """Samples the RSS of each server process (every 0.25 s) and PostgreSQL's PSS in all
    (every second: reading smaps costs more), tagged with the phase the bench is in."""

    def __init__(self, pids: list[int], url: str) -> None:
        super().__init__(daemon=True)
        self.processes = [psutil.Process(pid) for pid in pids]
        self.url = url
        self.phase = "idle"
        self.rss: dict[str, list[list[int]]] = {}
        """Per phase, per server process: the RSS samples in bytes."""
        self.pg: dict[str, list[int]] = {}
        self.pg_measurable = True
        self.done = threading.Event()

    def run(self) -> None:
        last_pg = 0.0
        while not self.done.wait(0.25):
            phase = self.phase
            rows = self.rss.setdefault(phase, [[] for _ in self.processes])
            for row, process in zip(rows, self.processes, strict=True):
                with contextlib.suppress(psutil.Error):  # a process that just exited
                    row.append(process.memory_info().rss)
            if self.pg_measurable and time.monotonic() - last_pg >= 1.0:
                last_pg = time.monotonic()
                self.pg.setdefault(phase, []).append(self._pg_pss())

    def _pg_pss(self) -> int:
        processes = postgres_processes(self.url)
        if processes is None:
            self.pg_measurable = False
            return 0
        total = 0
        for process in processes:
            with contextlib.suppress(psutil.Error):  # a backend that just exited
                total += process.memory_full_info().pss
        return total

    def figures(self) -> dict[str, object]:
        def per_process(phase: str, pick) -> list[float]:
            return [round(pick(row) / MB, 1) for row in self.rss.get(phase, []) if row]

        peak = [
            round(max(max(self.rss[ph][i]) for ph in self.rss if self.rss[ph][i]) / MB, 1)
            for i in range(len(self.processes))
        ]
        out: dict[str, object] = {
            "rss_mb_idle": per_process("idle", statistics.median),
            "rss_mb_steady": per_process("intake", statistics.median),
            "rss_mb_peak": peak,
        }
        if self.pg_measurable and self.pg:
            out["pg_pss_mb_idle"] = round(statistics.median(self.pg.get("idle", [0])) / MB, 1)
            out["pg_pss_mb_steady"] = round(statistics.median(self.pg.get("intake", [0])) / MB,
                                            1)
            out["pg_pss_mb_peak"] = round(max(max(v) for v in self.pg.values()) / MB, 1)
        else:
            out["pg_pss_mb_idle"] = out["pg_pss_mb_steady"] = out["pg_pss_mb_peak"] = None
        return out


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
        memory = MemorySampler([s.proc.pid for s in servers if s.proc], url)
        memory.start()
        load_before = os.getloadavg()[0]
        try:
            idle = _connections(url)
            time.sleep(args.idle_seconds)  # the idle footprint, after start-up settled
            memory.phase = "intake"
            load = asyncio.run(_intake(servers, args.clients, args.groups, args.seconds))
            memory.phase = "push"
            push = asyncio.run(push_latency.run(
                servers[-1].base_url, args.agents, args.groups, args.push_rate,
                args.push_seconds, settle=1.0, post_base=servers[0].base_url,
            ))
        finally:
            load_after = os.getloadavg()[0]
            peak.done.set()
            memory.done.set()
            peak.join()
            memory.join()
            for server in servers:
                server.stop()
    mem = memory.figures()
    return {
        "servers": count,
        "intake_tickets_per_second": load["tickets_per_second"],
        "intake_errors": load["errors"],
        "intake_p99_ms_worst_server": load["p99_ms_worst_server"],
        "push_p99_ms_across_servers": push["p99_ms"],
        "push_delivered": f"{push['delivered']}/{push['tickets']}",
        "pg_connections_idle": idle,
        "pg_connections_peak": max(peak.peak, idle),
        **mem,
        "load_average": f"{load_before:.1f}–{load_after:.1f}",
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
    parser.add_argument("--idle-seconds", type=float, default=3,
                        help="idle time measured after the servers started")
    args = parser.parse_args()
    rows = [measure(int(n), args) for n in args.servers.split(",")]
    figures: dict[str, object] = {"runs": rows}
    for row in rows:
        n = row["servers"]
        figures[f"intake_tps_{n}"] = row["intake_tickets_per_second"]
        figures[f"push_p99_ms_{n}"] = row["push_p99_ms_across_servers"]
        figures[f"pg_connections_{n}"] = row["pg_connections_peak"]
        # The largest process: the one holding the push phase's agents.
        figures[f"rss_mb_peak_{n}"] = max(row["rss_mb_peak"])
        figures[f"rss_mb_steady_{n}"] = max(row["rss_mb_steady"])
        figures[f"pg_pss_mb_peak_{n}"] = row["pg_pss_mb_peak"]
    report(figures)


if __name__ == "__main__":
    main()
