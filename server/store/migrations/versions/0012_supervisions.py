"""supervisions: which groups a supervisor oversees

Revision ID: 0012
Revises: 0011
"""

import re

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


NEW_KINDS = ["supervisor_set", "supervisor_removed"]


def _event_kinds(add: list[str], remove: list[str]) -> None:
    # Event kinds are a VARCHAR with a CHECK constraint (not a native enum). Other
    # migrations add kinds too, so the list is read from the constraint as it stands.
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
    op.create_table('supervisions',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_supervisions_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supervisions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_supervisions'))
    )
    op.create_index(op.f('ix_supervisions_user_id'), 'supervisions', ['user_id'], unique=False)
    _event_kinds(NEW_KINDS, [])


def downgrade() -> None:
    op.execute("DELETE FROM events WHERE kind IN ('supervisor_set', 'supervisor_removed')")
    _event_kinds([], NEW_KINDS)
    op.drop_index(op.f('ix_supervisions_user_id'), table_name='supervisions')
    op.drop_table('supervisions')
