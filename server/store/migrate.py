"""Bring the schema to the newest migration; safe when several servers start at once.

alembic is imported only where it is used: the server migrates in a child process
(``connect.migrate_apart``), so the process that then serves never carries it (10 MB for its whole
life; docs/benchmarks.md, "1,000 connections")."""

from __future__ import annotations

import functools
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
"""The newest migration, as the child that migrated this process's database reported it
(``connect.migrate_apart``)."""


def remember_head(revision: str | None) -> None:
    global _known_head
    _known_head = revision


@functools.cache
def _head_of_the_scripts() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def head_revision() -> str | None:
    """The newest migration this code knows."""
    return _known_head or _head_of_the_scripts()
