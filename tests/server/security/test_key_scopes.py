"""The API-key column of the permission matrix: every route × every scope → allowed or 403.

The routes come from the running server's OpenAPI description, so a route added later is
in the matrix too: closed to keys unless ``ALLOWED`` below (and the route) says otherwise."""

from __future__ import annotations

import json
import re

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support import Api
from ticketdesk.common.enums import Scope

R, W, ORD, E, H = (Scope.TICKETS_READ, Scope.TICKETS_WRITE, Scope.ORDERS_WRITE,
                 Scope.EVENTS_READ, Scope.WEBHOOKS_ADMIN)

ALLOWED: dict[tuple[str, str], set[Scope]] = {
    ("GET", "/tickets"): {R},
    ("GET", "/tickets/{ticket_id}"): {R},
    ("GET", "/tickets/export"): {R},
    ("POST", "/tickets"): {W},
    ("POST", "/tickets/{ticket_id}/comments"): {W},
    ("POST", "/tickets/{ticket_id}/attachments"): {W},
    ("GET", "/tickets/{ticket_id}/attachments"): {R},
    ("GET", "/tickets/{ticket_id}/attachments/{attachment_id}"): {R},
    ("GET", "/groups"): {R, W},
    ("GET", "/groups/{group_id}"): {R, W},
    ("GET", "/ticket-types"): {R, W},
    ("GET", "/ticket-types/{type_id}"): {R, W},
    ("GET", "/ticket-types/{type_id}/versions/{version}"): {R, W},
    ("PUT", "/orders/{order_no}"): {ORD},
    ("GET", "/orders/{order_no}"): {R},
    ("GET", "/lookup"): {R},
    ("GET", "/events"): {E},
    ("GET", "/events/export"): {E},
}
PUBLIC = {("GET", "/info"), ("POST", "/auth/login")}
"""Routes that ask for no token at all."""


def allowed(method: str, path: str) -> set[Scope]:
    if path.startswith("/webhooks"):
        return {H}  # the webhook admin routes, all of them
    return ALLOWED.get((method, path), set())


def test_every_scope_against_every_route(org, server):
    keys = {
        scope: Api(server.base_url, org.admin.ok(
            "POST", "/api-keys", {"account": "integration", "scopes": [scope.value],
                                  "name": scope.value}, status=201)["key"])
        for scope in Scope
    }
    schema = org.admin.ok("GET", "/openapi.json")
    routes = [
        (method.upper(), full[len("/api/v1"):])
        for full, item in schema["paths"].items() if full.startswith("/api/v1")
        for method in item if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(routes) > 30
    assert set(ALLOWED) <= set(routes), set(ALLOWED) - set(routes)
    failures = []
    for method, path in routes:
        if (method, path) in PUBLIC:
            continue
        url = re.sub(r"\{order_no\}", "ORD-1", path)
        url = re.sub(r"\{[a-z_]+\}", "999999", url)
        for scope, key in keys.items():
            body = {} if method in ("POST", "PUT", "PATCH") else None
            r = key.request(method, url, **({"json": body} if body is not None else {}))
            # (an allowed export streams NDJSON: its error, if any, comes as JSON)
            json_body = r.headers.get("content-type", "").startswith("application/json")
            decoded = r.json() if r.content and json_body else None
            code = decoded["error"]["code"] if isinstance(decoded, dict) and "error" in decoded \
                else None
            if scope in allowed(method, path):
                ok = r.status_code not in (401, 403) and code not in (
                    "scope_required", "api_key_not_allowed")
            else:
                ok = r.status_code == 403 and code in ("scope_required", "api_key_not_allowed")
            if not ok:
                failures.append(f"{method} {path} with {scope}: {r.status_code} {code}")
    assert not failures, "\n".join(failures)


def test_only_events_read_opens_the_live_feed(org, server):
    url = f"ws://127.0.0.1:{server.port}/api/v1/live"
    for scope in Scope:
        token = org.admin.ok("POST", "/api-keys", {"account": "feed", "scopes": [scope.value]},
                             status=201)["key"]
        with connect(url, additional_headers={"Authorization": f"Bearer {token}"},
                     open_timeout=10) as ws:
            if scope is Scope.EVENTS_READ:
                assert json.loads(ws.recv(timeout=10))["type"] == "hello"
                continue
            try:
                ws.recv(timeout=10)
                raise AssertionError(f"{scope}: the feed opened")
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 4403, scope


def test_what_each_scope_opens_works(org, server):
    """The allowed cells with real requests: each does its job."""
    def key(*scopes: Scope) -> Api:
        return Api(server.base_url, org.admin.ok(
            "POST", "/api-keys", {"account": "work", "scopes": [s.value for s in scopes]},
            status=201)["key"])

    writer, reader = key(W), key(R)
    made = writer.ok("POST", "/tickets", {"type": "refund", "title": "来电",
                                          "fields": {"order_no": "TD9", "amount": 1,
                                                     "reason": "其他"}}, status=201)
    writer.ok("POST", f"/tickets/{made['id']}/comments", {"body": "通话录音已附"}, status=201)
    # a writer without tickets:read sees only what it created
    other = org.new_ticket("hl1")
    assert writer.get(f"/tickets/{other['id']}").status_code == 403  # no tickets:read at all
    assert writer.post(f"/tickets/{other['id']}/comments", json={"body": "x"}).status_code == 404
    ids = {t["id"] for t in reader.ok("GET", "/tickets")["data"]}
    assert {made["id"], other["id"]} <= ids
    assert reader.ok("GET", f"/tickets/{other['id']}")["id"] == other["id"]
    assert reader.ok("GET", "/ticket-types")[0]["key"] == "refund"
    assert key(ORD).put("/orders/SO-9", json={"status": "已付款"}).status_code == 201
    kinds = {e["kind"] for e in key(E).ok("GET", "/events")["data"]}
    assert "created" in kinds
