"""saved views

Filters, sorts and columns of the inbox saved by name: personal, or shared with a group.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 08:05:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_views',
        sa.Column('id', sa.Integer(), sa.Identity(), nullable=False),
        sa.Column('owner_id', sa.Integer(),
                  sa.ForeignKey('users.id', ondelete='CASCADE', name='fk_saved_views_owner_id_users'),
                  nullable=False),
        sa.Column('group_id', sa.Integer(),
                  sa.ForeignKey('groups.id', ondelete='CASCADE', name='fk_saved_views_group_id_groups'),
                  nullable=True),
        sa.Column('name', sa.String(60), nullable=False),
        sa.Column('filter', postgresql.JSONB(), nullable=False),
        sa.Column('sort_column', sa.String(20), nullable=False),
        sa.Column('sort_descending', sa.Boolean(), nullable=False),
        sa.Column('columns', postgresql.JSONB(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_saved_views'),
    )
    op.create_index('ix_saved_views_owner_id', 'saved_views', ['owner_id'])
    op.create_index('uq_saved_views_owner_name', 'saved_views', ['owner_id', 'name'], unique=True,
                    postgresql_where=sa.text('group_id IS NULL'))
    op.create_index('uq_saved_views_group_name', 'saved_views', ['group_id', 'name'], unique=True,
                    postgresql_where=sa.text('group_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_table('saved_views')
