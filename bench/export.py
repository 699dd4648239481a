"""Export: every ticket of a large history to XLSX through the client's export module — the
rows streamed from the real server over HTTP (``GET /tickets/export``) in the worker, made by
the audit view's own row function, written by XlsxWriter in constant memory — timed, with
the memory the export added to the client process (peak RSS above what it used before).
Then the stream alone is read once more and timed (``stream_read_seconds``: the server's
part, with nothing decoded or written). Then the same for every event of the record
(``GET /events/export``, the audit view's events search with no filter: ``events_…``).

    python bench/export.py --tickets 100000
    python bench/export.py --tickets 100000 --events-per-ticket 2   # 200,000 events
    python bench/export.py --tickets 100000 --reuse   # keep the loaded database for next time
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import psutil
from push_latency import PASSWORD, seed
from search import load

from common import ServerProcess, database, kept_database, mark_loaded, report


def _login(base_url: str) -> str:
    request = urllib.request.Request(
        f"{base_url}/api/v1/auth/login",
        data=json.dumps({"username": "intake", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["token"]


def _get(base_url: str, token: str, path: str) -> list:
    request = urllib.request.Request(f"{base_url}/api/v1{path}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _read_stream(base_url: str, token: str, path: str) -> float:
    """Seconds to read the whole export stream and nothing else (the server's share)."""
    request = urllib.request.Request(f"{base_url}/api/v1{path}",
                                     headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        while response.read1(1 << 18):
            pass
    return time.perf_counter() - started


class PeakRss(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.02):
            self.peak = max(self.peak, self.process.memory_info().rss)


def export(base_url: str) -> dict:
    """The tickets' figures, and the events' as ``events_…``."""
    from PySide6.QtCore import QCoreApplication

    from ticketdesk.client.models.audit_rows import EVENTS, TICKETS
    from ticketdesk.client.state.audit import AuditSearch
    from ticketdesk.client.state.session import ClientSession
    from ticketdesk.common.models import GroupPublic, UserPublic

    app = QCoreApplication.instance() or QCoreApplication([])
    token = _login(base_url)
    session = ClientSession()
    session.api.set_server(base_url)
    session.api.token = token
    session.state.set_groups([GroupPublic.model_validate(g)
                              for g in _get(base_url, token, "/groups")])
    session.state.set_users([UserPublic.model_validate(u)
                             for u in _get(base_url, token, "/users")])
    figures: dict = {}
    for kind, prefix in ((TICKETS, ""), (EVENTS, "events_")):
        search = AuditSearch(session)
        search.kind, search.params = kind, {}  # what the view asks with no filter: everything
        figures.update({prefix + k: v for k, v in
                        _export_one(search, token, base_url, kind.stream.path).items()})
    del app
    return figures


def _export_one(search, token: str, base_url: str, path: str) -> dict:
    from PySide6.QtCore import QEventLoop

    from ticketdesk.client.export import ExportJob

    source = search.export_source()
    folder = tempfile.mkdtemp(prefix="td-export-")
    target = os.path.join(folder, "export.xlsx")
    sampler = PeakRss()
    baseline = sampler.peak
    sampler.start()
    job = ExportJob(source, target)
    loop = QEventLoop()
    outcome: list[str] = []
    job.finished.connect(lambda p: (outcome.append("ok"), loop.quit()))
    job.failed.connect(lambda m: (outcome.append(m), loop.quit()))
    started = time.perf_counter()
    job.start()
    loop.exec()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    job.wait()
    assert outcome == ["ok"], outcome
    size = os.path.getsize(target)
    os.remove(target)
    os.rmdir(folder)
    stream_seconds = _read_stream(base_url, token, path)
    return {"rows": job.rows, "seconds": round(seconds, 2),
            "stream_read_seconds": round(stream_seconds, 2),
            "rows_per_second": round(job.rows / seconds),
            "added_memory_mb": round(max(0, sampler.peak - baseline) / 2**20, 1),
            "file_mb": round(size / 2**20, 2)}


@contextmanager
def _fresh(name: str) -> Iterator[tuple[str, bool]]:
    with database(name) as url:
        yield url, False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--events-per-ticket", type=int, default=1,
                        help="events loaded per ticket (the events export's rows)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the loaded database (embedded: under ~/.cache) and export "
                             "from it again next time instead of loading anew")
    args = parser.parse_args()
    marker = {"tickets": args.tickets, "groups": args.groups, "agents": args.agents,
              "events_per_ticket": args.events_per_ticket}
    with (kept_database("ticketdesk_export_kept", marker) if args.reuse
          else _fresh("ticketdesk_export_bench")) as (url, loaded):
        if not loaded:
            seed(url, args.agents, args.groups)
            load(url, args.tickets, args.events_per_ticket, args.groups, args.agents)
            if args.reuse:
                mark_loaded(url, marker)
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start()
        try:
            figures = export(server.base_url)
        finally:
            server.stop()
    report({"tickets": args.tickets, **figures})


if __name__ == "__main__":
    main()
