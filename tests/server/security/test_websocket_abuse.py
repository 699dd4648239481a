"""Hostile WebSocket clients are cut off; the server and other clients carry on."""

from __future__ import annotations

import socket

import pytest
from websockets.exceptions import ConnectionClosed

from tests.server.live.test_live import events_until, live, receive


def closed_with(ws) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=10)
    return closed.value.rcvd.code if closed.value.rcvd else closed.value.sent.code


def assert_others_unaffected(org, bystander):
    org.new_ticket("hl1")
    assert events_until(bystander, lambda m: m["event"]["kind"] == "created")


def test_a_flood_of_messages_closes_that_client(org):
    with live(org.as_("sup")) as bystander, live(org.as_("as1")) as flooder:
        receive(bystander)
        receive(flooder)
        try:
            for i in range(200):
                flooder.send(f"spam {i}")
        except ConnectionClosed:
            pass
        assert closed_with(flooder) == 1008
        assert_others_unaffected(org, bystander)


def test_an_oversized_frame_closes_that_client(org):
    with live(org.as_("sup")) as bystander, live(org.as_("as1")) as big:
        receive(bystander)
        receive(big)
        big.send("x" * 200_000)
        assert closed_with(big) == 1009
        assert_others_unaffected(org, bystander)


def test_garbage_frames_close_that_client(org, server):
    with live(org.as_("sup")) as bystander, live(org.as_("as1")) as victim:
        receive(bystander)
        receive(victim)
        raw: socket.socket = victim.socket
        raw.sendall(b"\xff\xff\x00\x01garbage that is not a websocket frame" * 10)
        with pytest.raises((ConnectionClosed, OSError)):
            while True:
                victim.recv(timeout=10)
        assert_others_unaffected(org, bystander)
