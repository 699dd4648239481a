"""A lean WebSocket load generator for ``WS /api/v1/live``: many clients per process on raw
asyncio protocols (a hand-rolled handshake and frame reader, no library objects per
connection), spread over a few worker processes, so that 10,000 clients fit beside the
server they measure on two shared cores and their own reading adds little to the figures.

Each client does what the desktop client does on the socket: connects with its bearer
token, waits for ``hello``, answers the server's pings, and reads events. A client
timestamps (``time.perf_counter``: CLOCK_MONOTONIC, the same clock in every process on
Linux) each event of the kind it was told (``created`` or ``commented``) that carries
``fanout-round <n>`` (the new ticket's title, the comment's body), and checks that the rounds
``n`` reach it once each and in order.

The parent drives the workers over a pipe (:class:`Fleet`): open up to so many clients,
then for each round "report the arrivals of round n" before posting the event.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import multiprocessing
import os
import re
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as PipeEnd

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_ROUND = re.compile(rb"fanout-round (\d+)")
_OP_TEXT, _OP_CLOSE, _OP_PING = 0x1, 0x8, 0x9
# Client frames must be masked; a zero mask key is a valid one and leaves the payload as is.
_ZERO_MASK = b"\x00\x00\x00\x00"


def marker(round_no: int) -> str:
    """The text (a ticket's title, a comment's body) the clients look for in round
    ``round_no``."""
    return f"fanout-round {round_no}"


class LiveClient(asyncio.Protocol):
    """One WebSocket client: only the state a frame reader needs."""

    __slots__ = ("buf", "close_code", "key", "last_round", "open", "transport", "upgraded",
                 "worker")

    def __init__(self, worker: Worker, key: bytes) -> None:
        self.worker = worker
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.key = key  # Sec-WebSocket-Key, to check the server's accept
        self.upgraded = False  # the server's 101 read
        self.open = False  # handshake done and hello (or reset) received
        self.last_round = -1
        self.close_code: int | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        buf = self.buf
        buf += data
        if self.transport is None:
            return
        if not self.upgraded:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end])
            del buf[: end + 4]
            if not self._accepted(head):
                self.transport.close()
                return
            self.upgraded = True
        pos, size = 0, len(buf)
        while size - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            length, start = b1 & 0x7F, pos + 2
            if length == 126:
                if size - pos < 4:
                    break
                (length,) = struct.unpack_from("!H", buf, pos + 2)
                start = pos + 4
            elif length == 127:
                if size - pos < 10:
                    break
                (length,) = struct.unpack_from("!Q", buf, pos + 2)
                start = pos + 10
            if size - start < length:
                break
            opcode = b0 & 0x0F
            payload = bytes(buf[start:start + length])
            pos = start + length
            if opcode == _OP_TEXT:
                self._text(payload, now)
            elif opcode == _OP_PING:
                self._send(0x8A, payload)  # pong, as every WebSocket client does
            elif opcode == _OP_CLOSE:
                code = struct.unpack_from("!H", payload)[0] if len(payload) >= 2 else 1005
                self.close_code = code
                self._send(0x88, payload[:2])
                self.transport.close()
                break
        del buf[:pos]

    def _accepted(self, head: bytes) -> bool:
        status, *headers = head.split(b"\r\n")
        if not status.startswith(b"HTTP/1.1 101"):
            return False
        accept = base64.b64encode(hashlib.sha1(self.key + _GUID).digest())
        for line in headers:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"sec-websocket-accept":
                return value.strip() == accept
        return False

    def _send(self, first: int, payload: bytes) -> None:
        assert self.transport is not None and len(payload) < 126
        self.transport.write(bytes((first, 0x80 | len(payload))) + _ZERO_MASK + payload)

    def _text(self, payload: bytes, now: float) -> None:
        if not self.open:  # the first message: hello or reset
            self.open = True
            self.worker.opened(self)
            return
        if self.worker.kind not in payload:
            return
        found = _ROUND.search(payload)
        if found is None:
            return
        round_no = int(found.group(1))
        if round_no <= self.last_round:
            self.worker.out_of_order += 1  # a repeat or a step back
            return
        self.last_round = round_no
        self.worker.arrived(round_no, now)

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.lost(self)


@dataclass
class Worker:
    """One process's share of the clients."""

    host: str
    port: int
    tokens: list[str]
    connect_rate: float
    """New connections a second (this worker's share of the fleet's rate)."""
    kind: bytes = b'"kind":"created"'
    """The kind of event the rounds are (its JSON, as the server writes it)."""
    in_flight: int = 64
    """Handshakes under way at once, at most: the server's accept loop sets the pace."""
    clients: list[LiveClient] = field(default_factory=list)
    ready: int = 0
    failed: int = 0
    """Attempts that did not get a hello (each retried, up to five times a client)."""
    refused: int = 0
    """Of ``failed``: the TCP connection itself failed."""
    timed_out: int = 0
    """Of ``failed``: no hello before the deadline."""
    dropped: int = 0
    """Clients whose connection ended after their hello (the server closed it)."""
    close_codes: dict[int, int] = field(default_factory=dict)
    out_of_order: int = 0
    arrivals: dict[int, list[float]] = field(default_factory=dict)
    stopping: bool = False
    _waiting: dict[int, tuple[int, asyncio.Future[None]]] = field(default_factory=dict)
    _slots: asyncio.Semaphore | None = None
    _pending: dict[LiveClient, asyncio.Future[bool]] = field(default_factory=dict)

    def _request(self, token: str, key: bytes) -> bytes:
        return (f"GET /api/v1/live HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key.decode()}\r\nSec-WebSocket-Version: 13\r\n"
                f"Authorization: Bearer {token}\r\n\r\n").encode()

    # --- called by the clients
    def opened(self, client: LiveClient) -> None:
        self.ready += 1
        future = self._pending.pop(client, None)
        if future is not None and not future.done():
            future.set_result(True)

    def lost(self, client: LiveClient) -> None:
        future = self._pending.pop(client, None)
        if future is not None and not future.done():
            future.set_result(False)
        elif client.open and not self.stopping:
            self.dropped += 1
            self.ready -= 1
            code = client.close_code or 1006
            self.close_codes[code] = self.close_codes.get(code, 0) + 1

    def arrived(self, round_no: int, at: float) -> None:
        times = self.arrivals.setdefault(round_no, [])
        times.append(at)
        waiting = self._waiting.get(round_no)
        if waiting is not None and len(times) >= waiting[0] and not waiting[1].done():
            waiting[1].set_result(None)

    # --- driven by the parent
    async def open_upto(self, count: int, timeout: float) -> None:
        """Connect clients until ``count`` of this worker's have their hello (or give up)."""
        loop = asyncio.get_running_loop()
        self._slots = self._slots or asyncio.Semaphore(self.in_flight)
        deadline = loop.time() + timeout
        started = len(self.clients)
        begun = loop.time()
        tasks = []
        for n in range(len(self.clients), min(count, len(self.tokens))):
            # paced: the n-th new connection no earlier than n / rate seconds from now
            delay = begun + (n - started) / self.connect_rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            await self._slots.acquire()
            tasks.append(loop.create_task(self._connect(n, deadline)))
        if tasks:
            await asyncio.gather(*tasks)

    async def _connect(self, n: int, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        assert self._slots is not None
        try:
            for _attempt in range(5):
                key = base64.b64encode(os.urandom(16))
                client = LiveClient(self, key)
                future: asyncio.Future[bool] = loop.create_future()
                self._pending[client] = future
                try:
                    await loop.create_connection(lambda c=client: c, self.host, self.port)
                except OSError:
                    self._pending.pop(client, None)
                    self.failed += 1
                    self.refused += 1
                    await asyncio.sleep(0.5)
                    continue
                assert client.transport is not None
                client.transport.write(self._request(self.tokens[n], key))
                try:
                    ok = await asyncio.wait_for(future, max(1.0, deadline - loop.time()))
                except TimeoutError:
                    ok = False
                    self.timed_out += 1
                if ok:
                    self.clients.append(client)
                    return
                self.failed += 1
                self._pending.pop(client, None)
                client.transport.close()
                if loop.time() >= deadline:
                    return
                await asyncio.sleep(0.5)
        finally:
            self._slots.release()

    async def wait_round(self, round_no: int, expected: int, timeout: float) -> list[float]:
        """The arrival times of round ``round_no`` once ``expected`` clients have it (or at
        the timeout)."""
        times = self.arrivals.setdefault(round_no, [])
        if len(times) < expected:
            future = asyncio.get_running_loop().create_future()
            self._waiting[round_no] = (expected, future)
            try:
                await asyncio.wait_for(future, timeout)
            except TimeoutError:
                pass
            finally:
                del self._waiting[round_no]
        return list(self.arrivals.pop(round_no, []))

    def stats(self) -> dict[str, object]:
        return {"ready": self.ready, "failed": self.failed, "refused": self.refused,
                "timed_out": self.timed_out, "dropped": self.dropped,
                "out_of_order": self.out_of_order, "close_codes": self.close_codes}

    async def serve(self, pipe: PipeEnd) -> None:
        loop = asyncio.get_running_loop()
        commands: asyncio.Queue[tuple] = asyncio.Queue()
        loop.add_reader(pipe.fileno(), lambda: commands.put_nowait(pipe.recv()))
        while True:
            command, *args = await commands.get()
            if command == "open":
                await self.open_upto(*args)
                pipe.send(self.stats())
            elif command == "round":
                round_no, timeout = args
                pipe.send(await self.wait_round(round_no, self.ready, timeout))
            elif command == "stats":
                pipe.send(self.stats())
            else:  # stop
                self.stopping = True
                for client in self.clients:
                    if client.transport is not None:
                        client.transport.close()
                await asyncio.sleep(0.1)
                pipe.send(self.stats())
                return


def _worker_main(pipe: PipeEnd, worker: Worker) -> None:
    asyncio.run(worker.serve(pipe))


class Fleet:
    """``workers`` processes holding the clients of ``tokens`` between them."""

    def __init__(self, host: str, port: int, tokens: Sequence[str], *, workers: int,
                 connect_rate: float, kind: str = "created", in_flight: int = 128) -> None:
        # forked before the parent runs any event loop
        context = multiprocessing.get_context("fork")
        self.pipes: list[PipeEnd] = []
        self.procs: list[multiprocessing.process.BaseProcess] = []
        self.shares = [len(tokens[w::workers]) for w in range(workers)]
        for w in range(workers):
            ours, theirs = context.Pipe()
            worker = Worker(host, port, list(tokens[w::workers]), connect_rate / workers,
                            kind=f'"kind":"{kind}"'.encode(),
                            in_flight=max(1, in_flight // workers))
            proc = context.Process(target=_worker_main, args=(theirs, worker), daemon=True,
                                   name=f"wsload-{w}")
            proc.start()
            theirs.close()
            self.pipes.append(ours)
            self.procs.append(proc)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p.pid is not None]

    async def _ask(self, messages: list[tuple]) -> list:
        for pipe, message in zip(self.pipes, messages, strict=True):
            pipe.send(message)
        return await asyncio.gather(*(asyncio.to_thread(p.recv) for p in self.pipes))

    async def open(self, total: int, timeout: float) -> dict[str, int]:
        """Clients connected (with their hello) until ``total`` are, spread evenly."""
        targets = [len(range(w, total, len(self.pipes))) for w in range(len(self.pipes))]
        return _sum(await self._ask([("open", n, timeout) for n in targets]))

    def start_round(self, round_no: int, timeout: float) -> None:
        for pipe in self.pipes:
            pipe.send(("round", round_no, timeout))

    async def round_arrivals(self) -> list[float]:
        parts = await asyncio.gather(*(asyncio.to_thread(p.recv) for p in self.pipes))
        return [t for part in parts for t in part]

    async def stats(self) -> dict[str, int]:
        return _sum(await self._ask([("stats",)] * len(self.pipes)))

    async def stop(self) -> dict[str, int]:
        figures = _sum(await self._ask([("stop",)] * len(self.pipes)))
        for proc in self.procs:
            proc.join(10)
        return figures


def _sum(parts: list[dict]) -> dict[str, int]:
    total: dict[str, int] = {}
    codes: dict[int, int] = {}
    for part in parts:
        for key, value in part.items():
            if key == "close_codes":
                for code, n in value.items():
                    codes[code] = codes.get(code, 0) + n
            else:
                total[key] = total.get(key, 0) + value
    return {**total, "close_codes": codes}  # type: ignore[dict-item]
