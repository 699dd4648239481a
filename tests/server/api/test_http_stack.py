"""The HTTP parser and event loop the server runs on, and its answers to malformed HTTP:
a clear 400 (431 for a head over the limit) in the API's error shape that closes the
connection, never a hang, and the server goes on serving."""

from __future__ import annotations

import asyncio
import json
import logging
import select
import socket
import sys
import threading
import time

import httpx
import pytest
import uvicorn

from ticketdesk.server.api import http_server
from ticketdesk.server.api.protocol_refusals import MAX_HEAD_BYTES


def _exchange(port: int, pieces: list[bytes], pause: float = 0.0,
              *, stop: bool = True) -> tuple[bytes, int]:
    """Send ``pieces`` one by one (stopping once the server answers, if ``stop``) and read
    until the server closes: (all it sent, how many pieces went out)."""
    sent = 0
    received: list[bytes] = []
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        for piece in pieces:
            if select.select([sock], [], [], pause)[0] and stop:
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


def _refused(answer: bytes, status: int, code: str) -> None:
    """``answer`` is the whole of a refusal: ``status``, the API's error shape, closed."""
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0].startswith(f"HTTP/1.1 {status} "), answer[:300]
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    assert headers["content-type"] == "application/json", headers
    assert headers["connection"] == "close" and int(headers["content-length"]) == len(body)
    assert json.loads(body)["error"]["code"] == code, body


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
    assert (stack.http, stack.loop, stack.description) == (
        http_server.H11_PROTOCOL, "asyncio", "h11 + asyncio")
    assert "httptools is not installed" in caplog.text and "uvloop" in caplog.text


GARBAGE = (b"HELLO\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
           b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
           b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
           b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


def _endless_header(port: int) -> list[bytes]:
    """A header that never ends, a kilobyte at a time."""
    start = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Filler: ".encode()
    return [start] + [b"a" * 1024] * 200


def test_malformed_request_lines_get_400_and_the_server_goes_on(server):
    for garbage in GARBAGE:
        answer, _ = _exchange(server.port, [garbage])
        _refused(answer, 400, "malformed_request")
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200


def test_a_request_head_over_the_limit_gets_431_at_once_in_one_piece_or_many(server):
    big = "X-Filler: " + "a" * (MAX_HEAD_BYTES + 1000) + "\r\n"
    answer, _ = _exchange(server.port, [_head("/healthz", server.port, big)])
    _refused(answer, 431, "request_head_too_large")
    # A query string as long (the URI is part of the head).
    long_uri = "/api/v1/tickets?q=" + "a" * MAX_HEAD_BYTES
    answer, _ = _exchange(server.port, [_head(long_uri, server.port)])
    _refused(answer, 431, "request_head_too_large")
    # Refused once past the limit (and the one read it may be late by), not buffered for as
    # long as the client keeps sending.
    answer, sent = _exchange(server.port, _endless_header(server.port), pause=0.02)
    _refused(answer, 431, "request_head_too_large")
    assert sent < 2 * MAX_HEAD_BYTES // 1024, sent
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200


async def _hello(scope, receive, send) -> None:
    if scope["path"] == "/slow":
        await asyncio.sleep(0.3)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})


@pytest.mark.parametrize("protocol", [http_server.PROTOCOL, http_server.H11_PROTOCOL])
def test_both_parsers_refuse_alike(protocol):
    # The fallback parser (h11, where httptools is not installed) answers as the one the
    # server runs on: here both serve a bare app in this process.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(_hello, http=protocol, lifespan="off", log_level="critical")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            while not server.started:
                time.sleep(0.01)
            port = sock.getsockname()[1]
            for garbage in (GARBAGE[0], GARBAGE[2], GARBAGE[3]):  # (h11 lets 9.9 and CL+TE by)
                _refused(_exchange(port, [garbage])[0], 400, "malformed_request")
            answer, _ = _exchange(port, _endless_header(port), pause=0.02)
            _refused(answer, 431, "request_head_too_large")
            # A bad header followed by much more in one write is malformed, not too large.
            answer, _ = _exchange(port, [GARBAGE[2] + b"x" * (2 * MAX_HEAD_BYTES)])
            _refused(answer, 400, "malformed_request")
            # Refused after a pipelined request still being answered: after its answer,
            # never inside it.
            slow = f"GET /slow HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
            endless = _endless_header(port)[:40]
            answer, _ = _exchange(port, [slow + endless[0], *endless[1:]], pause=0.01,
                                  stop=False)
            first, _, rest = answer.partition(b"hello")
            assert first.startswith(b"HTTP/1.1 200 "), answer[:300]
            _refused(rest, 431, "request_head_too_large")
            # A body that goes bad after its request was answered: that answer, then only
            # the close (no second, unasked-for response).
            chunked = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n").encode()
            answer, _ = _exchange(port, [chunked, b"zz-not-a-chunk\r\n\r\n"], pause=0.3,
                                  stop=False)
            assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"hello"), answer
            assert answer.count(b"HTTP/1.1") == 1, answer
            assert _exchange(port, [_head("/", port)])[0].endswith(b"hello")
        finally:
            server.should_exit = True
            thread.join(10)


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
