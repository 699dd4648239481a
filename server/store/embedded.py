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
    os.environ.setdefault("XDG_RUNTIME_DIR", str(Path(platformdirs.user_cache_dir("ticketdesk"))))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True)
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
