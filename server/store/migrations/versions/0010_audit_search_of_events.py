"""audit search of events: their own text, and an index to page them newest first

Revision ID: 0010
Revises: 0009
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'events',
        sa.Column('search', postgresql.TSVECTOR(), server_default=sa.text("''::tsvector"),
                  nullable=False),
    )
    op.create_index('ix_events_created_id', 'events', ['created_at', 'id'], unique=False)
    op.create_index('ix_events_search', 'events', ['search'], unique=False,
                    postgresql_using='gin', postgresql_where=sa.text("search <> ''::tsvector"))
    # Earlier admin changes become searchable by their text too (they are few; ticket
    # events keep an empty vector: their text is found through the ticket's own search).
    from ticketdesk.server.services.events import search_document

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, kind, data FROM events WHERE ticket_id IS NULL"
    )).all()
    for event_id, kind, data in rows:
        doc = search_document(kind, data or {})
        if doc:
            bind.execute(
                sa.text("UPDATE events SET search = CAST(:doc AS tsvector) WHERE id = :id"),
                {"doc": doc, "id": event_id},
            )


def downgrade() -> None:
    op.drop_index('ix_events_search', table_name='events',
                  postgresql_where=sa.text("search <> ''::tsvector"), postgresql_using='gin')
    op.drop_index('ix_events_created_id', table_name='events')
    op.drop_column('events', 'search')
