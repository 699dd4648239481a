"""Two servers on one database: a client whose server goes away carries on with the other,
HTTP and live alike, and misses no event."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import PASSWORD, ServerProcess
from ticketdesk.client.net.live import LiveClient, LiveState
from ticketdesk.client.state import ClientSession


def test_a_client_fails_over_to_another_server_and_resumes(
    qtbot: QtBot, org, pg_url: str
) -> None:
    a = ServerProcess(pg_url).start()
    b = ServerProcess(pg_url).start()
    session = ClientSession(live=LiveClient(min_backoff_ms=100, max_backoff_ms=500))
    try:
        attempt = session.log_in(a.address, "as1", PASSWORD)
        with qtbot.waitSignal(attempt.succeeded, timeout=TIMEOUT_MS):
            pass
        assert {a.base_url, b.base_url} <= set(session.failover.servers)
        with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS):
            session.start(None)
        qtbot.waitUntil(lambda: session.live.state is LiveState.ONLINE, timeout=TIMEOUT_MS)

        a.stop()
        # Created while the client has no server: it must still arrive, once resumed.
        during = org.new_ticket("hl1", title="服务器切换期间")["id"]
        qtbot.waitUntil(lambda: session.api.base_url != a.base_url, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: session.live.state is LiveState.ONLINE, timeout=TIMEOUT_MS)
        after = org.new_ticket("hl1", title="切换之后")["id"]
        qtbot.waitUntil(
            lambda: {during, after} <= set(session.state.tickets), timeout=TIMEOUT_MS
        )
        # HTTP goes to the new server with the same session.
        reply = session.open_ticket(during)
        with qtbot.waitSignal(reply.succeeded, timeout=TIMEOUT_MS):
            pass
    finally:
        session.live.stop()
        qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)
        a.stop()
        b.stop()
