"""The live feed's reading, on a thread of its own: LISTEN, and on each NOTIFY the new
events read and encoded at once, handed to the event loop a batch at a time.

Why a thread: at 500 events/s with 1,000 agents (167 tickets/s) the event loop is busy with
request handling, and an event waited for it at every step when the reading lived there —
the LISTEN socket's callback, the reader task's wake-up, the hop to a worker thread and back,
the reader task again — five turns of a loaded loop before the clients' senders ran (see
docs/benchmarks.md, "Push under load"). Here the notification wakes this thread directly,
which reads at once, and the loop takes the batch in one callback: the push waits for the
loop once, to offer the batch to the clients' queues, and once more for their senders.

What the loop may rely on: batches come in order, each saying the cursor it was read after
(``ReadBatch.after``); a batch that does not follow the cursor the hub has reached is stale
(read before the hub asked for a re-read) and is ignored. Nothing here touches a subscriber.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg2
import psycopg2.extensions
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..store.database import DISPATCH_PAYLOAD, NOTIFY_CHANNEL
from . import feed
from .cursor import Cursor

log = logging.getLogger(__name__)

BATCH = 500
IN_FLIGHT = 4
"""Batches handed to the loop and not yet taken: when the loop falls this far behind the
reader waits for it rather than holding ever more encoded events."""


@dataclass(frozen=True, slots=True)
class ReadBatch:
    after: Cursor
    items: list[feed.Item]
    encoded: bool
    """False when nobody was listening as it was read (no tickets read, nothing encoded)."""
    notified: float
    """When the notification that asked for it arrived (or the read started, for a poll)."""
    started: float
    read: float


class Reader:
    """``deliver`` is called on ``loop`` with each batch; ``listening`` says (from any
    thread, a hint) whether anyone is connected to encode for; ``also`` is called for
    notifications that may give the assignment engine work, ``always`` for every one — both
    from this thread (they must be thread-safe)."""

    def __init__(
        self,
        *,
        engine: Engine,
        session_factory: sessionmaker[Session],
        start: Cursor,
        poll_seconds: float,
        loop: asyncio.AbstractEventLoop,
        deliver: Callable[[ReadBatch], None],
        listening: Callable[[], bool],
        also: Callable[[], None] | None = None,
        always: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._session_factory = session_factory
        self._cursor = start
        self._poll = poll_seconds
        self._loop = loop
        self._deliver = deliver
        self._listening = listening
        self._also = also
        self._always = always
        self._conn: psycopg2.extensions.connection | None = None
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._lock = threading.Lock()
        self._restart: Cursor | None = None
        self._stopping = threading.Event()
        self._slots = threading.Semaphore(IN_FLIGHT)
        self._thread = threading.Thread(target=self._run, name="live-reader", daemon=True)
        self.connected = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Blocking: ends the thread (its read in progress finishes first)."""
        self._stopping.set()
        self.wake()
        self._thread.join(timeout=30)
        self._wake_r.close()
        self._wake_w.close()

    def wake(self) -> None:
        """Thread-safe: read now."""
        with contextlib.suppress(OSError):  # the pipe is full (a wake is pending) or closed
            self._wake_w.send(b"\0")

    def reread(self, after: Cursor) -> None:
        """Thread-safe: read again from ``after`` (the batches read meanwhile are stale)."""
        with self._lock:
            self._restart = after
        self.wake()

    def taken(self) -> None:
        """Called by the loop once it has taken a batch."""
        self._slots.release()

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        delay = 0.2
        while not self._stopping.is_set():
            if self._conn is None:
                try:
                    self._connect()
                except Exception as exc:  # the database is down or unreachable: keep trying
                    log.warning("LISTEN connection failed (%s); retrying in %.1fs", exc, delay)
                    self._pause(delay)
                    delay = min(delay * 2, 5.0)
                    # meanwhile the poll still reads (the pool may reach the database)
                    self._drain(time.perf_counter())
                    continue
                delay = 0.2
                # catch up on anything announced while we were away
                self._announce(dispatch=True)
                self._drain(time.perf_counter())
                continue
            notified = self._wait()
            if self._stopping.is_set():
                break
            self._drain(notified if notified is not None else time.perf_counter())
        self._close()

    def _connect(self) -> None:
        raw = self._engine.raw_connection()
        raw.detach()  # ours alone for as long as it lives, never back to the pool
        conn = raw.dbapi_connection
        conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        with conn.cursor() as cur:
            cur.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._conn = conn
        self.connected = True

    def _wait(self) -> float | None:
        """Until a notification, a wake-up or the poll's timeout; when the notification
        arrived (None for the others)."""
        conn = self._conn
        assert conn is not None
        try:
            ready, _, _ = select.select([conn.fileno(), self._wake_r], [], [], self._poll)
        except (OSError, ValueError) as exc:
            log.warning("LISTEN connection lost: %s", exc)
            self._close()
            return None
        now = time.perf_counter()
        if self._wake_r in ready:
            with contextlib.suppress(OSError):
                while self._wake_r.recv(4096):
                    pass
        if conn.fileno() in ready:
            try:
                conn.poll()
            except (psycopg2.Error, OSError) as exc:
                log.warning("LISTEN connection lost: %s", exc)
                self._close()
                return None
            if conn.notifies:
                dispatch = any(n.payload == DISPATCH_PAYLOAD for n in conn.notifies)
                conn.notifies.clear()
                self._announce(dispatch=dispatch)
                return now
        return None

    def _announce(self, *, dispatch: bool) -> None:
        if self._always is not None:
            self._always()
        if dispatch and self._also is not None:
            self._also()

    def _drain(self, notified: float) -> None:
        """Read and hand over every committed event after the cursor."""
        while not self._stopping.is_set():
            with self._lock:
                if self._restart is not None:
                    self._cursor, self._restart = self._restart, None
            after = self._cursor
            started = time.perf_counter()
            encoded = self._listening()
            try:
                items = feed.read_after(self._session_factory, after, limit=BATCH,
                                        messages=encoded)
            except Exception:  # the database may be restarting; the next round retries
                log.exception("reading new events failed")
                self._pause(0.5)
                return
            if not items:
                return
            batch = ReadBatch(after, items, encoded, notified, started, time.perf_counter())
            while not self._slots.acquire(timeout=0.5):
                if self._stopping.is_set():
                    return
            try:
                self._loop.call_soon_threadsafe(self._deliver, batch)
            except RuntimeError:  # the loop is closed: the server is stopping
                return
            self._cursor = items[-1].cursor
            if len(items) < BATCH:
                return
            notified = time.perf_counter()

    def _pause(self, seconds: float) -> None:
        """Sleep, but wake for ``stop``."""
        self._stopping.wait(seconds)

    def _close(self) -> None:
        self.connected = False
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
