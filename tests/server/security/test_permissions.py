"""The permission matrix: every route × every kind of caller → the expected status.

Callers: anonymous, an agent in the ticket's group (not its assignee nor creator), an agent
outside it, a supervisor, an admin. Adding API keys with scopes later is one more column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support import Api

CALLERS = ("anonymous", "agent_in", "agent_out", "supervisor", "admin")
USERNAMES = {"agent_in": "as1", "agent_out": "hl1", "supervisor": "sup", "admin": "admin"}


def queued(org) -> int:
    return org.new_ticket("sup")["id"]  # 售后; nobody online, so it waits


def in_progress(org) -> int:
    tid = queued(org)
    org.as_("sup").ok("POST", f"/tickets/{tid}/assign", {"agent": "as2"})
    org.as_("as2").ok("POST", f"/tickets/{tid}/accept")
    return tid


def pending(org) -> int:
    tid = in_progress(org)
    org.as_("as2").ok("POST", f"/tickets/{tid}/pending")
    return tid


def resolved(org) -> int:
    tid = in_progress(org)
    org.as_("as2").ok("POST", f"/tickets/{tid}/resolve")
    return tid


Setup = Callable[[Any], dict[str, Any]]

# (route, method, path, body, setup, expected for anonymous/agent_in/agent_out/supervisor/admin)
MATRIX: list[tuple[str, str, str, Any, Setup | None, tuple[int, ...]]] = [
    ("info", "GET", "/info", None, None, (200, 200, 200, 200, 200)),
    ("me", "GET", "/me", None, None, (401, 200, 200, 200, 200)),
    ("presence", "PUT", "/me/presence", {"presence": "away"}, None, (401, 200, 200, 200, 200)),
    ("users", "GET", "/users", None, None, (401, 200, 200, 200, 200)),
    ("user", "GET", "/users/{user}", None, None, (401, 200, 200, 200, 200)),
    (
        "create user",
        "POST",
        "/users",
        {"username": "new.one", "display_name": "N", "password": "password-9"},
        None,
        (401, 403, 403, 403, 201),
    ),
    (
        "update user",
        "PATCH",
        "/users/{user}",
        {"display_name": "X"},
        None,
        (401, 403, 403, 403, 200),
    ),
    ("groups", "GET", "/groups", None, None, (401, 200, 200, 200, 200)),
    ("group", "GET", "/groups/{group}", None, None, (401, 200, 200, 200, 200)),
    ("members", "GET", "/groups/{group}/members", None, None, (401, 200, 200, 200, 200)),
    ("create group", "POST", "/groups", {"name": "新组"}, None, (401, 403, 403, 403, 201)),
    (
        "update group",
        "PATCH",
        "/groups/{group}",
        {"default_capacity": 4},
        None,
        (401, 403, 403, 403, 200),
    ),
    (
        "set member",
        "PUT",
        "/groups/{group}/members/{user}",
        {"capacity": 3},
        None,
        (401, 403, 403, 403, 200),
    ),
    (
        "remove member",
        "DELETE",
        "/groups/{group}/members/{member}",
        None,
        None,
        (401, 403, 403, 403, 204),
    ),
    ("types", "GET", "/ticket-types", None, None, (401, 200, 200, 200, 200)),
    ("type", "GET", "/ticket-types/{type}", None, None, (401, 200, 200, 200, 200)),
    (
        "create type",
        "POST",
        "/ticket-types",
        {"key": "new_type", "name": "新"},
        None,
        (401, 403, 403, 403, 201),
    ),
    (
        "update type",
        "PATCH",
        "/ticket-types/{type}",
        {"name": "改"},
        None,
        (401, 403, 403, 403, 200),
    ),
    (
        "create ticket",
        "POST",
        "/tickets",
        {
            "type": "refund",
            "title": "t",
            "fields": {"order_no": "TD1", "amount": 1, "reason": "其他"},
        },
        None,
        (401, 201, 201, 201, 201),
    ),
    ("list tickets", "GET", "/tickets", None, None, (401, 200, 200, 200, 200)),
    ("read ticket", "GET", "/tickets/{ticket}", None, queued, (401, 200, 404, 200, 200)),
    ("take", "POST", "/tickets/{ticket}/accept", None, queued, (401, 200, 404, 403, 403)),
    (
        "comment",
        "POST",
        "/tickets/{ticket}/comments",
        {"body": "hi"},
        queued,
        (401, 201, 404, 201, 201),
    ),
    (
        "transfer waiting",
        "POST",
        "/tickets/{ticket}/transfer",
        {"group": "热线", "note": "n"},
        queued,
        (401, 200, 404, 200, 200),
    ),
    (
        "transfer someone's",
        "POST",
        "/tickets/{ticket}/transfer",
        {"group": "热线", "note": "n"},
        in_progress,
        (401, 403, 404, 200, 200),
    ),
    ("pending", "POST", "/tickets/{ticket}/pending", None, in_progress, (401, 403, 404, 200, 200)),
    ("resume", "POST", "/tickets/{ticket}/resume", None, pending, (401, 403, 404, 200, 200)),
    ("resolve", "POST", "/tickets/{ticket}/resolve", None, in_progress, (401, 403, 404, 200, 200)),
    ("reopen", "POST", "/tickets/{ticket}/reopen", None, resolved, (401, 200, 404, 200, 200)),
    ("close", "POST", "/tickets/{ticket}/close", None, resolved, (401, 403, 404, 200, 200)),
    (
        "assign",
        "POST",
        "/tickets/{ticket}/assign",
        {"agent": "as2"},
        queued,
        (401, 403, 403, 200, 200),
    ),
    (
        "put order",
        "PUT",
        "/orders/NEW-{caller}",
        {"status": "已付款"},
        None,
        (401, 403, 403, 201, 201),
    ),
    ("get order", "GET", "/orders/{order}", None, None, (401, 200, 200, 200, 200)),
    ("kpis", "GET", "/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", None, None,
     (401, 403, 403, 200, 200)),
    ("logout", "POST", "/auth/logout", None, None, (401, 204, 204, 204, 204)),
]


@pytest.mark.parametrize(
    ("route", "method", "path", "body", "setup", "expected"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_permission_matrix(org, server, route, method, path, body, setup, expected):
    org.admin.ok("PUT", "/orders/ORD-KNOWN", {"status": "x"}, status=201)
    for caller, status in zip(CALLERS, expected, strict=True):
        values = {
            "caller": caller.replace("_", "-"),
            "user": org.users["as2"],
            "group": org.groups["售后"],
            "type": org.type_id,
            "order": "ORD-KNOWN",
            "member": org.admin.ok(
                "POST",
                "/users",
                {"username": f"m-{caller}", "display_name": "M", "password": "password-9"},
                status=201,
            )["id"],
        }
        org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{values['member']}", {})
        if setup is not None:
            values["ticket"] = setup(org)
        client = (
            Api(server.base_url)
            if caller == "anonymous"
            else (Api(server.base_url).login(USERNAMES[caller]) if caller != "admin" else org.admin)
        )
        payload = _unique(body, caller) if route.startswith("create ") and body else body
        response = client.request(method, path.format(**values), json=payload)
        assert response.status_code == status, (
            f"{route} as {caller}: expected {status}, got {response.status_code} {response.text}"
        )


def _unique(body: dict[str, Any], caller: str) -> dict[str, Any]:
    out = dict(body)
    for key in ("username", "name", "key"):
        if key in out:
            out[key] = f"{out[key]}_{caller}".replace("-", "_")
    return out
