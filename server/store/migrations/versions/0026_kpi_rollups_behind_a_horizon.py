"""kpi roll-ups behind a horizon

The KPI roll-ups (0019) were added to by a trigger in every statement that inserted events:
three more INSERTs and five roll-up rows with their fifteen index entries for each new
ticket, about half of what a ticket cost PostgreSQL. Now they are added to in batches: the
roll-ups hold exactly the events whose ``xid`` is below ``kpi_rollup_horizon.xid``, and
the report counts the rest from the events themselves (as it already does for the partial
hours at either end of a period), in the same statement and snapshot as the roll-ups — so
a report still never disagrees with the record, whenever the horizon moved last.

``kpi_rollup_compact()`` moves the horizon: in one statement it adds what the events
between the old horizon and its own snapshot's ``xmin`` count, and sets the horizon to that
``xmin`` (every transaction with a lower id has ended: no event below it can still
appear — the live feed reads below the same horizon for the same reason), then merges each
bucket's rows as before. Rows of ``events`` updated or deleted are taken away from (and, as
updated, added back to) the roll-ups when they are below the horizon, as before; above it
there is nothing to correct. Both take the horizon's row lock (the compaction for update,
a correction for share), so a correction never misses a compaction that counted the row as
it was. ``kpi_rollup_rebuild()`` counts everything below its own snapshot's horizon.

Revision ID: 0026
Revises: 0025
"""

from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

KPI_KINDS = ("kind IN ('created', 'assigned', 'unassigned', 'accepted', 'resolved', "
             "'reopened', 'transferred')")
COUNTS = ["created", "assigned", "accepted", "resolved", "reopened", "transferred_out",
          "first_responses", "sla_first_response_breaches", "sla_resolution_breaches",
          "lapsed"]
GROUP_COUNTS = [*COUNTS, "transferred_in"]
HORIZON = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def _add(source: str, sign: str, where: str, merged: str = "false") -> str:
    """One statement adding (sign '+') or taking away ('-') what the rows of ``source``
    (a table or transition table of events, as ``e``) that satisfy ``where`` count: the
    agent facts are made once, for the agent hours and days."""
    g = ", ".join(GROUP_COUNTS)
    a = ", ".join(COUNTS)
    gsum = ", ".join(f"{sign}sum(f.{c})" for c in GROUP_COUNTS)
    asum = ", ".join(f"{sign}sum(f.{c})" for c in COUNTS)
    return f"""
  WITH agent_facts AS MATERIALIZED (
    SELECT f.* FROM {source} e CROSS JOIN LATERAL kpi_agent_facts(e) f
    WHERE e.{KPI_KINDS} AND {where}
  ), group_hours AS (
    INSERT INTO kpi_group_hours (bucket, group_id, {g}, merged)
    SELECT f.bucket, f.group_id, {gsum}, {merged}
    FROM {source} e CROSS JOIN LATERAL kpi_group_facts(e) f
    WHERE e.{KPI_KINDS} AND {where} GROUP BY 1, 2
  ), agent_hours AS (
    INSERT INTO kpi_agent_hours (bucket, group_id, agent_id, {a}, merged)
    SELECT f.bucket, f.group_id, f.agent_id, {asum}, {merged}
    FROM agent_facts f GROUP BY 1, 2, 3
  )
  INSERT INTO kpi_agent_days (bucket, group_id, agent_id, {a}, merged)
  SELECT date_trunc('day', f.bucket, 'UTC'), f.group_id, f.agent_id, {asum}, {merged}
  FROM agent_facts f GROUP BY 1, 2, 3;"""


def _merge(table: str, keys: str, counts: list[str]) -> str:
    on = " AND ".join(f"k.{c} = u.{c}" for c in keys.split(", "))
    return f"""
  WITH u AS (SELECT DISTINCT {keys} FROM {table} WHERE NOT merged),
  gone AS (DELETE FROM {table} k USING u WHERE {on} RETURNING k.*)
  INSERT INTO {table} ({keys}, {', '.join(counts)}, merged)
  SELECT {keys}, {', '.join(f'sum({c})' for c in counts)}, true FROM gone GROUP BY {keys};
  GET DIAGNOSTICS n = ROW_COUNT;
  total := total + n;"""


BELOW = "e.xid < below"

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION kpi_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE below bigint;
BEGIN
  SELECT xid INTO below FROM kpi_rollup_horizon FOR SHARE;
  below := coalesce(below, 0);  -- (no row: nothing rolled up)
  {_add('old_events', '-', BELOW)}
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION kpi_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE below bigint;
BEGIN
  SELECT xid INTO below FROM kpi_rollup_horizon FOR SHARE;
  below := coalesce(below, 0);  -- (no row: nothing rolled up)
  {_add('old_events', '-', BELOW)} {_add('new_events', '+', BELOW)}
  RETURN NULL;
END $$;

-- Count the events that passed below the horizon since it last moved, move it, then merge
-- each bucket's rows into one; returns the rows written. Safe to run anywhere, any time,
-- concurrently (one at a time: the horizon's row lock).
CREATE OR REPLACE FUNCTION kpi_rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint; total bigint := 0; since bigint; below bigint;
BEGIN
  INSERT INTO kpi_rollup_horizon (id, xid) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
  SELECT xid INTO since FROM kpi_rollup_horizon FOR UPDATE;
  -- Every transaction below this statement's horizon has ended, so the next statement
  -- (a later snapshot) sees every event below it that there will ever be.
  -- (Moved only past new events: an idle office's horizon stays as it is.)
  UPDATE kpi_rollup_horizon SET xid = greatest(xid, {HORIZON})
  WHERE EXISTS (SELECT 1 FROM events WHERE xid >= since AND xid < {HORIZON})
  RETURNING xid INTO below;
  IF below IS NOT NULL THEN {_add('events', '+', 'e.xid >= since AND e.xid < below')}
  END IF;
  {_merge('kpi_group_hours', 'bucket, group_id', GROUP_COUNTS)}
  {_merge('kpi_agent_hours', 'bucket, group_id, agent_id', COUNTS)}
  {_merge('kpi_agent_days', 'bucket, group_id, agent_id', COUNTS)}
  RETURN total;
END $$;

-- Everything again from the record (after a bulk load). Writers wait meanwhile; readers do
-- not.
CREATE OR REPLACE FUNCTION kpi_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE below bigint;
BEGIN
  LOCK TABLE events IN SHARE MODE;
  DELETE FROM kpi_group_hours; DELETE FROM kpi_agent_hours; DELETE FROM kpi_agent_days;
  INSERT INTO kpi_rollup_horizon (id, xid) VALUES (1, {HORIZON})
    ON CONFLICT (id) DO UPDATE SET xid = excluded.xid RETURNING xid INTO below;
  {_add('events', '+', BELOW, 'true')}
END $$;
"""

def upgrade() -> None:
    op.create_table(
        'kpi_rollup_horizon',
        sa.Column('id', sa.SmallInteger(), server_default=sa.text('1'), nullable=False),
        sa.Column('xid', sa.BigInteger(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_kpi_rollup_horizon_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_rollup_horizon')),
    )
    op.execute("DROP TRIGGER kpi_rollup_insert ON events")
    op.execute("DROP FUNCTION kpi_rollup_insert()")
    op.execute(FUNCTIONS)
    # Counted again below this transaction's horizon: the roll-ups the trigger kept hold
    # every event committed so far, but some above the horizon too.
    op.execute("SELECT kpi_rollup_rebuild()")


def downgrade() -> None:
    # 0019's triggers and functions as they were (its text, not a copy of it).
    import importlib

    previous = importlib.import_module(
        "ticketdesk.server.store.migrations.versions.0019_kpi_rollups")
    for trigger in ('delete', 'update', 'truncate'):
        op.execute(f"DROP TRIGGER kpi_rollup_{trigger} ON events")
    for function in ('delete', 'update', 'truncate', 'compact', 'rebuild'):
        op.execute(f"DROP FUNCTION kpi_rollup_{function}()")
    op.drop_table('kpi_rollup_horizon')
    op.execute(previous.FUNCTIONS)
    op.execute(previous.TRIGGERS)
    op.execute("SELECT kpi_rollup_rebuild()")
