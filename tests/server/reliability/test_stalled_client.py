"""A client that stops reading is dropped without delaying anyone else, and later resumes
from its cursor without losing an event."""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time

import httpx
from websockets.sync.client import connect

from tests.server.live.test_live import live, receive
from tests.support import Api, ServerProcess

COMMENTS = 300
BIG = "内容" * 4500  # ~27 KB of UTF-8 per event: 8 MB in all, more than socket buffers hold


def open_and_stall(port: int, token: str) -> tuple[socket.socket, str]:
    """A WebSocket client that reads the handshake and the hello, then never reads again."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Authorization: Bearer {token}\r\n\r\n".encode()
    )
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(1)
    assert data.startswith(b"HTTP/1.1 101")
    header = sock.recv(2)
    length = header[1] & 0x7F
    if length == 126:
        length = int.from_bytes(sock.recv(2), "big")
    payload = b""
    while len(payload) < length:
        payload += sock.recv(length - len(payload))
    hello = json.loads(payload)
    assert hello["type"] == "hello"
    return sock, hello["cursor"]


def live_clients(server: ServerProcess) -> int:
    for line in httpx.get(f"{server.base_url}/metrics").text.splitlines():
        if line.startswith("ticketdesk_live_clients "):
            return int(float(line.split()[1]))
    raise AssertionError("no live_clients metric")


def test_stalled_client_is_dropped_others_unaffected_and_it_resumes(org, pg_url):
    server = ServerProcess(pg_url, env={"TICKETDESK_LIVE_QUEUE_SIZE": "20"}).start()
    try:
        sup = Api(server.base_url, org.as_("sup").token)
        tid = org.new_ticket("hl1")["id"]
        stalled, cursor = open_and_stall(server.port, sup.token)
        with live(Api(server.base_url, org.as_("as1").token)) as bystander:
            receive(bystander)
            assert live_clients(server) == 2
            got = []

            def read() -> None:  # the bystander keeps reading, as a client does
                while len(got) < COMMENTS:
                    message = json.loads(bystander.recv(timeout=30))
                    if message["event"]["kind"] == "commented":
                        got.append(message["event"]["id"])

            reader = threading.Thread(target=read)
            reader.start()
            for n in range(COMMENTS):
                sup.ok("POST", f"/tickets/{tid}/comments", {"body": f"第 {n} 条 {BIG}"}, status=201)
            reader.join(timeout=60)
            assert len(got) == COMMENTS  # everything, while the other client stalls
            deadline = time.monotonic() + 10
            while live_clients(server) != 1 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert live_clients(server) == 1, "the stalled client was not dropped"
        stalled.close()
        # It comes back and resumes from the last cursor it processed: nothing is lost.
        with connect(
            f"ws://127.0.0.1:{server.port}/api/v1/live?cursor={cursor}",
            additional_headers={"Authorization": f"Bearer {sup.token}"},
            max_size=2**22,
        ) as again:
            assert json.loads(again.recv(timeout=10))["type"] == "hello"
            resumed = []
            while len(resumed) < COMMENTS:
                message = json.loads(again.recv(timeout=10))
                if message["event"]["kind"] == "commented":
                    resumed.append(message["event"]["id"])
        assert len(set(resumed)) == COMMENTS
        assert resumed == sorted(resumed)
    finally:
        server.stop()
