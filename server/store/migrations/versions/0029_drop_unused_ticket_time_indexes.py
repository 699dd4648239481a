"""drop the tickets' accepted_at and resolved_at indexes, which no query reads

Made for the first KPI report, which filtered tickets by when they were accepted or
resolved; the report has read the event record (spans and roll-ups) since, and no search,
export or board filters on those columns. Each accept and resolve still paid an entry in
both.

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_tickets_resolved_at', table_name='tickets',
                  postgresql_where=sa.text('resolved_at IS NOT NULL'))
    op.drop_index('ix_tickets_accepted_at', table_name='tickets',
                  postgresql_where=sa.text('accepted_at IS NOT NULL'))


def downgrade() -> None:
    op.create_index('ix_tickets_accepted_at', 'tickets', ['accepted_at'], unique=False,
                    postgresql_where=sa.text('accepted_at IS NOT NULL'))
    op.create_index('ix_tickets_resolved_at', 'tickets', ['resolved_at'], unique=False,
                    postgresql_where=sa.text('resolved_at IS NOT NULL'))
