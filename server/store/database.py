"""Engine and session factory; one session per request or dispatch round, opened by the caller."""

from __future__ import annotations

import json
import os
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

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


def make_engine(url: str, *, pool_size: int = 10, application_name: str = "ticketdesk") -> Engine:
    return create_engine(
        normalize_url(url),
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_recycle=1800,
        json_serializer=_dumps,
        connect_args={"application_name": application_name, "options": session_options()},
    )


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
