"""attachments

Files added to tickets: one row per attachment (``complete`` once the whole file is in),
its bytes in pieces (bytea) in ``attachment_chunks``, stored as they are (no compression:
most attachments are images and archives that do not compress, and trying costs the upload
CPU). Events get the ``attached`` kind.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 08:00:00
"""

import re

from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

KINDS = ['attached']


def _event_kinds(add: list[str], remove: list[str]) -> None:
    # Event kinds are a VARCHAR with a CHECK constraint; other migrations add kinds too, so
    # the list is read from the constraint as it stands (as in 0012).
    bind = op.get_bind()
    definition = bind.execute(sa.text(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_events_eventkind'"
    )).scalar_one()
    kinds = [k for k in re.findall(r"'([a-z_]+)'", definition) if k not in remove]
    kinds += [k for k in add if k not in kinds]
    op.drop_constraint(op.f("ck_events_eventkind"), "events", type_="check")
    listed = ", ".join(f"'{k}'" for k in kinds)
    op.create_check_constraint("eventkind", "events", f"kind IN ({listed})")


def upgrade() -> None:
    op.create_table(
        'attachments',
        sa.Column('id', sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column('ticket_id', sa.BigInteger(), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('content_type', sa.String(100), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('complete', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.Column('comment_id', sa.BigInteger(), nullable=True),
        sa.Column('event_id', sa.BigInteger(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_by_name', sa.String(100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE',
                                name='fk_attachments_ticket_id_tickets'),
        sa.ForeignKeyConstraint(['comment_id'], ['events.id'], ondelete='SET NULL',
                                name='fk_attachments_comment_id_events'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='SET NULL',
                                name='fk_attachments_event_id_events'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name='fk_attachments_created_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_attachments'),
    )
    op.create_index('ix_attachments_ticket_id', 'attachments', ['ticket_id'])
    op.create_index('ix_attachments_incomplete', 'attachments', ['created_at'],
                    postgresql_where=sa.text('NOT complete'))
    op.create_table(
        'attachment_chunks',
        sa.Column('attachment_id', sa.BigInteger(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], ondelete='CASCADE',
                                name='fk_attachment_chunks_attachment_id_attachments'),
        sa.PrimaryKeyConstraint('attachment_id', 'seq', name='pk_attachment_chunks'),
    )
    op.execute("ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL")
    _event_kinds(KINDS, [])


def downgrade() -> None:
    op.drop_table('attachment_chunks')
    op.drop_table('attachments')
    op.execute(f"DELETE FROM events WHERE kind IN ({', '.join(repr(k) for k in KINDS)})")
    _event_kinds([], KINDS)
