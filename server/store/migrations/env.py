"""Alembic environment: always runs on a connection handed in by ``store.migrate``."""

from alembic import context

from ticketdesk.server.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
