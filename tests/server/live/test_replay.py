"""Resuming after a long gap (a server restart: every client at once): the backlog is
streamed in bounded batches, in order, exactly once, with live events following it."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from websockets.sync.client import connect

from tests.server.live.test_live import live, receive
from tests.support import Api, ServerProcess

BATCH = 7


def metric(server: ServerProcess, name: str) -> int:
    for line in httpx.get(f"{server.base_url}/metrics").text.splitlines():
        if line.startswith(f"{name} "):
            return int(float(line.split()[1]))
    raise AssertionError(f"no metric {name}")


@pytest.fixture
def small_batches(pg_url: str):
    server = ServerProcess(
        pg_url,
        env={"TICKETDESK_LIVE_REPLAY_BATCH": str(BATCH), "TICKETDESK_LIVE_REPLAY_LIMIT": "60"},
    ).start()
    yield server
    server.stop()


def resume(server: ServerProcess, client: Api, cursor: str):
    return connect(
        f"ws://127.0.0.1:{server.port}/api/v1/live?cursor={cursor}",
        additional_headers={"Authorization": f"Bearer {client.token}"},
        open_timeout=10,
    )


def comments_until(ws, ticket_id: int, count: int) -> list[dict]:
    """Every message up to the ``count``-th comment on ``ticket_id``."""
    messages, seen = [], 0
    while seen < count:
        message = receive(ws)
        messages.append(message)
        event = message["event"]
        seen += event["kind"] == "commented" and event["ticket_id"] == ticket_id
    return messages


def test_a_backlog_longer_than_a_batch_arrives_whole_in_order_once(org, small_batches):
    hl2 = org.as_("hl2")
    with live(hl2) as ws:
        cursor = receive(ws)["cursor"]
    mine = org.new_ticket("hl1", group="热线")
    other = org.new_ticket("as1", group="售后")
    sup = org.as_("sup")
    for n in range(20):  # 40 events, 20 of them for hl2: three batches of 7
        for ticket in (mine, other):
            sup.ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"第{n}条"}, status=201)

    with resume(small_batches, hl2, cursor) as ws:
        hello = receive(ws)
        assert hello["type"] == "hello" and hello["cursor"] == cursor
        messages = comments_until(ws, mine["id"], 20)
        assert all(m["event"]["ticket_id"] in (mine["id"], None) for m in messages)
        comments = [m for m in messages if m["event"]["kind"] == "commented"]
        assert [m["event"]["data"]["body"] for m in comments] == [f"第{n}条" for n in range(20)]
        ids = [m["event"]["id"] for m in messages]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert metric(small_batches, "ticketdesk_live_replay_buffered_events_peak") <= BATCH
        assert metric(small_batches, "ticketdesk_live_replay_buffered_events") == 0

        # the stream goes on live after the backlog
        sup.ok("POST", f"/tickets/{mine['id']}/comments", {"body": "之后"}, status=201)
        after = comments_until(ws, mine["id"], 1)[-1]
        assert after["event"]["data"]["body"] == "之后"


def test_events_committed_while_the_backlog_streams_follow_it_without_loss(
    org, small_batches
):
    sup = org.as_("sup")
    with live(sup) as ws:
        cursor = receive(ws)["cursor"]
    ticket = org.new_ticket("hl1")
    for n in range(30):
        sup.ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"前{n}"}, status=201)

    writer_api = Api(small_batches.base_url, sup.token)

    def write_more() -> None:
        for n in range(15):
            writer_api.ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"后{n}"},
                          status=201)

    with resume(small_batches, sup, cursor) as ws:
        assert receive(ws)["type"] == "hello"
        writer = threading.Thread(target=write_more)
        writer.start()  # while the backlog is still being sent
        messages = comments_until(ws, ticket["id"], 45)
        writer.join(30)
    bodies = [
        m["event"]["data"]["body"] for m in messages if m["event"]["kind"] == "commented"
    ]
    assert bodies == [f"前{n}" for n in range(30)] + [f"后{n}" for n in range(15)]
    ids = [m["event"]["id"] for m in messages]
    assert len(ids) == len(set(ids))


def test_only_a_client_whose_own_backlog_is_too_long_is_told_to_reload(org, small_batches):
    hl2, sup = org.as_("hl2"), org.as_("sup")
    with live(sup) as ws:
        cursor = receive(ws)["cursor"]
    mine = org.new_ticket("hl1", group="热线")
    other = org.new_ticket("as1", group="售后")
    for n in range(70):  # over the limit of 60 in all, 3 for hl2
        sup.ok("POST", f"/tickets/{other['id']}/comments", {"body": f"{n}"}, status=201)
    sup.ok("POST", f"/tickets/{mine['id']}/comments", {"body": "热线的"}, status=201)

    with resume(small_batches, sup, cursor) as ws:
        reset = json.loads(ws.recv(timeout=10))
        assert reset["type"] == "reset" and reset["cursor"] != cursor
    with resume(small_batches, hl2, cursor) as ws:
        assert receive(ws)["type"] == "hello"
        messages = comments_until(ws, mine["id"], 1)
        assert [m["event"]["kind"] for m in messages] == ["created", "queued", "commented"]


def test_clients_resuming_with_the_same_backlog_share_one_read_of_it(org, small_batches):
    """After a restart the agents of a group resume from about the same cursor: the events
    are read from the database and encoded once for them all, each still gets every one."""
    agents = [org.as_(name) for name in ("hl1", "hl2")] + [org.as_("sup")]
    with live(agents[0]) as ws:
        cursor = receive(ws)["cursor"]
    ticket = org.new_ticket("hl1", group="热线")
    for n in range(10):  # with created and queued: 12 events, two batches of 7
        agents[2].ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"{n}"}, status=201)
    before = metric(small_batches, "ticketdesk_live_replay_events_read_total")
    bodies, seen = [], set()
    for agent in agents:
        with resume(small_batches, agent, cursor) as ws:
            assert receive(ws)["type"] == "hello"
            messages = comments_until(ws, ticket["id"], 10)
        bodies.append([m["event"]["data"]["body"] for m in messages
                       if m["event"]["kind"] == "commented"])
        ids = [m["event"]["id"] for m in messages]
        assert ids == sorted(set(ids))
        seen.update(ids)
    assert bodies == [[f"{n}" for n in range(10)]] * 3
    read = metric(small_batches, "ticketdesk_live_replay_events_read_total") - before
    assert read == len(seen)  # each event once, not once per client (3×)


def test_a_cursor_from_another_database_is_told_to_reload(org, small_batches):
    """A client that was connected before a backup was restored on another PostgreSQL holds
    a cursor that database has not reached: resuming from it would skip every new event,
    so it is told to reload. A cursor merely ahead of this server (a failover to a server
    still catching up) is resumed as usual."""
    sup = org.as_("sup")
    with live(sup) as ws:
        hello = receive(ws)
    xid, _, ident = hello["cursor"].partition("-")
    with resume(small_batches, sup, f"{10**15}-1") as ws:
        reset = json.loads(ws.recv(timeout=10))
        assert reset["type"] == "reset" and int(reset["cursor"].partition("-")[0]) < 10**15
    ahead = f"{xid}-{int(ident) + 10**6}"
    with resume(small_batches, sup, ahead) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "hello"
