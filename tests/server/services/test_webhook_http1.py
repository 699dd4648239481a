"""The webhook sender's HTTP/1.1 client against raw loopback receivers that answer the way
real ones do: kept-alive, chunked, HTTP/1.0 with a close, a close of an idle connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from ticketdesk.server.webhooks import http1

Answer = Callable[[int], bytes]


async def _serve(answer: Answer, *, close_after: int | None = None
                 ) -> tuple[asyncio.Server, list[int], list[bytes]]:
    """A receiver that reads each request whole and answers ``answer(n)``; it closes each
    connection after ``close_after`` requests, and after an answer saying so. Returns it,
    the connections' request counts, and the bodies it got."""
    connections: list[int] = []
    bodies: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = len(connections)
        connections.append(0)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
                bodies.append(await reader.readexactly(length))
                connections[index] += 1
                said = answer(len(bodies) - 1)
                writer.write(said)
                await writer.drain()
                if b"connection: close" in said or (
                        close_after is not None and connections[index] >= close_after):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, connections, bodies


def _run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(test(), 10))


def _to(server: asyncio.Server) -> http1.Destination:
    port = server.sockets[0].getsockname()[1]
    return http1.Destination(scheme="http", host="127.0.0.1", address="127.0.0.1", port=port)


def test_a_kept_alive_connection_carries_the_next_attempts():
    async def go() -> None:
        server, connections, bodies = await _serve(
            lambda n: b"HTTP/1.1 204 No Content\r\n\r\n" if n % 2 else
            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        pool = http1.Pool(2)
        for i in range(5):
            answer = await pool.post(_to(server), "/hook?x=1", {"webhook-id": f"m{i}"},
                                     f"body{i}".encode())
            assert answer.status == (204 if i % 2 else 200)
        assert connections == [5] and bodies == [f"body{i}".encode() for i in range(5)]
        pool.close()
        server.close()

    _run(go)


def test_chunked_and_interim_answers_are_read_to_their_end():
    async def go() -> None:
        server, connections, _ = await _serve(
            lambda n: b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\nretry-after: 7\r\n"
                      b"transfer-encoding: chunked\r\n\r\n4\r\nslow\r\n5;x=y\r\n down\r\n0\r\n\r\n")
        pool = http1.Pool(1)
        for _ in range(2):
            answer = await pool.post(_to(server), "/", {}, b"{}")
            assert (answer.status, answer.text, answer.headers["retry-after"]) == (
                503, "slow down", "7")
        assert connections == [2]  # the chunked answer's end was found: reused
        pool.close()
        server.close()

    _run(go)


def test_http_1_0_answers_and_connection_close_are_not_reused():
    async def go() -> None:
        server, connections, _ = await _serve(
            lambda n: b"HTTP/1.0 500 Oops\r\ncontent-length: 4\r\n\r\nOops" if n == 0 else
            b"HTTP/1.1 410 Gone\r\nconnection: close\r\n\r\nno more")
        pool = http1.Pool(1)
        first = await pool.post(_to(server), "/", {}, b"{}")
        second = await pool.post(_to(server), "/", {}, b"{}")
        assert (first.status, first.text) == (500, "Oops")
        assert (second.status, second.text) == (410, "no more")  # read to the close
        assert connections == [1, 1]
        pool.close()
        server.close()

    _run(go)


def test_a_receiver_closing_an_idle_connection_costs_no_attempt():
    """The receiver closes each connection after one answer (as one whose keep-alive time
    ran out would): the next attempt goes out once more on a new connection and succeeds."""
    async def go() -> None:
        server, connections, bodies = await _serve(
            lambda n: b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", close_after=1)
        pool = http1.Pool(1)
        for i in range(3):
            assert (await pool.post(_to(server), "/", {}, f"{i}".encode())).status == 200
        assert bodies == [b"0", b"1", b"2"] and connections == [1, 1, 1]
        pool.close()
        server.close()

    _run(go)


def test_nothing_listening_and_a_broken_answer_are_errors():
    async def go() -> None:
        server, _, _ = await _serve(lambda n: b"SMTP ready\r\n\r\n")
        pool = http1.Pool(1)
        with pytest.raises(http1.HTTPError, match="status line"):
            await pool.post(_to(server), "/", {}, b"{}")
        to = _to(server)
        server.close()
        await server.wait_closed()
        with pytest.raises(http1.HTTPError, match="cannot connect"):
            await pool.post(to, "/", {}, b"{}")
        with pytest.raises(ValueError, match="line break"):
            await pool.post(to, "/", {"x": "a\r\nevil: 1"}, b"{}")
        pool.close()

    _run(go)


def test_the_host_header_of_an_ipv6_receiver_has_brackets():
    assert http1.host_header(http1.Destination("https", "::1", "::1", 443)) == "[::1]"
    assert http1.host_header(http1.Destination("http", "hooks.example", "93.184.215.14",
                                               8080)) == "hooks.example:8080"
