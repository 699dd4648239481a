"""The private PostgreSQL the server runs in its data directory when given no database URL."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

DATABASE_NAME = "ticketdesk"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("ticketdesk", appauthor=False))


def start(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or join, when another process of ours already runs it) the embedded PostgreSQL
    and return a URL to our database in it. It stops when the last process using it exits."""
    # pgserver keeps its lock and sockets under the XDG runtime dir; give it one if unset.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = Path(platformdirs.user_cache_dir("ticketdesk")) / "runtime"
        runtime.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import pgserver  # imported late: only the embedded mode needs it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir / "pgdata", cleanup_mode="stop")
    exists = (
        server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';").strip().splitlines()
    )
    if not any(line.strip() == "1" for line in exists):
        log.info("creating database %s in %s", database, data_dir)
        server.psql(f'CREATE DATABASE "{database}";')
    return server.get_uri(database)


def release(data_dir: Path) -> None:
    """Let go of the embedded PostgreSQL now, stopping it if no other live process of ours
    uses it. (Called on shutdown: uvicorn re-raises SIGTERM after a graceful shutdown, so
    exit handlers never run.) Processes that died without letting go are forgotten first."""
    import pgserver
    import psutil

    server = pgserver.get_server(data_dir / "pgdata", cleanup_mode="stop")
    handles = server.global_process_id_list
    alive = [pid for pid in handles.get() if psutil.pid_exists(pid)]
    handles.put(alive)
    server.cleanup()
