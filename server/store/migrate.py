"""Bring the schema to the newest migration; safe when several servers start at once.

alembic is imported only where it is used: the server migrates in a child process
(``upgrade_apart``), so the process that then serves never carries it (10 MB for its whole
life; docs/benchmarks.md, "1,000 connections")."""

from __future__ import annotations

import functools
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x7D_5E_00_01  # arbitrary, ours: serializes concurrent upgrades


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        # Schema changes on a big database may take long; our usual time limits do not apply.
        conn.execute(text("SET LOCAL statement_timeout = 0"))
        conn.execute(text("SET LOCAL lock_timeout = 0"))
        conn.execute(text("SET LOCAL idle_in_transaction_session_timeout = 0"))
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        from alembic import command

        command.upgrade(cfg, "head")


_known_head: str | None = None
"""The newest migration, as the child that migrated this process's database reported it."""


@functools.cache
def _head_of_the_scripts() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def head_revision() -> str | None:
    """The newest migration this code knows."""
    return _known_head or _head_of_the_scripts()


def upgrade_apart(url: str) -> None:
    """``upgrade`` the database at ``url`` in a forked child and wait for it: the same
    migration, the same errors (the child's exception is raised here), none of alembic left
    in this process. Where there is no fork (Windows), here."""
    global _known_head
    if not hasattr(os, "fork"):
        _upgrade_url(url)
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: migrate, report, and leave without the parent's exit handlers
        os.close(read)
        status = 0
        try:
            _upgrade_url(url)
            report = pickle.dumps(("ok", _head_of_the_scripts()))
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
    _known_head = value


def _upgrade_url(url: str) -> None:
    from .database import make_engine

    engine = make_engine(url, pool_size=1, application_name="ticketdesk-admin")
    try:
        upgrade(engine)
    finally:
        engine.dispose()
