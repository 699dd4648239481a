"""The app as a worker process of ``ticketdesk-server run --workers N`` builds it."""

from __future__ import annotations

import os

from fastapi import FastAPI

from .. import logs
from ..settings import Settings
from ..store import migrate
from .app import create_app


def app_from_environment() -> FastAPI:
    """Settings from TICKETDESK_*, the (already migrated) database from the supervisor."""
    settings = Settings()
    # The supervisor's migration child named the schema's head: no alembic in this process.
    migrate.remember_head(os.environ.get("TICKETDESK_WORKER_SCHEMA_HEAD") or None)
    logs.configure(
        level=os.environ.get("TICKETDESK_WORKER_LOG_LEVEL", "info"),
        levels=logs.parse_levels(settings.log_levels),
    )
    return create_app(settings, os.environ["TICKETDESK_WORKER_DATABASE_URL"])
