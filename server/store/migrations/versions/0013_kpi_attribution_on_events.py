"""kpi attribution on events

Each ticket event says which group its KPIs count for (the group holding the ticket when it
happened; for a transfer, the group it left), and an event that completes a measured span
carries that span: a ticket's first acceptance its first response (creation → accepted), a
resolution its handling time (the latest acceptance → resolved), each with whether it came
after the ticket's due time. Existing events are filled in from the record.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:05:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


KPI_KINDS = ("kind IN ('created', 'assigned', 'unassigned', 'accepted', 'resolved', "
             "'reopened', 'transferred')")

BACKFILL_GROUP = """
WITH s AS (
  SELECT id, ticket_id, kind, data,
    CASE kind WHEN 'created' THEN (data->>'group_id')::int
              WHEN 'transferred' THEN (data->>'to_group_id')::int END AS sets
  FROM events WHERE ticket_id IS NOT NULL
), r AS (
  SELECT id, ticket_id, kind, data, sets,
    count(sets) OVER (PARTITION BY ticket_id ORDER BY id) AS n
  FROM s
), v AS (
  SELECT id, kind, data, max(sets) OVER (PARTITION BY ticket_id, n) AS held FROM r
)
UPDATE events e
SET kpi_group_id = CASE WHEN v.kind = 'transferred' THEN (v.data->>'from_group_id')::int
                        ELSE v.held END
FROM v WHERE e.id = v.id
"""

BACKFILL_SPANS = """
WITH w AS (
  SELECT e.id, e.kind, e.created_at, t.created_at AS ticket_created,
    t.first_response_due_at, t.resolution_due_at,
    row_number() OVER (PARTITION BY e.ticket_id, e.kind ORDER BY e.id) AS nth,
    max(e.created_at) FILTER (WHERE e.kind = 'accepted')
      OVER (PARTITION BY e.ticket_id ORDER BY e.id) AS last_accepted
  FROM events e JOIN tickets t ON t.id = e.ticket_id
  WHERE e.kind IN ('accepted', 'resolved')
)
UPDATE events e SET
  kpi_seconds = CASE WHEN w.kind = 'accepted'
                     THEN extract(epoch FROM w.created_at - w.ticket_created)
                     ELSE extract(epoch FROM w.created_at - w.last_accepted) END,
  kpi_late = CASE WHEN w.kind = 'accepted' THEN w.created_at > w.first_response_due_at
                  ELSE w.created_at > w.resolution_due_at END
FROM w
WHERE e.id = w.id AND (w.kind = 'resolved' OR w.nth = 1)
"""


def upgrade() -> None:
    op.add_column('events', sa.Column('kpi_group_id', sa.Integer(), nullable=True))
    op.add_column('events', sa.Column('kpi_seconds', sa.Float(), nullable=True))
    op.add_column('events', sa.Column('kpi_late', sa.Boolean(), nullable=True))
    op.execute(BACKFILL_GROUP)
    op.execute(BACKFILL_SPANS)
    op.create_index('ix_events_kpi', 'events', ['created_at', 'kpi_group_id'], unique=False,
                    postgresql_where=sa.text(KPI_KINDS))
    op.create_index('ix_events_presence', 'events',
                    [sa.text("((data->>'user_id')::int)"), 'created_at'], unique=False,
                    postgresql_where=sa.text("kind = 'presence_changed'"))


def downgrade() -> None:
    op.drop_index('ix_events_presence', table_name='events')
    op.drop_index('ix_events_kpi', table_name='events')
    op.drop_column('events', 'kpi_late')
    op.drop_column('events', 'kpi_seconds')
    op.drop_column('events', 'kpi_group_id')
