"""quick reply events: a group's quick replies created, changed or removed are admin events

Revision ID: 0025
Revises: 0024
"""

import re

from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


KINDS = ["quick_reply_created", "quick_reply_updated", "quick_reply_removed"]


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
    _event_kinds(KINDS, [])


def downgrade() -> None:
    op.execute(f"DELETE FROM events WHERE kind IN ({', '.join(repr(k) for k in KINDS)})")
    _event_kinds([], KINDS)
