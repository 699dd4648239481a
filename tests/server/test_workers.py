"""``run --workers N``: worker processes on one port behave as several servers on one
database — any of them answers, and live events cross between them."""

import psutil

from tests.server.live.test_live import events_until, live, receive
from tests.support import Api, ServerProcess


def test_worker_processes_share_the_port_and_the_live_feed(org, pg_url):
    server = ServerProcess(pg_url, extra_args=["--workers", "2"]).start()
    try:
        workers = [p for p in psutil.Process(server.proc.pid).children()
                   if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2
        sup = Api(server.base_url, org.as_("sup").token)
        with live(sup) as ws:
            receive(ws)
            created = [Api(server.base_url, org.as_("hl1").token).ok(
                "POST", "/tickets", {"type": "refund", "title": f"并发 {n}", "fields": {
                    "order_no": "TD1", "amount": 1, "reason": "其他"}}, status=201)["id"]
                for n in range(20)]
            seen = {m["event"]["ticket_id"] for m in events_until(
                ws, lambda m: m["event"]["kind"] == "queued"
                and m["event"]["ticket_id"] == created[-1])}
        assert set(created) <= seen
    finally:
        server.stop()
    assert not any(w.is_running() for w in workers)
