"""how many (kind, group, agent) the events hold, for the planner

The KPI report groups the period's spans by (kind, group, agent). PostgreSQL guesses the
number of such groups from each column alone, as if they were independent: over a month of
1,000,000 tickets it guessed 16,000 groups where there are 400, found a hash table for
that many too big for ``work_mem`` and sorted 164,000 rows instead (250 of the report's
650 ms). Extended statistics give it the real number; analysed here so the figure is there
at once, not at the next autovacuum of a large table (a sample: seconds, not a scan).

Revision ID: 0028
Revises: 0027
"""

from alembic import op


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE STATISTICS st_events_span_keys (ndistinct) "
               "ON kind, kpi_group_id, actor_id FROM events")
    op.execute("ANALYZE events")


def downgrade() -> None:
    op.execute("DROP STATISTICS st_events_span_keys")
