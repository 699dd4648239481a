"""sla actions

The event kinds of the SLA policy's automatic actions: ``sla_priority_raised`` and
``sla_notified`` (services/sla/escalation.py). The policy itself is the ticket type's JSONB
``sla_policy`` (``on_warning``/``on_breach``), which needs no change of schema.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 09:00:00
"""

import re

from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

KINDS = ['sla_priority_raised', 'sla_notified']


def _event_kinds(add: list[str], remove: list[str]) -> None:
    # The kinds are read from the constraint as it stands (as in 0012 and 0020).
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
