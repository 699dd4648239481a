"""Pooled connections that PostgreSQL ended while they sat idle (an administrator, a
firewall, a failover) are replaced before use: the next requests succeed, none sees a 503."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.support import Api, ServerProcess, raw_cursor


def _end_idle_pooled_connections(pg_url: str, server: ServerProcess) -> list[int]:
    # A server names its connections after its URL (see server/public_url.py).
    with raw_cursor(pg_url) as cur:
        cur.execute(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s "
            "AND state = 'idle' AND query NOT ILIKE 'LISTEN%%'",
            (f"ticketdesk@{server.base_url}",),
        )
        return [pid for pid, ended in cur.fetchall() if ended]


def _wait_until_gone(pg_url: str, pids: list[int]) -> None:
    with raw_cursor(pg_url) as cur:
        for _ in range(200):
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (pids,))
            if cur.fetchone()[0] == 0:
                return
            time.sleep(0.01)
    raise AssertionError(f"backends {pids} still there")


def test_requests_after_idle_connections_were_ended_succeed(admin, pg_url):
    # A server of its own whose engine rounds stay quiet, and requests right after the
    # connections ended (well before any would be pinged for idleness): otherwise a round or
    # the live feed's poll could meet a dead connection first and renew the whole pool.
    quiet = ServerProcess(pg_url, env={"TICKETDESK_DISPATCH_TICK_SECONDS": "600"}).start()
    try:
        api = Api(quiet.base_url, admin.token)

        def list_tickets(_: int) -> int:
            return api.get("/tickets").status_code

        with ThreadPoolExecutor(8) as pool:  # several connections into the pool
            assert set(pool.map(list_tickets, range(16))) == {200}
            ended = _end_idle_pooled_connections(pg_url, quiet)
            assert ended, "no idle pooled connection to end"
            _wait_until_gone(pg_url, ended)
            answers = list(pool.map(list_tickets, range(16)))
        assert answers == [200] * 16
        assert api.ok("POST", "/groups", {"name": "售后"}, status=201)["name"] == "售后"
    finally:
        quiet.stop()
