"""Server settings: one object, filled from the command line and TICKETDESK_* variables."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

from ticketdesk.common import limits

from .store.embedded import default_data_dir


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"TICKETDESK_{name}", default)


@dataclass
class Settings:
    database_url: str | None = field(default_factory=lambda: _env("DATABASE_URL"))
    """None runs the embedded PostgreSQL in ``data_dir``."""
    data_dir: Path = field(default_factory=lambda: Path(_env("DATA_DIR") or default_data_dir()))
    host: str = field(default_factory=lambda: _env("HOST", "0.0.0.0") or "0.0.0.0")
    port: int = field(default_factory=lambda: int(_env("PORT", "8470") or 8470))
    server_name: str = field(default_factory=lambda: _env("SERVER_NAME") or socket.gethostname())
    session_hours: float = field(default_factory=lambda: float(_env("SESSION_HOURS", "12") or 12))
    password_profile: str = field(
        default_factory=lambda: _env("PASSWORD_PROFILE", "default") or "default"
    )
    """``default`` (argon2 RFC 9106 low-memory) or ``fast`` (for test suites only)."""
    max_body_bytes: int = limits.MAX_REQUEST_BYTES
    live_queue_size: int = field(default_factory=lambda: int(_env("LIVE_QUEUE_SIZE", "1000") or 1000))
    """Events buffered per WebSocket client before a client that does not read is dropped."""
    live_poll_seconds: float = 2.0
    """Backstop poll of the events table, for NOTIFYs lost while the listener reconnects."""
    live_replay_limit: int = 10_000
    """A client further behind than this many events is told to reload instead of replaying."""
    dispatch: bool = True
    """Run the assignment engine in this process (every process may; they coordinate)."""
    dispatch_tick_seconds: float = field(
        default_factory=lambda: float(_env("DISPATCH_TICK_SECONDS", "1") or 1)
    )
    """How often timers (accept timeouts, shift starts) are checked without a wake-up."""
    presence_grace_seconds: float = field(
        default_factory=lambda: float(_env("PRESENCE_GRACE_SECONDS", "45") or 45)
    )
    """An agent with no live connection for this long is taken offline (0: never)."""
    login_max_delay_seconds: float = field(
        default_factory=lambda: float(_env("LOGIN_MAX_DELAY_SECONDS", "4") or 4)
    )
    """Longest slow-down of a login answer after repeated failures."""
    login_lock_after: int = field(default_factory=lambda: int(_env("LOGIN_LOCK_AFTER", "10") or 10))
    """Failures for one username (within 15 minutes) that lock it for 15 minutes."""
    discovery: bool = field(default_factory=lambda: (_env("DISCOVERY", "1") or "1") != "0")
    discovery_interfaces: list[str] | None = None
    """Interfaces zeroconf binds to; None means all. Tests bind to 127.0.0.1 only."""
