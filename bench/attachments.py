"""Attachments: N concurrent uploads of M MiB each (default 20 × 20 MiB) to one server, then
the same files downloaded concurrently — throughput both ways, and the server process's
peak resident memory above what it used before (target: growth under 100 MB for 20 × 20
MiB: the files are streamed into PostgreSQL in pieces, never held whole).

    python bench/attachments.py                       # 20 × 20 MiB
    python bench/attachments.py --uploads 2 --mib 1   # tiny (the test suite's run)
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil

from common import ServerProcess, database, report
from tests.support import PASSWORD, make_admin

PIECE = 1 << 20


class PeakRss(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.baseline = self.peak = self.process.memory_info().rss
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def growth_mb(self) -> float:
        self.done.set()
        self.join()
        return round((self.peak - self.baseline) / 2**20, 1)


def _setup(base_url: str, url: str) -> tuple[str, int]:
    admin = make_admin(base_url, url)
    group = admin.ok("POST", "/groups", {"name": "售后"}, status=201)["id"]
    admin.ok("POST", "/users", {"username": "agent", "display_name": "李娜", "role": "agent",
                                "password": PASSWORD}, status=201)
    admin.ok("POST", "/ticket-types", {"key": "note", "name": "备注", "default_group": group,
                                       "fields": []}, status=201)
    ticket = admin.ok("POST", "/tickets", {"type": "note", "title": "附件压测", "fields": {}},
                      status=201)
    return admin.token or "", ticket["id"]


def _body(mib: int, seed: bytes):
    # A PNG's signature, then pieces of random bytes (nothing compresses): made as sent, so
    # the benchmark's own memory does not hold twenty files.
    yield b"\x89PNG\r\n\x1a\n" + seed[: PIECE - 8]
    for n in range(1, mib):
        yield seed[n % 7:] + seed[: n % 7]


def run(base_url: str, token: str, ticket_id: int, *, uploads: int, mib: int,
        pid: int) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"}
    seed = os.urandom(PIECE)
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=300, headers=headers,
                      limits=httpx.Limits(max_connections=uploads)) as http:
        # Warm up (first request of its kind, thread pool) before the baseline is taken.
        http.post(f"/tickets/{ticket_id}/attachments", params={"name": "warm.png"},
                  content=_body(1, seed)).raise_for_status()
        load_before = os.getloadavg()
        watch = PeakRss(pid)
        watch.start()

        def send(n: int) -> int:
            r = http.post(f"/tickets/{ticket_id}/attachments", params={"name": f"{n}.png"},
                          content=_body(mib, seed))
            assert r.status_code == 201, r.text
            return r.json()["id"]

        started = time.perf_counter()
        with ThreadPoolExecutor(uploads) as pool:
            ids = list(pool.map(send, range(uploads)))
        up_seconds = time.perf_counter() - started

        def fetch(attachment_id: int) -> int:
            size = 0
            with http.stream("GET", f"/tickets/{ticket_id}/attachments/{attachment_id}") as r:
                for chunk in r.iter_bytes(PIECE):
                    size += len(chunk)
            return size

        started = time.perf_counter()
        with ThreadPoolExecutor(uploads) as pool:
            sizes = list(pool.map(fetch, ids))
        down_seconds = time.perf_counter() - started
        growth = watch.growth_mb()
        load_after = os.getloadavg()
    total_mb = uploads * mib * PIECE / 2**20
    assert sizes == [mib * PIECE] * uploads, sizes
    return {
        "uploads": uploads, "mib_each": mib,
        "upload_seconds": round(up_seconds, 2),
        "upload_mib_per_second": round(total_mb / up_seconds, 1),
        "download_seconds": round(down_seconds, 2),
        "download_mib_per_second": round(total_mb / down_seconds, 1),
        "server_peak_growth_mb": growth,
        "server_baseline_mb": round(watch.baseline / 2**20, 1),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--mib", type=int, default=20)
    args = parser.parse_args()
    with database("ticketdesk_attachments_bench") as url:
        # The limit as configured by default (20 MiB): a larger --mib raises it to fit.
        env = {"TICKETDESK_PRESENCE_GRACE_SECONDS": "0", "TICKETDESK_PASSWORD_PROFILE": "fast",
               "TICKETDESK_ATTACHMENT_MAX_BYTES": str(max(args.mib, 20) * PIECE)}
        server = ServerProcess(url, env=env).start()
        try:
            token, ticket_id = _setup(server.base_url, url)
            assert server.proc is not None
            figures = run(server.base_url, token, ticket_id, uploads=args.uploads,
                          mib=args.mib, pid=server.proc.pid)
        finally:
            server.stop()
    report(figures)


if __name__ == "__main__":
    main()
