"""Login throttling, the end of sessions (and of their live connections), secrets in logs,
password hashing parameters."""

from __future__ import annotations

import httpx
import psycopg2
import pytest
from websockets.exceptions import ConnectionClosed

from tests.server.live.test_live import events_until, live, receive
from tests.support import PASSWORD, Api, ServerProcess, libpq_url


def attempt(server, username, password="wrong-password"):
    return httpx.post(
        f"{server.base_url}/api/v1/auth/login",
        json={"username": username, "password": password},
        timeout=30,
    )


def test_repeated_failures_lock_the_username_and_tell_the_admins(org, server):
    with live(org.admin) as ws:
        receive(ws)
        for _ in range(10):
            assert attempt(server, "hl1").status_code == 401
        locked = attempt(server, "hl1", PASSWORD)  # even the right password, for a while
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "too_many_attempts"
        assert 0 < int(locked.headers["retry-after"]) <= 900
        event = events_until(ws, lambda m: m["event"]["kind"] == "login_locked")[-1]["event"]
        assert event["data"]["username"] == "hl1" and event["data"]["failures"] == 10
    assert attempt(server, "hl2", PASSWORD).status_code == 200  # others are unaffected


def test_unknown_usernames_are_throttled_alike_so_none_stands_out(org, server):
    answers = [attempt(server, "nobody-here") for _ in range(11)]
    known = [attempt(server, "as2") for _ in range(11)]
    assert [a.status_code for a in answers] == [a.status_code for a in known] == [401] * 10 + [429]
    assert answers[0].json() == known[0].json()
    assert answers[-1].json() == known[-1].json()


def test_a_success_clears_the_count(org, server):
    for _ in range(9):
        attempt(server, "hl2")
    assert attempt(server, "hl2", PASSWORD).status_code == 200
    assert attempt(server, "hl2").status_code == 401
    assert attempt(server, "hl2", PASSWORD).status_code == 200


def closed_with(ws) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=10)
    return closed.value.rcvd.code, closed.value.rcvd.reason


def test_logout_closes_the_live_connection_of_that_session_only(org, server):
    other = Api(server.base_url).login("as1")
    with live(org.as_("as1")) as mine, live(other) as theirs:
        receive(mine)
        receive(theirs)
        org.as_("as1").ok("POST", "/auth/logout")
        assert closed_with(mine) == (4401, "logged_out")
        assert org.as_("as1").get("/me").json()["error"]["code"] == "logged_out"
        org.new_ticket("hl1")  # the other session still receives
        assert events_until(theirs, lambda m: m["event"]["kind"] == "created")


@pytest.mark.parametrize(("change", "why"), [({"active": False}, "deactivated"),
                                           ({"password": "a-new-password-1"}, "password_changed")])
def test_deactivation_or_password_change_closes_live_connections(org, change, why):
    with live(org.as_("as2")) as ws:
        receive(ws)
        org.admin.ok("PATCH", f"/users/{org.users['as2']}", change)
        assert closed_with(ws) == (4401, why)
    answer = org.as_("as2").get("/me")
    assert answer.status_code == 401 and answer.json()["error"]["code"] == why


def test_expired_session_closes_the_live_connection(org, pg_url):
    quick = ServerProcess(
        pg_url,
        env={
            "TICKETDESK_SESSION_HOURS": "0.0008",  # ~3 s
            "TICKETDESK_PRESENCE_GRACE_SECONDS": "2",
        },
    ).start()
    try:
        client = Api(quick.base_url).login("as1")
        with live(client) as ws:
            receive(ws)
            assert closed_with(ws) == (4401, "session_expired")
        assert client.get("/me").json()["error"]["code"] == "session_expired"
    finally:
        quick.stop()


def test_tokens_and_passwords_never_reach_the_log(org, pg_url):
    chatty = ServerProcess(pg_url, extra_args=["--access-log", "--log-level", "debug"]).start()
    try:
        client = Api(chatty.base_url).login("hl1")
        client.ok("GET", "/me")
        client.get("/tickets?q=x")
        with live(client) as ws:
            receive(ws)
        Api(chatty.base_url).post("/auth/login", {"username": "hl1", "password": "wrong-1-pw"})
        client.post("/auth/logout")
    finally:
        chatty.stop()
    log = chatty.log()
    assert "GET /api/v1/me" in log  # the access log is on
    assert client.token not in log
    assert PASSWORD not in log and "wrong-1-pw" not in log


def test_password_hashes_are_upgraded_on_login_when_parameters_change(org, pg_url):
    def stored_hash():
        conn = psycopg2.connect(libpq_url(pg_url))
        with conn.cursor() as cur:
            cur.execute("SELECT password_hash FROM users WHERE username = 'hl2'")
            (value,) = cur.fetchone()
        conn.close()
        return value

    assert "m=8," in stored_hash()  # made with the test suite's cheap parameters
    strict = ServerProcess(pg_url, env={"TICKETDESK_PASSWORD_PROFILE": "default"}).start()
    try:
        Api(strict.base_url).login("hl2")
    finally:
        strict.stop()
    upgraded = stored_hash()
    assert upgraded.startswith("$argon2id$") and "m=65536," in upgraded
    assert Api(org.base_url).login("hl2").get("/me").status_code == 200
