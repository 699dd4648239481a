"""The token checks of WebSocket handshakes, gathered and answered together.

A restarted server has every live client knocking at once; checked one by one, each token
cost a thread-pool hop, a database session and three round trips (the session with its
user, the memberships, the rollback), and the last client of a thousand waited many seconds
for its ``hello``. Here the checks that arrive within a few milliseconds of each other (or
the first ``max_batch`` of them) share one hop, one session and two queries
(:func:`auth.authenticate_sessions`), with the same verdicts as one by one. API keys keep
the single path: they are few, and their check records the key's use.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

from ..services import auth, key_format
from ..services.actors import Actor
from ..services.errors import Unauthorized

_Pending = tuple[str, str, "asyncio.Future[Actor]"]


class TokenBatcher:
    def __init__(
        self,
        sessions: Callable[[], AbstractContextManager[Session]],
        *,
        window_seconds: float = 0.005,
        max_batch: int = 200,
    ) -> None:
        self._sessions = sessions
        self._window = window_seconds
        self._max = max_batch
        self._pending: list[_Pending] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Task[None]] = set()  # strong references until done
        self.batches = 0
        """Batches resolved so far (one query each); with ``tokens``, for the metrics."""
        self.tokens = 0

    async def authenticate(self, token: str, source: str) -> Actor:
        """The actor behind ``token``, or Unauthorized, as :func:`auth.authenticate` says."""
        if key_format.looks_like_key(token):
            return await asyncio.to_thread(self._one, token, source)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Actor] = loop.create_future()
        self._pending.append((token, source, future))
        if len(self._pending) >= self._max:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self._window, self._flush)
        return await future

    def _one(self, token: str, source: str) -> Actor:
        with self._sessions() as session:
            return auth.authenticate(session=session, token=token, source=source)

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if batch:
            task = asyncio.get_running_loop().create_task(self._resolve(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _resolve(self, batch: list[_Pending]) -> None:
        try:
            verdicts = await asyncio.to_thread(self._check, [(t, s) for t, s, _ in batch])
        except Exception as exc:  # the database is away: every waiting handshake hears it
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        self.batches += 1
        self.tokens += len(batch)
        for (_, _, future), verdict in zip(batch, verdicts, strict=True):
            if future.done():  # its handshake was given up meanwhile
                continue
            if isinstance(verdict, Unauthorized):
                future.set_exception(verdict)
            else:
                future.set_result(verdict)

    def _check(self, tokens: list[tuple[str, str]]) -> list[Actor | Unauthorized]:
        with self._sessions() as session:
            return auth.authenticate_sessions(session=session, tokens=tokens)
