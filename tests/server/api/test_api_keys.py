"""API keys of service accounts: made once, used with their scopes, rotated, revoked at once."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support import PASSWORD, Api, raw_cursor

KEY = re.compile(r"^tdk_[0-9A-Za-z]{36}$")


def make_key(org, scopes, account="telephony", **extra):
    body = {"account": account, "display_name": "呼叫中心 telephony", "name": "PBX hall 2",
            "scopes": scopes, **extra}
    return org.admin.ok("POST", "/api-keys", body, status=201)


def as_key(org, made) -> Api:
    return Api(org.base_url, made["key"])


@contextmanager
def live(client: Api):
    url = client.base_url.replace("http://", "ws://") + "/api/v1/live"
    with connect(url, additional_headers={"Authorization": f"Bearer {client.token}"},
                 open_timeout=10) as ws:
        yield ws


def test_a_key_is_shown_once_and_its_events_name_the_service_account(org, pg_url):
    made = make_key(org, ["tickets:read", "tickets:write"])
    assert KEY.match(made["key"]) and made["key"].startswith(made["prefix"])
    assert made["account"] == "telephony" and made["active"] and made["last_used_at"] is None
    listed = org.admin.ok("GET", "/api-keys")
    assert [k["id"] for k in listed] == [made["id"]]
    assert "key" not in listed[0] and made["key"] not in json.dumps(listed)
    with raw_cursor(pg_url) as cur:
        cur.execute("SELECT token_hash FROM api_keys")
        (stored,) = cur.fetchone()
    assert made["key"] not in stored and len(stored) == 64

    key = as_key(org, made)
    ticket = key.ok("POST", "/tickets", {"type": "refund", "title": "来电：退款",
                                         "fields": {"order_no": "TD1", "amount": 5,
                                                    "reason": "其他"}}, status=201)
    created = ticket["events"][0]
    assert created["actor_name"] == "呼叫中心 telephony"
    assert created["actor_id"] == made["account_id"]
    # a supervisor reads it as any other ticket, created by the service account
    seen = org.as_("sup").ok("GET", f"/tickets/{ticket['id']}")
    assert seen["created_by_name"] == "呼叫中心 telephony"

    first_use = org.admin.ok("GET", "/api-keys")[0]["last_used_at"]
    assert first_use is not None
    for _ in range(3):
        key.ok("GET", "/tickets")
    with raw_cursor(pg_url) as cur:  # let the cache forget it: the next request reads the row
        cur.execute("UPDATE api_keys SET last_used_at = last_used_at")
    assert org.admin.ok("GET", "/api-keys")[0]["last_used_at"] == first_use  # not per request


def test_service_accounts_cannot_log_in_nor_handle_tickets(org):
    made = make_key(org, ["tickets:read"])
    r = httpx.post(f"{org.base_url}/api/v1/auth/login",
                   json={"username": "telephony", "password": PASSWORD})
    assert r.status_code == 401
    assert "telephony" not in [u["username"] for u in org.admin.ok("GET", "/users")]
    r = org.admin.put(f"/groups/{org.groups['热线']}/members/{made['account_id']}", json={})
    assert r.status_code == 409 and r.json()["error"]["code"] == "service_account"
    # a person's account cannot hold keys
    r = org.admin.post("/api-keys", json={"account": "hl1", "scopes": ["tickets:read"]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_a_service_account"
    # a key is no admin: it cannot make keys, however it is scoped
    r = as_key(org, made).post("/api-keys", json={"account": "x", "scopes": ["tickets:read"]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "api_key_not_allowed"


def test_bad_keys_are_refused_with_a_reason(org, pg_url):
    made = make_key(org, ["tickets:read"])
    token = made["key"]
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    for bad in (flipped, "tdk_short", token + "x"):
        r = Api(org.base_url, bad).get("/tickets")
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key", bad
    key = as_key(org, made)
    with raw_cursor(pg_url) as cur:  # as if its time had come
        cur.execute("UPDATE api_keys SET expires_at = now() - interval '1 second'")
    r = key.get("/tickets")
    assert r.status_code == 401 and r.json()["error"]["code"] == "api_key_expired"
    r = org.admin.post("/api-keys", json={"account": "telephony", "scopes": ["tickets:read"],
                                          "expires_at": "2020-01-01T00:00:00Z"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_expiry"


def test_revocation_takes_effect_at_once_and_closes_the_keys_sockets(org):
    made = make_key(org, ["events:read", "tickets:read"])
    key = as_key(org, made)
    assert key.get("/tickets").status_code == 200  # now cached in the server
    with live(key) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "hello"
        org.admin.ok("DELETE", f"/api-keys/{made['id']}", status=204)
        r = key.get("/tickets")
        assert r.status_code == 401 and r.json()["error"]["code"] == "api_key_revoked"
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
        assert closed.value.rcvd.reason == "api_key_revoked"
    listed = org.admin.ok("GET", "/api-keys")[0]
    assert listed["revoked_at"] is not None and not listed["active"]
    org.admin.ok("DELETE", f"/api-keys/{made['id']}", status=204)  # again: nothing changes


def test_rotation_replaces_the_key(org):
    made = make_key(org, ["tickets:read"], expires_at="2099-01-01T00:00:00Z")
    old = as_key(org, made)
    assert old.get("/tickets").status_code == 200
    new = org.admin.ok("POST", f"/api-keys/{made['id']}/rotate", status=201)
    assert new["key"] != made["key"] and new["scopes"] == ["tickets:read"]
    assert new["expires_at"] == made["expires_at"] and new["account"] == "telephony"
    assert old.get("/tickets").status_code == 401
    assert as_key(org, new).get("/tickets").status_code == 200
    keys = {k["id"]: k for k in org.admin.ok("GET", "/api-keys")}
    assert keys[made["id"]]["replaced_by_id"] == new["id"]
    r = org.admin.post(f"/api-keys/{made['id']}/rotate")
    assert r.status_code == 409 and r.json()["error"]["code"] == "key_revoked"


def test_keys_from_the_command_line(server, org):
    r = server.cli("key", "create", "ordersys", "--scope", "orders:write",
                   "--display-name", "订单系统", "--name", "nightly sync")
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip().splitlines()[-1]
    assert KEY.match(token)
    key = Api(server.base_url, token)
    assert key.put("/orders/SO-1", json={"status": "已付款"}).status_code == 201
    listed = server.cli("key", "list")
    assert "ordersys" in listed.stdout and "active" in listed.stdout and token not in listed.stdout
    key_id = org.admin.ok("GET", "/api-keys")[0]["id"]
    rotated = server.cli("key", "rotate", str(key_id))
    assert rotated.returncode == 0, rotated.stderr
    new = Api(server.base_url, rotated.stdout.strip().splitlines()[-1])
    assert key.put("/orders/SO-1", json={"status": "x"}).status_code == 401
    assert new.put("/orders/SO-1", json={"status": "已发货"}).status_code == 200
    new_id = max(k["id"] for k in org.admin.ok("GET", "/api-keys"))
    assert server.cli("key", "revoke", str(new_id)).returncode == 0
    assert new.put("/orders/SO-1", json={"status": "y"}).status_code == 401
    bad = server.cli("key", "create", "x", "--scope", "tickets:read", "--expires", "2027-01-01")
    assert bad.returncode != 0 and "timezone" in bad.stderr
