"""The pull adapter against a small fake order system on loopback: found, slow (the ticket
does not wait for it, the order arrives later), flaky 5xx (retried), down (bounded, then
not asked again within the TTL), missing (404: not retried)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import VALID_REFUND_FIELDS, make_org
from tests.support import ServerProcess, make_admin, raw_cursor

TOKEN = "order-system-t0ken"
TIMEOUT_SECONDS = 3.0  # a cold first pull (httpx imported) with two retries fits on a busy machine


class FakeOrderSystem(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.asked: Counter[str] = Counter()
        self.release = threading.Event()
        """SLOW orders answer only once this is set."""


class Handler(BaseHTTPRequestHandler):
    server: FakeOrderSystem

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        order_no = self.path.rsplit("/", 1)[-1]
        self.server.asked[order_no] += 1
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"error": "token"})
        if order_no.startswith("SLOW"):
            self.server.release.wait(10)
        elif order_no.startswith("FLAKY") and self.server.asked[order_no] <= 2:
            return self._send(500, {"error": "busy"})
        elif order_no.startswith("DOWN"):
            return self._send(503, {"error": "down"})
        elif order_no.startswith("MISSING"):
            return self._send(404, {"error": "no such order"})
        self._send(200, {"order_no": order_no, "customer_name": "陈女士",
                         "customer_phone": "021-6234 5678", "status": "已发货",
                         "owner": "as1", "updated_at": "2026-12-01T09:00:00Z",
                         "items": [{"name": "空气净化器", "quantity": 1}]})

    def _send(self, status: int, body: dict) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@pytest.fixture
def fake() -> Iterator[FakeOrderSystem]:
    service = FakeOrderSystem()
    thread = threading.Thread(target=service.serve_forever, daemon=True)
    thread.start()
    yield service
    service.release.set()
    service.shutdown()
    service.server_close()


@pytest.fixture
def pulling(server, pg_url, fake) -> Iterator[ServerProcess]:
    """A second server on the test database, configured to pull from the fake."""
    port = fake.server_address[1]
    process = ServerProcess(pg_url, env={
        "TICKETDESK_ORDER_PULL_URL": f"http://127.0.0.1:{port}/orders/{{order_no}}",
        "TICKETDESK_ORDER_PULL_TOKEN": TOKEN,
        "TICKETDESK_ORDER_PULL_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
        "TICKETDESK_ORDER_PULL_ATTEMPTS": "3",
        "TICKETDESK_ORDER_PULL_TTL_SECONDS": "300",
        "TICKETDESK_DISPATCH": "0",
        "TICKETDESK_WEBHOOKS": "0",
    }).start()
    yield process
    process.stop()


def _order_stored(pg_url: str, order_no: str) -> bool:
    with raw_cursor(pg_url) as cur:
        cur.execute("SELECT count(*) FROM orders WHERE order_no = %s", (order_no,))
        return cur.fetchone()[0] == 1


def test_orders_are_pulled_on_first_use_within_bounds(pulling, pg_url, fake):
    admin = make_admin(pulling.base_url, pg_url)
    org = make_org(admin, pulling.base_url)

    def ticket(order_no: str) -> dict:
        return org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": order_no})

    # known to the order system: fetched before the ticket is routed, owner and all
    t = ticket("OK-1")
    order = org.as_("sup").ok("GET", "/orders/OK-1")
    assert order["owner_id"] == org.users["as1"] and order["items"][0]["name"] == "空气净化器"
    assert [x["id"] for x in order["tickets"]] == [t["id"]]
    assert fake.asked["OK-1"] == 1

    # 500 twice, then an answer: retried within the bounds
    ticket("FLAKY-1")
    assert _order_stored(pg_url, "FLAKY-1") and fake.asked["FLAKY-1"] == 3

    # slower than the timeout: the ticket is made without the order, which comes later
    slow = ticket("SLOW-1")
    assert slow["order_no"] == "SLOW-1" and not _order_stored(pg_url, "SLOW-1")
    fake.release.set()
    deadline = time.monotonic() + 10
    while not _order_stored(pg_url, "SLOW-1") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _order_stored(pg_url, "SLOW-1")
    assert [x["id"] for x in org.as_("sup").ok("GET", "/orders/SLOW-1")["tickets"]] == [slow["id"]]

    # down: at most three tries, then not asked again within the TTL
    ticket("DOWN-1")
    deadline = time.monotonic() + 10
    while fake.asked["DOWN-1"] < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # room for a fourth try, which must not come
    assert fake.asked["DOWN-1"] == 3 and not _order_stored(pg_url, "DOWN-1")
    ticket("DOWN-1")
    assert org.as_("sup").get("/orders/DOWN-1").status_code == 404
    assert fake.asked["DOWN-1"] == 3

    # missing there (404): an answer, not retried; the ticket is made all the same
    ticket("MISSING-1")
    assert fake.asked["MISSING-1"] == 1 and not _order_stored(pg_url, "MISSING-1")
    for client in org.clients.values():
        client.close()
    admin.close()
