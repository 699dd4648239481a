"""kpi roll-ups

The KPI report's counts, rolled up from the event record per UTC hour (per group; per agent
and group) and per UTC day (per agent and group), so a month's report sums a few thousand
rows instead of reading 300,000 events. They can never disagree with the record: triggers on
``events`` add (or, for rows updated or deleted, take away) what each statement's events
count, in that statement; the application never writes them. Each statement appends its
own rows (no row is updated in place, so concurrent writers never wait on each other), and
``kpi_rollup_compact()`` merges a bucket's rows in one statement (readers see before or
after, never half). What an event counts for is said once, by ``kpi_group_facts`` and
``kpi_agent_facts`` (the same rules as the report's event query had: docs/supervisors.md);
the report applies them to the events of the period's partial hours itself.

Also a covering index for the spans (first response, handling), which the report reads
from the index alone.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 01:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

KPI_KINDS = ("kind IN ('created', 'assigned', 'unassigned', 'accepted', 'resolved', "
             "'reopened', 'transferred')")
COUNTS = ["created", "assigned", "accepted", "resolved", "reopened", "transferred_out",
          "first_responses", "sla_first_response_breaches", "sla_resolution_breaches",
          "lapsed"]
GROUP_COUNTS = [*COUNTS, "transferred_in"]
LAPSE = ("((e.kind = 'assigned' AND e.data->>'reason' = 'reassigned_timeout') "
         "OR (e.kind = 'unassigned' AND e.data->>'reason' = 'accept_timeout'))")
EVENT_COUNTS = f"""(e.kind = 'created')::int, (e.kind = 'assigned')::int,
    (e.kind = 'accepted')::int, (e.kind = 'resolved')::int, (e.kind = 'reopened')::int,
    (e.kind = 'transferred')::int, (e.kind = 'accepted' AND e.kpi_seconds IS NOT NULL)::int,
    (e.kind = 'accepted' AND e.kpi_late IS TRUE)::int,
    (e.kind = 'resolved' AND e.kpi_late IS TRUE)::int"""

FACTS = f"""
-- What one event adds to its group's hour: its kind's count; a transfer is also "in" for
-- the group it went to.
CREATE FUNCTION kpi_group_facts(e events) RETURNS TABLE (
  bucket timestamptz, group_id int, {', '.join(f'{c} int' for c in GROUP_COUNTS)})
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT date_trunc('hour', e.created_at, 'UTC'), e.kpi_group_id, {EVENT_COUNTS},
    {LAPSE}::int, 0
  WHERE e.kpi_group_id IS NOT NULL AND e.{KPI_KINDS}
  UNION ALL
  SELECT date_trunc('hour', e.created_at, 'UTC'), (e.data->>'to_group_id')::int,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
  WHERE e.kind = 'transferred' AND e.data->>'to_group_id' IS NOT NULL
$$;

-- What one event adds to an agent's hour in its group: the agent it counts for is the one
-- offered the ticket, the one whose resolution was reopened, otherwise whoever acted; a
-- lapsed offer counts as "lapsed" for the one who let it lapse.
CREATE FUNCTION kpi_agent_facts(e events) RETURNS TABLE (
  bucket timestamptz, group_id int, agent_id int, {', '.join(f'{c} int' for c in COUNTS)})
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT date_trunc('hour', e.created_at, 'UTC'), e.kpi_group_id, w.agent, {EVENT_COUNTS}, 0
  FROM (SELECT CASE e.kind WHEN 'assigned' THEN (e.data->>'agent_id')::int
                           WHEN 'reopened' THEN (e.data->>'previous_assignee_id')::int
                           WHEN 'unassigned' THEN NULL ELSE e.actor_id END AS agent) w
  WHERE e.kpi_group_id IS NOT NULL AND e.{KPI_KINDS} AND w.agent IS NOT NULL
  UNION ALL
  SELECT date_trunc('hour', e.created_at, 'UTC'), e.kpi_group_id,
    (e.data->>'previous_assignee_id')::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
  WHERE e.kpi_group_id IS NOT NULL AND {LAPSE} AND e.data->>'previous_assignee_id' IS NOT NULL
$$;
"""


def _add(source: str, sign: str, merged: str = "false", days_from_hours: bool = False) -> str:
    """Statements adding (sign '+') or taking away ('-') what the rows of ``source`` count
    (``days_from_hours``: the agent days summed from the agent hours just written, when
    they are the whole roll-up)."""
    g = ", ".join(GROUP_COUNTS)
    a = ", ".join(COUNTS)
    gsum = ", ".join(f"{sign}sum(f.{c})" for c in GROUP_COUNTS)
    asum = ", ".join(f"{sign}sum(f.{c})" for c in COUNTS)
    days = ("kpi_agent_hours f" if days_from_hours else
            f"{source} e CROSS JOIN LATERAL kpi_agent_facts(e) f WHERE e.{KPI_KINDS}")
    return f"""
  INSERT INTO kpi_group_hours (bucket, group_id, {g}, merged)
  SELECT f.bucket, f.group_id, {gsum}, {merged}
  FROM {source} e CROSS JOIN LATERAL kpi_group_facts(e) f
  WHERE e.{KPI_KINDS} GROUP BY 1, 2;
  INSERT INTO kpi_agent_hours (bucket, group_id, agent_id, {a}, merged)
  SELECT f.bucket, f.group_id, f.agent_id, {asum}, {merged}
  FROM {source} e CROSS JOIN LATERAL kpi_agent_facts(e) f
  WHERE e.{KPI_KINDS} GROUP BY 1, 2, 3;
  INSERT INTO kpi_agent_days (bucket, group_id, agent_id, {a}, merged)
  SELECT date_trunc('day', f.bucket, 'UTC'), f.group_id, f.agent_id, {asum}, {merged}
  FROM {days}
  GROUP BY 1, 2, 3;"""


def _merge(table: str, keys: str, counts: list[str]) -> str:
    on = " AND ".join(f"k.{c} = u.{c}" for c in keys.split(", "))
    return f"""
  WITH u AS (SELECT DISTINCT {keys} FROM {table} WHERE NOT merged),
  gone AS (DELETE FROM {table} k USING u WHERE {on} RETURNING k.*)
  INSERT INTO {table} ({keys}, {', '.join(counts)}, merged)
  SELECT {keys}, {', '.join(f'sum({c})' for c in counts)}, true FROM gone GROUP BY {keys};
  GET DIAGNOSTICS n = ROW_COUNT;
  total := total + n;"""


FUNCTIONS = f"""
CREATE FUNCTION kpi_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_add('new_events', '+')}
  RETURN NULL;
END $$;

CREATE FUNCTION kpi_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_add('old_events', '-')}
  RETURN NULL;
END $$;

CREATE FUNCTION kpi_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_add('old_events', '-')} {_add('new_events', '+')}
  RETURN NULL;
END $$;

CREATE FUNCTION kpi_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kpi_group_hours; DELETE FROM kpi_agent_hours; DELETE FROM kpi_agent_days;
  RETURN NULL;
END $$;

-- Merge each bucket's rows into one; returns the rows written. Safe to run anywhere, any
-- time, concurrently: every row is deleted by exactly one merge, which adds it back summed.
CREATE FUNCTION kpi_rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint; total bigint := 0;
BEGIN {_merge('kpi_group_hours', 'bucket, group_id', GROUP_COUNTS)}
  {_merge('kpi_agent_hours', 'bucket, group_id, agent_id', COUNTS)}
  {_merge('kpi_agent_days', 'bucket, group_id, agent_id', COUNTS)}
  RETURN total;
END $$;

-- Everything again from the record (after a bulk load with the triggers disabled). Writers
-- wait meanwhile; readers do not.
CREATE FUNCTION kpi_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE events IN SHARE MODE;
  DELETE FROM kpi_group_hours; DELETE FROM kpi_agent_hours; DELETE FROM kpi_agent_days;
  {_add('events', '+', 'true', days_from_hours=True)}
END $$;
"""

TRIGGERS = """
CREATE TRIGGER kpi_rollup_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_rollup_insert();
CREATE TRIGGER kpi_rollup_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_events
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_rollup_delete();
CREATE TRIGGER kpi_rollup_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_rollup_update();
CREATE TRIGGER kpi_rollup_truncate AFTER TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_rollup_truncate();
"""


def _table(name: str, counts: list[str], agent: bool) -> None:
    op.create_table(
        name,
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('bucket', sa.DateTime(timezone=True), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        *([sa.Column('agent_id', sa.Integer(), nullable=False)] if agent else []),
        *[sa.Column(c, sa.Integer(), server_default=sa.text('0'), nullable=False)
          for c in counts],
        sa.Column('merged', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
    )
    op.create_index(f'ix_{name}_bucket', name, ['bucket', 'group_id'], unique=False)
    op.create_index(f'ix_{name}_unmerged', name, ['bucket'], unique=False,
                    postgresql_where=sa.text('NOT merged'))


def upgrade() -> None:
    _table('kpi_group_hours', GROUP_COUNTS, agent=False)
    _table('kpi_agent_hours', COUNTS, agent=True)
    _table('kpi_agent_days', COUNTS, agent=True)
    op.create_index('ix_events_kpi_spans', 'events', ['created_at'], unique=False,
                    postgresql_include=['kpi_group_id', 'kind', 'kpi_seconds', 'actor_id'],
                    postgresql_where=sa.text("kind IN ('accepted', 'resolved') "
                                             "AND kpi_seconds IS NOT NULL"))
    op.execute(FACTS)
    op.execute(FUNCTIONS)
    op.execute(TRIGGERS)
    op.execute("SELECT kpi_rollup_rebuild()")


def downgrade() -> None:
    for trigger in ('insert', 'delete', 'update', 'truncate'):
        op.execute(f"DROP TRIGGER kpi_rollup_{trigger} ON events")
    for function in ('insert', 'delete', 'update', 'truncate', 'compact', 'rebuild'):
        op.execute(f"DROP FUNCTION kpi_rollup_{function}()")
    op.execute("DROP FUNCTION kpi_group_facts(events)")
    op.execute("DROP FUNCTION kpi_agent_facts(events)")
    op.drop_index('ix_events_kpi_spans', table_name='events')
    for name in ('kpi_agent_days', 'kpi_agent_hours', 'kpi_group_hours'):
        op.drop_table(name)
