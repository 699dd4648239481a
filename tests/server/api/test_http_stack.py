"""The HTTP parser and event loop the server runs on, and its answers to malformed HTTP:
a clear 400 that closes the connection, never a hang, and the server goes on serving."""

from __future__ import annotations

import logging
import select
import socket
import sys
import time

import httpx
import pytest

from ticketdesk.server.api import http_server
from ticketdesk.server.api.httptools_protocol import MAX_HEAD_BYTES


def _exchange(port: int, pieces: list[bytes], pause: float = 0.0) -> tuple[bytes, int]:
    """Send ``pieces`` one by one (stopping once the server answers) and read until the
    server closes: (all it sent, how many pieces went out)."""
    sent = 0
    received: list[bytes] = []
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        for piece in pieces:
            if select.select([sock], [], [], pause)[0]:
                break  # it answered already
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received.append(chunk)
    return b"".join(received), sent


def _head(path: str, port: int, extra: str = "") -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}"
            "Connection: close\r\n\r\n").encode()


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop has no Windows build")
def test_the_server_runs_on_httptools_and_uvloop(server):
    assert http_server.choose() == http_server.Stack(http_server.PROTOCOL, "uvloop")
    assert "[httptools + uvloop]" in server.log()


def test_without_them_it_falls_back_and_says_so(monkeypatch, caplog):
    monkeypatch.setattr(http_server, "_importable", lambda name: False)
    with caplog.at_level(logging.WARNING, logger=http_server.__name__):
        stack = http_server.choose()
    assert (stack.http, stack.loop, stack.description) == ("h11", "asyncio", "h11 + asyncio")
    assert "httptools is not installed" in caplog.text and "uvloop" in caplog.text


def test_malformed_request_lines_get_400_and_the_server_goes_on(server):
    for garbage in (b"HELLO\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                    b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
                    b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                    b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"):
        answer, _ = _exchange(server.port, [garbage])
        assert answer.startswith(b"HTTP/1.1 400 "), (garbage, answer[:200])
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200


def test_a_request_head_over_the_limit_gets_400_at_once_in_one_piece_or_many(server):
    big = "X-Filler: " + "a" * (MAX_HEAD_BYTES + 1000) + "\r\n"
    answer, _ = _exchange(server.port, [_head("/healthz", server.port, big)])
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    # A header that never ends, a kilobyte at a time: refused once past the limit (and the
    # one read it may be late by), not buffered for as long as the client keeps sending.
    start = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Filler: ".encode()
    pieces = [start] + [b"a" * 1024] * 200
    answer, sent = _exchange(server.port, pieces, pause=0.02)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert sent < 2 * MAX_HEAD_BYTES // 1024, sent
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200


def test_large_but_allowed_heads_and_pipelined_requests_are_served(server):
    allowed = "X-Filler: " + "a" * (MAX_HEAD_BYTES // 2) + "\r\n"
    answer, _ = _exchange(server.port, [_head("/healthz", server.port, allowed)])
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    keep = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
    answer, _ = _exchange(server.port, [keep * 3 + _head("/healthz", server.port)])
    assert answer.count(b"HTTP/1.1 200 ") == 4, answer[:400]


def test_a_body_that_arrives_with_its_head_is_not_counted_as_head(server):
    # A JSON body or an upload often comes in the same read as the head; only the head is
    # held to the limit, so a 64 KiB body sent in one piece reaches the application.
    body = b'{"title": "' + b"a" * (64 * 1024) + b'"}'
    head = (f"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    answer, _ = _exchange(server.port, [head + body])
    assert answer.startswith(b"HTTP/1.1 401 "), answer[:200]
    # The blank line that ends the head split between two reads is still found.
    answer, _ = _exchange(server.port, [head[:-2], head[-2:] + body], pause=0.02)
    assert answer.startswith(b"HTTP/1.1 401 "), answer[:200]
