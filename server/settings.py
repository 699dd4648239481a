"""Server settings: one object, filled from TICKETDESK_* variables and the command line."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ticketdesk.common import limits

from .store.embedded import default_data_dir

T = TypeVar("T")


def env(name: str, default: T, cast: Callable[[str], T] | None = None) -> Any:
    """A dataclass field defaulting to ``TICKETDESK_<name>`` (cast like the default)."""

    def read() -> T:
        raw = os.environ.get(f"TICKETDESK_{name}")
        if not raw:
            return default
        return (cast or type(default))(raw)  # type: ignore[call-arg]

    return field(default_factory=read)


@dataclass
class Settings:
    database_url: str | None = env("DATABASE_URL", None, str)
    """None runs the embedded PostgreSQL in ``data_dir``."""
    data_dir: Path = env("DATA_DIR", default_data_dir(), Path)
    host: str = env("HOST", "0.0.0.0")
    port: int = env("PORT", 8470)
    server_name: str = env("SERVER_NAME", socket.gethostname())
    session_hours: float = env("SESSION_HOURS", 12.0)
    password_profile: str = env("PASSWORD_PROFILE", "default")
    """``default`` (argon2 RFC 9106 low-memory) or ``fast`` (for test suites only)."""
    max_body_bytes: int = limits.MAX_REQUEST_BYTES
    request_threads: int = env("REQUEST_THREADS", 16)
    """Requests handled at once (each in a worker thread with its own database connection);
    more only crowd two cores, and slow the live pushes down (see docs/benchmarks.md)."""
    live_queue_size: int = env("LIVE_QUEUE_SIZE", 1000)
    """Events buffered per WebSocket client before a client that does not read is dropped."""
    live_poll_seconds: float = 2.0
    """Backstop poll of the events table, for NOTIFYs lost while the listener reconnects."""
    live_replay_limit: int = env("LIVE_REPLAY_LIMIT", 10_000)
    """A client further behind than this many events is told to reload instead of replaying."""
    live_replay_batch: int = env("LIVE_REPLAY_BATCH", 200)
    """Backlog events a resuming client is sent per read: what it holds in memory at most."""
    dispatch: bool = True
    """Run the assignment engine in this process (every process may; they coordinate)."""
    dispatch_tick_seconds: float = env("DISPATCH_TICK_SECONDS", 1.0)
    """How often timers (accept timeouts, shift starts) are checked without a wake-up."""
    presence_grace_seconds: float = env("PRESENCE_GRACE_SECONDS", 45.0)
    """An agent with no live connection for this long is taken offline (0: never)."""
    login_max_delay_seconds: float = env("LOGIN_MAX_DELAY_SECONDS", 4.0)
    """Longest slow-down of a login answer after repeated failures."""
    login_lock_after: int = env("LOGIN_LOCK_AFTER", 10)
    """Failures for one username (within 15 minutes) that lock it for 15 minutes."""
    discovery: bool = env("DISCOVERY", True, lambda raw: raw != "0")
    tls_cert: Path | None = env("TLS_CERT", None, Path)
    tls_key: Path | None = env("TLS_KEY", None, Path)
    """PEM certificate and key: with both, the server speaks only HTTPS and WSS."""
    public_url: str | None = env("PUBLIC_URL", None, str)
    """How workstations reach this server, e.g. ``https://desk1.office:8470`` (default: this
    host's address and port). Servers of one installation tell clients each other's, so a
    client can fail over when its server goes away."""
    log_levels: str = env("LOG_LEVELS", "")
    """Levels per logger, e.g. ``uvicorn.access=warning,ticketdesk.server.dispatch=debug``."""
    log_file: bool = env("LOG_FILE", True, lambda raw: raw != "0")
    """Also log to ``<data dir>/logs/server.log`` (rotated at 10 MB, five kept)."""
    metrics_token: str | None = env("METRICS_TOKEN", None, str)
    """When set, ``/metrics`` answers only ``Authorization: Bearer <this token>``."""
    discovery_interfaces: list[str] | None = None
    """Interfaces zeroconf binds to; None means all. Tests bind to 127.0.0.1 only."""
