"""The servers of this installation that are running now (see ``server.public_url``)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..public_url import PREFIX


def running_servers(session: Session) -> list[str]:
    """URLs of every server connected to this database right now, sorted."""
    rows = session.execute(
        text(
            "SELECT DISTINCT substr(application_name, :skip) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name LIKE :prefix"
        ),
        {"skip": len(PREFIX) + 1, "prefix": PREFIX + "%"},
    ).scalars()
    return sorted(rows)
