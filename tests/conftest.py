"""Session-wide real parts: one PostgreSQL, one server process; a clean database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support import (
    PASSWORD,
    Api,
    ServerProcess,
    database_url,
    make_admin,
    truncate_all,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WEBHOOK_TEST_ENV = {
    # Test receivers live on loopback, which a real installation refuses (SSRF).
    "TICKETDESK_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.0/8", "::1/128"]',
    # Retries within a second and a budget of a few seconds, so a dead letter is seen
    # within a test's time; the long attempt timeout keeps a hanging receiver hanging.
    "TICKETDESK_WEBHOOK_RETRY_BASE_SECONDS": "0.05",
    "TICKETDESK_WEBHOOK_RETRY_MAX_SECONDS": "0.3",
    "TICKETDESK_WEBHOOK_RETRY_BUDGET_SECONDS": "2.5",
    "TICKETDESK_WEBHOOK_POLL_SECONDS": "0.2",
}


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """An empty database on the test PostgreSQL (embedded, or TICKETDESK_TEST_DATABASE_URL)."""
    yield from database_url("ticketdesk_test")


@pytest.fixture(scope="session")
def server_process(pg_url: str) -> Iterator[ServerProcess]:
    """The real server on loopback; it applies the migrations as it starts."""
    # A quick tick makes timer-driven rules (accept timeouts) observable within seconds.
    server = ServerProcess(pg_url, env={"TICKETDESK_DISPATCH_TICK_SECONDS": "0.2",
                                        "TICKETDESK_LOGIN_MAX_DELAY_SECONDS": "0.2",
                                        **WEBHOOK_TEST_ENV}).start()
    yield server
    server.stop()


@pytest.fixture
def server(server_process: ServerProcess, pg_url: str) -> ServerProcess:
    """The running server over a database emptied for this test."""
    if server_process.proc is None or server_process.proc.poll() is not None:
        pytest.fail(f"the test server died:\n{server_process.log()}")
    truncate_all(pg_url)
    return server_process


@pytest.fixture
def admin(server: ServerProcess, pg_url: str) -> Iterator[Api]:
    api = make_admin(server.base_url, pg_url)
    yield api
    api.close()


REFUND_TYPE: dict[str, Any] = {
    "key": "refund",
    "name": "退款申请",
    "description": "Refund request",
    "default_group": "售后",
    "default_priority": "normal",
    "sla_first_response_minutes": 30,
    "sla_resolution_minutes": 1440,
    "body_template": "客户诉求：\n",
    "fields": [
        {"key": "order_no", "label": "订单号", "kind": "order_no", "required": True},
        {"key": "amount", "label": "金额", "kind": "number", "required": True, "min_value": 0.01},
        {
            "key": "reason",
            "label": "原因",
            "kind": "choice",
            "required": True,
            "options": ["质量问题", "发错货", "其他"],
        },
        {"key": "phone", "label": "电话", "kind": "phone"},
    ],
}

VALID_REFUND_FIELDS = {"order_no": "TD1001", "amount": 99.5, "reason": "质量问题"}


@dataclass
class Org:
    """A small organisation: groups 热线 (hotline) and 售后 (after-sales), a type, people."""

    admin: Api
    base_url: str
    groups: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    type_id: int = 0
    clients: dict[str, Api] = field(default_factory=dict)

    def as_(self, username: str) -> Api:
        if username not in self.clients:
            self.clients[username] = Api(self.base_url).login(username)
        return self.clients[username]

    def new_ticket(self, creator: str = "hl1", **overrides: Any) -> dict[str, Any]:
        body = {
            "type": "refund",
            "title": "客户要求退款",
            "fields": dict(VALID_REFUND_FIELDS),
            **overrides,
        }
        return self.as_(creator).ok("POST", "/tickets", body, status=201)


def make_org(admin: Api, base_url: str) -> Org:
    """Groups 热线 and 售后, the refund type, agents hl1, hl2 (热线), as1, as2 (售后), sup."""
    o = Org(admin=admin, base_url=base_url)
    for name in ("热线", "售后"):
        o.groups[name] = admin.ok("POST", "/groups", {"name": name}, status=201)["id"]
    people = {
        "hl1": ("agent", "热线"),
        "hl2": ("agent", "热线"),
        "as1": ("agent", "售后"),
        "as2": ("agent", "售后"),
        "sup": ("supervisor", None),
    }
    for username, (role, group) in people.items():
        user = admin.ok(
            "POST",
            "/users",
            {
                "username": username,
                "display_name": username.upper(),
                "role": role,
                "password": PASSWORD,
            },
            status=201,
        )
        o.users[username] = user["id"]
        if group:
            admin.ok("PUT", f"/groups/{o.groups[group]}/members/{user['id']}", {})
    o.users["admin"] = admin.ok("GET", "/me")["id"]
    o.type_id = admin.ok("POST", "/ticket-types", REFUND_TYPE, status=201)["id"]
    return o


@pytest.fixture
def org(admin: Api, server: ServerProcess) -> Iterator[Org]:
    o = make_org(admin, server.base_url)
    yield o
    for client in o.clients.values():
        client.close()
