"""The app as a worker process of ``ticketdesk-server run --workers N`` builds it."""

from __future__ import annotations

import os

from fastapi import FastAPI

from .. import log_redaction
from ..settings import Settings
from .app import create_app


def app_from_environment() -> FastAPI:
    """Settings from TICKETDESK_*, the (already migrated) database from the supervisor."""
    log_redaction.install()
    return create_app(Settings(), os.environ["TICKETDESK_WORKER_DATABASE_URL"])
