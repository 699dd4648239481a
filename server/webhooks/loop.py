"""The webhook deliverer of one server process: a thread with its own asyncio loop that
claims due deliveries (woken by every new event, and at least every poll interval for
retries), sends each as its own task, and writes the outcomes back in batches.

Every endpoint has its own slots (``webhook_concurrency``): an endpoint that hangs fills
only its own, and the others go on being claimed and sent. Database work runs in the
loop's worker threads, never on the loop itself. Several processes may run this on one
database: the queue's claim (SKIP LOCKED plus a lease) keeps their attempts apart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from .. import clock
from ..services.webhooks import addresses, queue
from . import http1, sender

log = logging.getLogger(__name__)

T = TypeVar("T")

HOUSEKEEPING_SECONDS = 5.0
GATHER_SECONDS = 0.01
"""After a wake-up, wait this long for more (finished attempts, new events) before going to
the database: one claim or one write for a batch instead of one per row."""


class Deliverer:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        policy: queue.Policy,
        concurrency: int,
        poll_seconds: float,
        allowed_networks: list[str],
        keep_delivered_days: float = 7.0,
    ) -> None:
        self._sessions = sessions
        self._policy = policy
        self._concurrency = concurrency
        self._poll = poll_seconds
        self._allowed = addresses.networks(allowed_networks)
        self._keep = timedelta(days=keep_delivered_days)
        self._thread = threading.Thread(target=self._thread_main, name="webhooks", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._in_flight: Counter[int] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        self._outcomes: list[queue.Outcome] = []
        self._have_outcomes: asyncio.Event | None = None
        self._next_housekeeping = 0.0
        self._pools: dict[int, http1.Pool] = {}
        self.sent = 0

    # ---------------------------------------------------------------- from other threads

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        loop = self._loop
        if loop is not None and self._stopping is not None:
            loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(timeout=15)

    def wake(self) -> None:
        """Thread-safe and cheap: look for due deliveries now (a new event committed)."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                loop.call_soon_threadsafe(wake.set)

    # ---------------------------------------------------------------- the loop

    def _thread_main(self) -> None:
        asyncio.run(self._main())

    async def _db(self, work: Callable[[Session], T]) -> T:
        def run() -> T:
            with self._sessions() as session:
                return work(session)

        return await asyncio.to_thread(run)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._have_outcomes = asyncio.Event()
        self._ready.set()
        writer = asyncio.create_task(self._writer(), name="webhook-outcomes")
        try:
            await self._claimer()
        finally:
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            self._have_outcomes.set()
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            # The interrupted ones: due again at once (their leases cover a database
            # that does not answer now).
            try:
                await asyncio.wait_for(self._flush_outcomes(), 5)
            except (TimeoutError, asyncio.CancelledError):
                log.warning("could not record %d webhook outcomes before stopping; "
                            "their leases run out and they are sent again",
                            len(self._outcomes))
            for pool in self._pools.values():
                pool.close()

    def _pool(self, endpoint_id: int) -> http1.Pool:
        """Kept-alive connections per endpoint, as many as its slots: one endpoint's
        connections stay out of every other's way."""
        pool = self._pools.get(endpoint_id)
        if pool is None:
            pool = self._pools[endpoint_id] = http1.Pool(self._concurrency)
        return pool

    async def _claimer(self) -> None:
        assert self._wake is not None and self._stopping is not None
        backoff = 0.5
        while not self._stopping.is_set():
            wait_wake = asyncio.create_task(self._wake.wait())
            wait_stop = asyncio.create_task(self._stopping.wait())
            await asyncio.wait({wait_wake, wait_stop}, timeout=self._poll,
                               return_when=asyncio.FIRST_COMPLETED)
            wait_wake.cancel()
            wait_stop.cancel()
            if self._stopping.is_set():
                return
            await asyncio.sleep(GATHER_SECONDS)
            self._wake.clear()
            try:
                await self._housekeeping()
                claimed = await self._claim()
                backoff = 0.5
            except Exception:
                log.exception("claiming webhook deliveries failed; retrying in %.1fs", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            for attempt in claimed.attempts:
                self._in_flight[attempt.endpoint_id] += 1
                task = asyncio.create_task(
                    self._attempt(self._pool(attempt.endpoint_id), attempt))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if claimed.full:
                self._wake.set()  # there is more; claim again once slots free up

    async def _claim(self) -> queue.Claimed:
        def work(session: Session) -> queue.Claimed:
            endpoints = {e.id: e for e in queue.enabled_endpoints(session)}
            rooms = {e: self._concurrency - self._in_flight[e] for e in endpoints}
            return queue.claim(session, rooms, now=clock.now(), policy=self._policy,
                               endpoints=endpoints)

        return await self._db(work)

    async def _housekeeping(self) -> None:
        if time.monotonic() < self._next_housekeeping:
            return
        self._next_housekeeping = time.monotonic() + HOUSEKEEPING_SECONDS

        def work(session: Session) -> None:
            now = clock.now()
            queue.expire_leases(session, now=now)
            queue.unstick(session, now=now)
            queue.forget_delivered(session, before=now - self._keep)

        await self._db(work)

    async def _attempt(self, pool: http1.Pool, attempt: queue.Attempt) -> None:
        try:
            outcome = await sender.send(pool, attempt, timeout=self._policy.timeout_seconds,
                                        allowed=self._allowed)
        except asyncio.CancelledError:
            outcome = queue.Outcome(attempt.delivery_id, attempt.endpoint_id, ok=False,
                                    error="interrupted: the server stopped", interrupted=True)
            self._outcomes.append(outcome)
            raise
        finally:
            self._in_flight[attempt.endpoint_id] -= 1
            assert self._wake is not None
            self._wake.set()  # a slot is free: claim the endpoint's next due row
        self.sent += 1
        self._outcomes.append(outcome)
        assert self._have_outcomes is not None
        self._have_outcomes.set()

    async def _writer(self) -> None:
        assert self._have_outcomes is not None
        while True:
            await self._have_outcomes.wait()
            await asyncio.sleep(GATHER_SECONDS)
            self._have_outcomes.clear()
            await self._flush_outcomes()

    async def _flush_outcomes(self) -> None:
        backoff = 0.5
        while self._outcomes:
            batch, self._outcomes = self._outcomes, []
            try:
                await self._db(lambda s, b=batch: queue.record(  # type: ignore[misc]
                    s, b, now=clock.now(), policy=self._policy))
            except Exception:
                log.exception("recording webhook outcomes failed; retrying in %.1fs", backoff)
                self._outcomes = batch + self._outcomes
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            if self._wake is not None:
                self._wake.set()  # slots are free, and the next of each ticket is released
