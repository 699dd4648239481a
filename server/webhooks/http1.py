"""A minimal HTTP/1.1 client for webhook attempts: one POST at a time per connection, kept
alive between attempts, over asyncio streams (TLS by the ``ssl`` module).

Why not httpx: at a thousand deliveries a second its per-request machinery (the pool's
bookkeeping, a ``getpeername`` per connection per request, anyio's stream wrappers) took
most of the delivery loop's CPU (see docs/benchmarks.md, "Webhook delivery"). A webhook
attempt needs little of it: no redirects (3xx is a failure), no proxies (the connection
must go to the checked address), no cookies, no compression, no HTTP/2. What it needs is
done here: the status, the headers, a bounded body, and the framing rules of RFC 9112 §6.3
so that a connection is reused only when the answer ended where its framing said."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass

MAX_HEAD = 64 * 1024
"""A status line and headers longer than this are a broken receiver."""
MAX_BODY = 64 * 1024
"""Read at most this much of an answer's body (only its start is kept, for the error);
a connection whose answer is longer is closed instead of drained."""
IDLE_SECONDS = 4.0
"""An idle connection older than this is not reused: receivers close idle keep-alive
connections (Node's default is after 5 s), and a request written into a connection the
other side is closing fails for nothing."""


class HTTPError(Exception):
    """The exchange failed before a whole answer arrived (connecting, TLS, framing)."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    """Lower-case names; of a repeated header, the last one."""
    body: bytes
    """The start of the body (at most ``MAX_BODY`` bytes)."""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass(frozen=True)
class Destination:
    """Where a connection goes. ``host`` is the name for the Host header and TLS (SNI and
    the certificate check); ``address`` is the checked address actually connected to."""

    scheme: str
    host: str
    address: str
    port: int


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0
        self.requests = 0

    def usable(self, now: float) -> bool:
        return (not self.writer.is_closing() and not self.reader.at_eof()
                and now - self.idle_since < IDLE_SECONDS)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()


_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    global _tls
    if _tls is None:
        _tls = ssl.create_default_context()
    return _tls


class Pool:
    """Kept-alive connections of one endpoint, at most ``size`` idle per destination."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._idle: dict[Destination, list[_Connection]] = {}

    async def post(self, to: Destination, target: str, headers: Mapping[str, str],
                   body: bytes) -> Response:
        """POST ``body`` to ``target`` (path and query). The caller bounds the time
        (``asyncio.timeout``): a connection interrupted mid-exchange is closed, never
        reused."""
        head = _request_head(to, target, headers, len(body))
        connection = self._take(to)
        if connection is not None:
            try:
                return await self._exchange(to, connection, head, body)
            except _NothingBack:
                # The receiver closed the kept-alive connection as the request went out
                # (nothing of an answer came back): once more, on a new connection.
                pass
        connection = await _connect(to)
        try:
            return await self._exchange(to, connection, head, body)
        except _NothingBack as exc:
            raise HTTPError("the receiver closed the connection without an answer") from exc

    async def _exchange(self, to: Destination, connection: _Connection, head: bytes,
                        body: bytes) -> Response:
        reusable = False
        try:
            try:
                connection.writer.write(head + body)
                await connection.writer.drain()
                answer_head = await connection.reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    raise
                raise _NothingBack from exc
            except ConnectionError as exc:
                raise _NothingBack from exc
            response, reusable = await _read_response(connection.reader, answer_head)
            return response
        except _NothingBack:
            raise
        except asyncio.LimitOverrunError as exc:
            raise HTTPError("the answer's headers are too long") from exc
        except asyncio.IncompleteReadError as exc:
            raise HTTPError("the receiver closed the connection mid-answer") from exc
        except (OSError, ValueError, UnicodeError) as exc:
            raise HTTPError(f"{type(exc).__name__}: {exc}" if str(exc)
                            else type(exc).__name__) from exc
        finally:
            connection.requests += 1
            if reusable:
                self._give_back(to, connection)
            else:
                connection.close()

    def _take(self, to: Destination) -> _Connection | None:
        idle = self._idle.get(to)
        now = time.monotonic()
        while idle:
            connection = idle.pop()  # the most recently used: the least likely closed
            if connection.usable(now):
                return connection
            connection.close()
        return None

    def _give_back(self, to: Destination, connection: _Connection) -> None:
        connection.idle_since = time.monotonic()
        idle = self._idle.setdefault(to, [])
        if len(idle) >= self._size:
            connection.close()
        else:
            idle.append(connection)

    def close(self) -> None:
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()


class _NothingBack(Exception):
    """Not one byte of an answer: the connection was closed under the request."""


async def _connect(to: Destination) -> _Connection:
    tls = _tls_context() if to.scheme == "https" else None
    try:
        reader, writer = await asyncio.open_connection(
            to.address, to.port, ssl=tls, server_hostname=to.host if tls else None,
            limit=MAX_HEAD)
    except ssl.SSLError as exc:
        raise HTTPError(f"TLS: {exc.reason or exc}") from exc
    except OSError as exc:
        raise HTTPError(f"cannot connect to {to.address} port {to.port}: "
                        f"{exc.strerror or exc}") from exc
    return _Connection(reader, writer)


def host_header(to: Destination) -> str:
    host = f"[{to.host}]" if ":" in to.host else to.host
    default = 443 if to.scheme == "https" else 80
    return host if to.port == default else f"{host}:{to.port}"


def _request_head(to: Destination, target: str, headers: Mapping[str, str],
                  length: int) -> bytes:
    lines = [f"POST {target} HTTP/1.1", f"host: {host_header(to)}",
             f"content-length: {length}"]
    for name, value in headers.items():
        if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
            raise ValueError(f"header {name!r} holds a line break")
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _status(line: bytes) -> tuple[str, int]:
    parts = line.decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ValueError(f"not an HTTP/1 status line: {line[:80]!r}")
    return parts[0], int(parts[1])


def _headers(block: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in block.decode("latin-1").split("\r\n"):
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"not a header line: {line[:80]!r}")
        out[name.strip().lower()] = value.strip()
    return out


async def _read_response(reader: asyncio.StreamReader, head: bytes
                         ) -> tuple[Response, bool]:
    """The answer to one request, from its head (status line and headers); and whether
    the connection may carry another request (the answer's end was framed, and nobody
    asked to close)."""
    while True:
        first, _, block = head[:-4].partition(b"\r\n")
        version, status = _status(first)
        headers = _headers(block)
        if 100 <= status < 200:  # interim (100 Continue, 103 Early Hints): the real one follows
            head = await reader.readuntil(b"\r\n\r\n")
            continue
        break
    keep = version == "HTTP/1.1" and "close" not in headers.get("connection", "").lower()
    if status in (204, 304):
        return Response(status, headers, b""), keep
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body, whole = await _chunked(reader)
        return Response(status, headers, body), keep and whole
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ValueError(f"bad content-length {length!r}")
        size = int(length)
        if size > MAX_BODY:
            return Response(status, headers, await reader.read(MAX_BODY)), False
        return Response(status, headers, await reader.readexactly(size)), keep
    # Neither: the body runs to the end of the connection.
    body = b""
    while len(body) < MAX_BODY:
        chunk = await reader.read(MAX_BODY - len(body))
        if not chunk:
            break
        body += chunk
    return Response(status, headers, body), False


async def _chunked(reader: asyncio.StreamReader) -> tuple[bytes, bool]:
    body = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                pass
            return bytes(body), True
        if len(body) + size > MAX_BODY:
            return bytes(body), False
        body += (await reader.readexactly(size + 2))[:-2]
