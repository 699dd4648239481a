"""LISTEN on a dedicated PostgreSQL connection inside the event loop; NOTIFY only wakes us."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

import psycopg2
import psycopg2.extensions
from sqlalchemy import Engine

from ..store.database import DISPATCH_PAYLOAD, NOTIFY_CHANNEL

log = logging.getLogger(__name__)


class Listener:
    """Sets ``wake`` on every notification; reconnects with backoff when the connection dies
    (and wakes the reader then too, since notifications sent meanwhile are lost). ``also``
    is called for notifications that may give the assignment engine work, ``always`` for
    every one (the webhook deliverer: it has an outbox row to claim as soon as an event
    commits, without waiting for the live feed to read it)."""

    def __init__(
        self, engine: Engine, wake: asyncio.Event, also: Callable[[], None] | None = None,
        *, always: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._wake = wake
        self._also = also
        self._always = always
        self._conn: psycopg2.extensions.connection | None = None
        self._lost = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.connected = False
        self.notified_at: float | None = None
        """When the first notification since the reader last took it arrived
        (``time.perf_counter()``): where a pushed event's time in this process starts."""

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="pg-listener")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._drop()

    async def _run(self) -> None:
        delay = 0.2
        while True:
            try:
                await asyncio.to_thread(self._connect)
            except Exception as exc:  # the database is down or unreachable: keep trying
                log.warning("LISTEN connection failed (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.2
            loop = asyncio.get_running_loop()
            assert self._conn is not None
            loop.add_reader(self._conn.fileno(), self._on_readable)
            self.connected = True
            self._notify()  # catch up on anything announced while we were away
            self._lost.clear()
            await self._lost.wait()
            self._drop()

    def _connect(self) -> None:
        raw = self._engine.raw_connection()
        raw.detach()  # ours alone for as long as it lives, never back to the pool
        conn = raw.dbapi_connection
        conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        with conn.cursor() as cur:
            cur.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._conn = conn

    def _on_readable(self) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            conn.poll()
        except (psycopg2.Error, OSError) as exc:
            log.warning("LISTEN connection lost: %s", exc)
            self._lost.set()
            return
        if conn.notifies:
            dispatch = any(n.payload == DISPATCH_PAYLOAD for n in conn.notifies)
            conn.notifies.clear()
            self._notify(dispatch=dispatch)

    def take_notified(self) -> float | None:
        notified, self.notified_at = self.notified_at, None
        return notified

    def _notify(self, *, dispatch: bool = True) -> None:
        if self.notified_at is None:
            self.notified_at = time.perf_counter()
        self._wake.set()
        if self._always is not None:
            self._always()
        if dispatch and self._also is not None:
            self._also()

    def _drop(self) -> None:
        self.connected = False
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(conn.fileno())
        with contextlib.suppress(Exception):
            conn.close()
