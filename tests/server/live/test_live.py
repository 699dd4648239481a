"""The WebSocket feed: who receives what, and resuming without loss."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support import Api, newest_event_id


class _FromNow:
    """A fresh connection as the tests mean it: what happens from now on. The hub may not
    have taken the events committed just before (the user's own login, the set-up's last
    change) when the client connects; they then follow ``hello``, and are left out here."""

    def __init__(self, ws: Any, floor: int) -> None:
        self._ws, self._floor = ws, floor

    def recv(self, timeout: float | None = None) -> str | bytes:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(deadline - time.monotonic(), 0)
            text = self._ws.recv(timeout=left)
            message = json.loads(text)
            event = message.get("event") if message.get("type") == "event" else None
            if event is None or event["id"] > self._floor:
                return text

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)


@contextmanager
def live(client: Api, cursor: str | None = None):
    url = client.base_url.replace("http://", "ws://") + "/api/v1/live"
    if cursor:
        url += f"?cursor={cursor}"
    headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
    floor = None if cursor else newest_event_id(client.base_url)
    with connect(url, additional_headers=headers, open_timeout=10) as ws:
        yield ws if floor is None else _FromNow(ws, floor)


def receive(ws, timeout: float = 10.0) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def events_until(ws, predicate, timeout: float = 10.0) -> list[dict]:
    """Messages up to and including the first that matches."""
    seen = []
    while True:
        message = receive(ws, timeout)
        seen.append(message)
        if predicate(message):
            return seen


def nothing_more(ws, wait: float = 1.5) -> bool:
    try:
        ws.recv(timeout=wait)
    except TimeoutError:
        return True
    return False


def test_created_ticket_reaches_a_connected_member(org):
    with live(org.as_("as1")) as ws:
        hello = receive(ws)
        assert hello["type"] == "hello" and hello["cursor"]
        t = org.new_ticket("hl1")
        # (A login or an admin change of the set-up just before may still be on its way.)
        created = events_until(
            ws, lambda m: m["type"] == "event" and m["event"]["kind"] == "created"
        )[-1]
        assert created["event"]["kind"] == "created" and created["event"]["ticket_id"] == t["id"]
        assert created["ticket"]["id"] == t["id"] and created["ticket"]["title"] == "客户要求退款"
        queued = receive(ws)
        assert queued["event"]["kind"] == "queued"
        assert queued["cursor"] > created["cursor"] or len(queued["cursor"]) >= len(
            created["cursor"]
        )


def test_agent_gets_no_events_of_other_groups_until_a_ticket_comes_in(org):
    t = org.new_ticket("as1")  # 售后
    with live(org.as_("hl2")) as ws:  # 热线 only
        receive(ws)  # hello
        org.as_("as1").ok("POST", f"/tickets/{t['id']}/comments", {"body": "内部讨论"}, status=201)
        org.new_ticket("as2")
        assert nothing_more(ws)
        org.as_("sup").ok(
            "POST", f"/tickets/{t['id']}/transfer", {"group": "热线", "note": "转热线"}
        )
        message = receive(ws)
        assert message["event"]["kind"] == "transferred"
        assert message["ticket"]["group_id"] == org.groups["热线"]


def test_the_group_that_loses_a_ticket_is_told(org):
    t = org.new_ticket("hl1")
    with live(org.as_("as2")) as ws:
        receive(ws)
        org.as_("sup").ok("POST", f"/tickets/{t['id']}/transfer", {"group": "热线", "note": "x"})
        message = receive(ws)
        assert message["event"]["kind"] == "transferred"
        assert message["ticket"]["group_id"] == org.groups["热线"]


def test_supervisor_sees_everything_including_admin_changes(org):
    with live(org.as_("sup")) as ws:
        receive(ws)
        org.new_ticket("hl1", group="热线")
        org.admin.ok("PATCH", f"/groups/{org.groups['热线']}", {"accept_timeout_seconds": 45})
        kinds = [
            m["event"]["kind"]
            for m in events_until(ws, lambda m: m["event"]["kind"] == "group_updated")
        ]
        assert [k for k in kinds if k != "logged_in"] == ["created", "queued", "group_updated"]


def test_joining_a_group_starts_its_events_on_an_open_connection(org):
    with live(org.as_("hl1")) as ws:
        receive(ws)
        org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['hl1']}", {})
        assert receive(ws)["event"]["kind"] == "member_set"
        t = org.new_ticket("as1")
        assert receive(ws)["event"]["ticket_id"] == t["id"]


def test_resume_from_cursor_delivers_what_was_missed_exactly_once(org):
    sup = org.as_("sup")
    before = org.new_ticket()
    with live(sup) as ws:
        receive(ws)
        org.as_("as1").ok("POST", f"/tickets/{before['id']}/accept")
        last = events_until(ws, lambda m: m["event"]["kind"] == "accepted")[-1]
    cursor = last["cursor"]
    missed = [org.new_ticket()["id"] for _ in range(3)]
    with live(sup, cursor) as ws:
        assert receive(ws)["type"] == "hello"
        messages = events_until(
            ws, lambda m: m["event"]["ticket_id"] == missed[-1] and m["event"]["kind"] == "queued"
        )
        ids = [m["event"]["id"] for m in messages]
        assert len(ids) == len(set(ids)) == 6
        assert [m["event"]["ticket_id"] for m in messages] == [x for x in missed for _ in (0, 1)]
        assert last["event"]["id"] not in ids
        assert nothing_more(ws, 1.0)


def test_resume_only_replays_what_the_agent_may_see(org):
    hl2 = org.as_("hl2")
    with live(hl2) as ws:
        cursor = receive(ws)["cursor"]
    org.new_ticket("as1")  # 售后: not for hl2
    mine = org.new_ticket("as1", group="热线")
    with live(hl2, cursor) as ws:
        receive(ws)
        first = receive(ws)
        assert first["event"]["ticket_id"] == mine["id"]


def test_bad_token_and_bad_cursor_close_the_socket(org, anon):
    with pytest.raises(ConnectionClosed) as closed, live(Api(anon.base_url, "nope")) as ws:
        ws.recv(timeout=5)
    assert closed.value.rcvd.code == 4401
    with pytest.raises(ConnectionClosed) as closed, live(org.as_("hl1"), "not-a-cursor") as ws:
        ws.recv(timeout=5)
    assert closed.value.rcvd.code == 4400
