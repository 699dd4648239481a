"""quick replies

Named texts agents insert into replies: a group's (kept by admins) or an agent's own.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 05:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'quick_replies',
        sa.Column('id', sa.Integer(), sa.Identity(), nullable=False),
        sa.Column('group_id', sa.Integer(), sa.ForeignKey('groups.id', ondelete='CASCADE', name='fk_quick_replies_group_id_groups'),
                  nullable=True),
        sa.Column('owner_id', sa.Integer(), sa.ForeignKey('users.id', ondelete='CASCADE', name='fk_quick_replies_owner_id_users'),
                  nullable=True),
        sa.Column('name', sa.String(60), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column('updated_by_id', sa.Integer(),
                  sa.ForeignKey('users.id', ondelete='SET NULL', name='fk_quick_replies_updated_by_id_users'), nullable=True),
        sa.CheckConstraint('(group_id IS NULL) <> (owner_id IS NULL)',
                           name='ck_quick_replies_one_owner'),
        sa.PrimaryKeyConstraint('id', name='pk_quick_replies'),
        sa.UniqueConstraint('group_id', 'name', name='uq_quick_replies_group_id_name'),
        sa.UniqueConstraint('owner_id', 'name', name='uq_quick_replies_owner_id_name'),
    )
    op.create_index('ix_quick_replies_group_id', 'quick_replies', ['group_id'])
    op.create_index('ix_quick_replies_owner_id', 'quick_replies', ['owner_id'])


def downgrade() -> None:
    op.drop_table('quick_replies')
