"""sla clocks

The SLA clocks' state on each ticket (services/sla): the time each target has used up to
the last settling (``sla_anchor_at``), the warning times next to the due times, which
escalations have fired, and the earliest one still to come (indexed: the dispatch loop's
scan reads only the tickets whose moment has come). Each ticket type gets its SLA policy;
events get the escalation kinds.

Open tickets keep the due times they had (computed on a 24/7 clock at creation); their
clocks are anchored at creation with nothing used, so the next settling (an action, a
calendar change) measures them on their group's calendar.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 05:00:00
"""

import re

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

KINDS = ['sla_warning', 'sla_breached', 'sla_recomputed']


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
    op.add_column('ticket_types', sa.Column(
        'sla_policy', postgresql.JSONB(astext_type=sa.Text()),
        server_default=sa.text("'{}'::jsonb"), nullable=False))
    for name in ('first_response_warn_at', 'resolution_warn_at', 'sla_anchor_at',
                 'sla_next_at'):
        op.add_column('tickets', sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    for name in ('sla_first_response_used_s', 'sla_resolution_used_s'):
        op.add_column('tickets', sa.Column(name, sa.Integer(), server_default=sa.text('0'),
                                           nullable=False))
    op.add_column('tickets', sa.Column('sla_fired', sa.SmallInteger(),
                                       server_default=sa.text('0'), nullable=False))
    op.execute("UPDATE tickets SET sla_anchor_at = created_at WHERE status IN "
               "('queued', 'held', 'assigned', 'in_progress', 'pending')")
    op.create_index('ix_tickets_sla_next_at', 'tickets', ['sla_next_at'], unique=False,
                    postgresql_where=sa.text('sla_next_at IS NOT NULL'))
    _event_kinds(KINDS, [])


def downgrade() -> None:
    op.execute(f"DELETE FROM events WHERE kind IN ({', '.join(repr(k) for k in KINDS)})")
    _event_kinds([], KINDS)
    op.drop_index('ix_tickets_sla_next_at', table_name='tickets',
                  postgresql_where=sa.text('sla_next_at IS NOT NULL'))
    for name in ('sla_fired', 'sla_resolution_used_s', 'sla_first_response_used_s',
                 'sla_next_at', 'sla_anchor_at', 'resolution_warn_at',
                 'first_response_warn_at'):
        op.drop_column('tickets', name)
    op.drop_column('ticket_types', 'sla_policy')
