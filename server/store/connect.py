"""Open the database a command was pointed at: an existing PostgreSQL, or the embedded one."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

from . import embedded, migrate
from .database import make_engine

log = logging.getLogger(__name__)


def database_url(database_url: str | None, data_dir: Path) -> str:
    """The URL to use: the given one, or the embedded server's (started if need be)."""
    if database_url:
        return database_url
    log.info("using the embedded PostgreSQL in %s", data_dir)
    return embedded.start(data_dir)


def open_migrated(url: str, *, pool_size: int = 2) -> Engine:
    """An engine on a schema brought up to date."""
    engine = make_engine(url, pool_size=pool_size, application_name="ticketdesk-admin")
    migrate.upgrade(engine)
    return engine
