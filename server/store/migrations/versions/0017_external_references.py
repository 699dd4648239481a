"""external references on tickets, idempotency fingerprints

Revision ID: 0017
Revises: 0016
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tickets', sa.Column('idempotency_fingerprint', sa.String(length=64), nullable=True))
    op.add_column('tickets', sa.Column('source', sa.String(length=40), nullable=True))
    op.add_column('tickets', sa.Column('external_id', sa.String(length=100), nullable=True))
    op.create_index('uq_tickets_source_external_id', 'tickets', ['source', 'external_id'], unique=True, postgresql_where=sa.text('external_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('uq_tickets_source_external_id', table_name='tickets', postgresql_where=sa.text('external_id IS NOT NULL'))
    op.drop_column('tickets', 'external_id')
    op.drop_column('tickets', 'source')
    op.drop_column('tickets', 'idempotency_fingerprint')
