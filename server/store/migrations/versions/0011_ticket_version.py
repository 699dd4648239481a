"""ticket version

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 21:50:00

Every ticket carries an integer version that every change increments; existing tickets
start at 1.
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'tickets',
        sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    )


def downgrade() -> None:
    op.drop_column('tickets', 'version')
