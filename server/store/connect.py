"""Open the database a command was pointed at: an existing PostgreSQL, or the embedded one."""

from __future__ import annotations

import logging
import os
import pickle
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


def migrate_apart(url: str) -> None:
    """``open_migrated`` in a forked child, waited for: the same migration, the same errors
    (the child's exception is raised here), and none of alembic left in this process, which
    goes on to serve (10 MB for its whole life). Where there is no fork (Windows), here."""
    if not hasattr(os, "fork"):
        open_migrated(url, pool_size=1).dispose()
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: migrate, report, and leave without the parent's exit handlers
        os.close(read)
        status = 0
        try:
            open_migrated(url, pool_size=1).dispose()
            report = pickle.dumps(("ok", migrate.head_revision()))
        except BaseException as exc:  # every failure goes to the parent
            status = 1
            try:
                report = pickle.dumps(("error", exc))
            except Exception:  # an exception that does not pickle: its words
                report = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write, "wb") as out:
            out.write(report)
        os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        report = source.read()
    os.waitpid(pid, 0)
    if not report:
        raise RuntimeError("the migration process ended without a word (killed?)")
    kind, value = pickle.loads(report)
    if kind == "error":
        raise value
    migrate.remember_head(value)
