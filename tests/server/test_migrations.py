"""The migrations produce exactly the schema the ORM models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from ticketdesk.server.store.database import normalize_url
from ticketdesk.server.store.schema import Base


def test_models_and_migrations_agree(server, pg_url):
    engine = create_engine(normalize_url(pg_url))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"write a migration for: {diff}"
