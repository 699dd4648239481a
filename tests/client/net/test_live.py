"""LiveClient against real server processes: events, refusals, drops and resuming."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import ServerProcess
from ticketdesk.client.net.live import LiveClient, LiveState
from ticketdesk.common.models import LiveMessage


@pytest.fixture
def live(qtbot: QtBot) -> Iterator[LiveClient]:
    client = LiveClient(min_backoff_ms=100, max_backoff_ms=500)
    yield client
    client.stop()


def _collect(live: LiveClient) -> list[LiveMessage]:
    received: list[LiveMessage] = []
    live.event_received.connect(received.append)
    return received


def _online(qtbot: QtBot, live: LiveClient) -> None:
    qtbot.waitUntil(lambda: live.state is LiveState.ONLINE, timeout=TIMEOUT_MS)


def test_receives_events_with_the_ticket(
    qtbot: QtBot, org, server: ServerProcess, live: LiveClient
) -> None:
    received = _collect(live)
    states: list[str] = []
    live.state_changed.connect(states.append)
    with qtbot.waitSignal(live.reload_needed, timeout=TIMEOUT_MS):
        live.start(server.base_url, org.as_("as1").token)
    assert states == ["connecting", "online"]
    ticket = org.new_ticket()
    qtbot.waitUntil(lambda: len(received) >= 2, timeout=TIMEOUT_MS)
    assert [m.event.kind for m in received] == ["created", "queued"]
    assert received[-1].ticket is not None
    assert received[-1].ticket.id == ticket["id"]
    assert live.cursor == received[-1].cursor


def test_bad_token_stops(qtbot: QtBot, server: ServerProcess, live: LiveClient) -> None:
    with qtbot.waitSignal(live.unauthorized, timeout=TIMEOUT_MS):
        live.start(server.base_url, "not-a-token")
    assert live.state is LiveState.OFFLINE
    assert live.connections == 0


def test_refused_cursor_starts_afresh(
    qtbot: QtBot, org, server: ServerProcess, live: LiveClient
) -> None:
    with qtbot.waitSignal(live.reload_needed, timeout=TIMEOUT_MS):
        live.start(server.base_url, org.as_("as1").token, cursor="garbage")
    assert live.state is LiveState.ONLINE
    assert live.cursor != "garbage"


def test_duplicates_are_dropped(qtbot: QtBot, org, server: ServerProcess, live: LiveClient) -> None:
    received = _collect(live)
    with qtbot.waitSignal(live.reload_needed, timeout=TIMEOUT_MS):
        live.start(server.base_url, org.as_("as1").token)
    start = live.cursor
    org.new_ticket()
    qtbot.waitUntil(lambda: len(received) == 2, timeout=TIMEOUT_MS)
    # Resume from before those events: the server replays them, the client drops them.
    live.cursor = start
    live.drop_connection()
    qtbot.waitUntil(lambda: live.connections == 2, timeout=TIMEOUT_MS)
    org.new_ticket()
    qtbot.waitUntil(lambda: len(received) == 4, timeout=TIMEOUT_MS)
    ids = [m.event.id for m in received]
    assert len(set(ids)) == len(ids) == 4


def test_resumes_after_the_server_goes_away(
    qtbot: QtBot, org, pg_url: str, live: LiveClient
) -> None:
    """A second server process on the same database: stop it while the client is connected,
    make changes through the first, start it again; the client resumes with every event."""
    second = ServerProcess(pg_url).start()
    try:
        received = _collect(live)
        reloads: list[None] = []
        live.reload_needed.connect(lambda: reloads.append(None))
        live.start(second.base_url, org.as_("as1").token)
        _online(qtbot, live)
        first = org.new_ticket()
        qtbot.waitUntil(lambda: len(received) == 2, timeout=TIMEOUT_MS)

        second.stop()
        qtbot.waitUntil(lambda: live.state is LiveState.RECONNECTING, timeout=TIMEOUT_MS)
        missed = [org.new_ticket()["id"] for _ in range(3)]
        org.as_("as1").ok(
            "POST", f"/tickets/{first['id']}/comments", {"body": "还在处理"}, status=201
        )

        second.start()
        qtbot.waitUntil(lambda: len(received) == 2 + 3 * 2 + 1, timeout=TIMEOUT_MS)
        assert live.state is LiveState.ONLINE
        assert live.connections == 2
        assert reloads == [None]  # only the first stream needed a load; the second resumed
        created = [m.ticket.id for m in received if m.event.kind == "created"]
        assert created == [first["id"], *missed]
        assert received[-1].event.kind == "commented"
        assert len({m.event.id for m in received}) == len(received)
    finally:
        second.stop()


def test_an_unreadable_event_is_stepped_over(live: LiveClient) -> None:
    """A newer server may send an event kind this client does not know: skip it, but move the
    cursor past it so that resuming does not replay it forever."""
    received = _collect(live)
    live._on_message(
        '{"type": "event", "cursor": "41-7", "event": {"id": 7, "kind": "from_the_future", '
        '"ticket_id": null, "actor_id": null, "actor_name": "", '
        '"created_at": "2026-01-01T00:00:00Z"}}'
    )
    live._on_message("not json at all")
    assert live.cursor == "41-7"
    assert received == []
