"""A real webhook receiver on loopback for the tests: an HTTP server in a thread that
verifies every message with the ``standardwebhooks`` package (as an integrator's would)
and answers as the test tells it (fail the first N, always some status, hang)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    msg_id: str
    timestamp: str
    signature: str
    body: dict[str, Any] | None
    answered: int
    at: float
    verified: bool
    raw: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Receiver:
    """``status(n)`` gives the answer to the n-th request (0-based); ``hang`` holds every
    request unanswered until it is set. ``secret`` is filled in once the endpoint exists."""

    status: Callable[[int], int] = lambda n: 200
    headers: Callable[[int], dict[str, str]] = lambda n: {}
    secret: str | None = None
    poison: Callable[[bytes], bool] = lambda body: False
    """Messages (by their body) this receiver chokes on: answered 500, every time."""
    hang: threading.Event | None = None
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    n = len(receiver.received)
                    answer = 0 if receiver.hang is not None else receiver.status(n)
                    if receiver.poison(data):
                        answer = 500
                    extra = receiver.headers(n)
                    record = Received(
                        msg_id=self.headers.get("webhook-id", ""),
                        timestamp=self.headers.get("webhook-timestamp", ""),
                        signature=self.headers.get("webhook-signature", ""),
                        body=None, answered=answer, at=time.monotonic(), verified=False,
                        raw=data, headers=dict(self.headers),
                    )
                    receiver.received.append(record)
                if receiver.hang is not None:
                    receiver.hang.wait(30)
                    return  # the connection closes without an answer
                try:
                    assert receiver.secret is not None
                    record.body = Webhook(receiver.secret).verify(data, dict(self.headers))
                    record.verified = True
                except (WebhookVerificationError, AssertionError, ValueError):
                    record.body = json.loads(data or b"null")
                    answer = record.answered = 401
                self.send_response(answer)
                for key, value in extra.items():
                    self.send_header(key, value)
                self.send_header("content-length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a hanging request must not hold the teardown
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.hang is not None:
            self.hang.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def delivered(self) -> list[Received]:
        """Messages answered 2xx, first time each (a repeat is at-least-once, dropped)."""
        seen: set[str] = set()
        out = []
        with self.lock:
            for r in self.received:
                if 200 <= r.answered < 300 and r.msg_id not in seen:
                    seen.add(r.msg_id)
                    out.append(r)
        return out

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, what: str = "") -> Any:
    """Poll a condition on real time (the server works in another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or condition}")
