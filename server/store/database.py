"""Engine and session factory; one session per request or dispatch round, opened by the caller."""

from __future__ import annotations

import asyncio
import json
import os
import select
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

NOTIFY_CHANNEL = "ticketdesk_events"
DISPATCH_PAYLOAD = "dispatch"
"""NOTIFY payload when the transaction may have created work for the assignment engine.
(The NOTIFY itself comes from a trigger on ``events``: see migration 0006.)"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (as pgserver and libpq give them) and use psycopg2."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    if parsed.drivername != "postgresql+psycopg2":
        raise ValueError(f"only PostgreSQL via psycopg2 is supported, not {parsed.drivername!r}")
    return parsed.render_as_string(hide_password=False)


STATEMENT_TIMEOUT_MS = 30_000
"""No statement of ours runs longer; a runaway query cannot hold a connection forever."""
IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000
"""A transaction of ours left open and idle (a stuck thread) is ended by PostgreSQL, so its
locks and its hold on the event horizon cannot block dispatch for the whole office."""
LOCK_TIMEOUT_MS = 10_000


def session_options() -> str:
    """libpq ``options`` for every connection of ours (TICKETDESK_*_MS override them)."""
    statement = os.environ.get("TICKETDESK_STATEMENT_TIMEOUT_MS", STATEMENT_TIMEOUT_MS)
    idle = os.environ.get("TICKETDESK_IDLE_IN_TRANSACTION_TIMEOUT_MS",
                          IDLE_IN_TRANSACTION_TIMEOUT_MS)
    lock = os.environ.get("TICKETDESK_LOCK_TIMEOUT_MS", LOCK_TIMEOUT_MS)
    return (
        f"-c statement_timeout={int(statement)} "
        f"-c idle_in_transaction_session_timeout={int(idle)} "
        f"-c lock_timeout={int(lock)}"
    )


POOL_SIZE = 20
"""Connections kept open: the server sizes its pool to the requests it runs at once, so a
busy office never pays for opening and closing connections per request."""
PING_AFTER_IDLE_SECONDS = 10.0
"""A pooled connection idle this long is pinged before use (a firewall may have dropped it
without a word); under load connections come back within milliseconds and are not pinged."""


class EventLoopBlocked(RuntimeError):
    """A connection asked for on the thread of a running asyncio event loop."""


class LoopGuardedPool(QueuePool):
    """The server's pool: refuses a checkout on the event loop's thread. Waiting there for
    a connection stops every request, push and heartbeat of the process, and the requests
    that would give connections back cannot finish while it waits: a lazy load in an async
    route froze the server for the pool's 30 s timeout under fifty logins at once. Database
    work belongs on a request thread (a ``def`` route, ``run_in_threadpool``)."""

    # SQLAlchemy names a pool's logger after its class: keep QueuePool's, under "sqlalchemy"
    # (quiet below warnings), not a new one that a ``--log-level debug`` floods with checkouts.
    _sqla_logger_namespace = "sqlalchemy.pool.impl.QueuePool"

    def connect(self) -> PoolProxiedConnection:
        if _on_event_loop():
            raise EventLoopBlocked(
                "database connection asked for on the event loop thread; "
                "run the database work in a thread (run_in_threadpool)")
        return super().connect()


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def make_engine(
    url: str,
    *,
    pool_size: int = POOL_SIZE,
    application_name: str = "ticketdesk",
    guard_event_loop: bool = False,
) -> Engine:
    """``guard_event_loop``: the server's engine (see :class:`LoopGuardedPool`); tools and
    tests may use theirs from anywhere."""
    engine = create_engine(
        normalize_url(url),
        poolclass=LoopGuardedPool if guard_event_loop else QueuePool,
        pool_size=pool_size,
        max_overflow=max(2, pool_size // 4),
        pool_recycle=1800,
        json_serializer=_dumps,
        connect_args={"application_name": application_name, "options": session_options()},
    )
    _check_before_use(engine)
    return engine


def _check_before_use(engine: Engine) -> None:
    # pool_pre_ping would cost a round trip on every checkout (~8 % of intake throughput).
    # A connection PostgreSQL ended (restart, failover, pg_terminate_backend) has its socket
    # readable — the farewell message or EOF — while an idle healthy one has nothing to read,
    # so a zero-timeout poll finds those at no cost; the ping after long idleness covers
    # connections dropped silently on the way.
    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None:
            return  # just opened
        idle_long = time.monotonic() - idle_since >= PING_AFTER_IDLE_SECONDS
        if not idle_long and not _has_input(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out (or opens) another.
            raise exc.DisconnectionError(str(error)) from error


def _has_input(dbapi_connection: Any) -> bool:
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError, dbapi_connection.InterfaceError):
        return True  # closed on our side: let the ping find out


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
