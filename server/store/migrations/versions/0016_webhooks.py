"""webhooks: endpoints and the outbox of deliveries

Revision ID: 0016
Revises: 0015
"""

import re

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


NEW_KINDS = ["webhook_created", "webhook_updated", "webhook_removed"]


ENQUEUE_FUNCTION = """
    CREATE FUNCTION ticketdesk_enqueue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO webhook_deliveries
            (endpoint_id, event_id, ticket_id, state, attempts, next_attempt_at, last_error,
             created_at)
        SELECT e.id, ev.id, ev.ticket_id,
               CASE WHEN ev.ticket_id IS NOT NULL AND (
                        row_number() OVER (PARTITION BY e.id, ev.ticket_id ORDER BY ev.id) > 1
                        OR EXISTS (SELECT 1 FROM webhook_deliveries p
                                   WHERE p.endpoint_id = e.id AND p.ticket_id = ev.ticket_id
                                     AND p.state IN ('blocked', 'pending', 'sending')))
                    THEN 'blocked' ELSE 'pending' END,
               0, ev.created_at, '', ev.created_at
        FROM new_events ev
        JOIN webhook_endpoints e
          ON e.enabled
         AND (cardinality(e.kinds) = 0 OR ev.kind = ANY(e.kinds))
         AND (cardinality(e.group_ids) = 0 OR ev.audience_groups && e.group_ids)
        ORDER BY ev.id, e.id;
        RETURN NULL;
    END $$
"""


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
    op.create_table('webhook_endpoints',
    sa.Column('id', sa.Integer(), sa.Identity(always=False), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kinds', postgresql.ARRAY(sa.String(length=24)), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('group_ids', postgresql.ARRAY(sa.Integer()), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('disabled_reason', sa.String(length=300), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('previous_secret', sa.String(length=100), nullable=True),
    sa.Column('previous_secret_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints'))
    )
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('endpoint_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('ticket_id', sa.BigInteger(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoints.id'], name=op.f('fk_webhook_deliveries_endpoint_id_webhook_endpoints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_webhook_deliveries_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries'))
    )
    op.create_index('ix_webhook_deliveries_delivered', 'webhook_deliveries', ['delivered_at'], unique=False, postgresql_where=sa.text("state = 'delivered'"))
    op.create_index('ix_webhook_deliveries_due', 'webhook_deliveries', ['endpoint_id', 'next_attempt_at', 'id'], unique=False, postgresql_where=sa.text("state = 'pending'"))
    op.create_index('ix_webhook_deliveries_endpoint', 'webhook_deliveries', ['endpoint_id', 'state', 'id'], unique=False)
    op.create_index('ix_webhook_deliveries_lease', 'webhook_deliveries', ['lease_until'], unique=False, postgresql_where=sa.text("state = 'sending'"))
    op.create_index('ix_webhook_deliveries_open', 'webhook_deliveries', ['endpoint_id', 'ticket_id', 'id'], unique=False, postgresql_where=sa.text("state IN ('blocked', 'pending', 'sending')"))

    _event_kinds(NEW_KINDS, [])
    # The outbox is filled inside every INSERT into events, whoever writes it (the services
    # through events.record, the assignment engine with its set-based INSERTs): a delivery
    # exists exactly when its event committed. One statement per INSERT, over its new rows.
    # A delivery starts 'blocked' when its ticket already has an unfinished delivery to the
    # endpoint (earlier in this statement or from before): a ticket's messages go one by one.
    # Times are the event's own (written by the server's clock), not the database's.
    op.execute(ENQUEUE_FUNCTION)
    op.execute("""
        CREATE TRIGGER events_webhooks AFTER INSERT ON events
        REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION ticketdesk_enqueue_webhooks()
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER events_webhooks ON events")
    op.execute("DROP FUNCTION ticketdesk_enqueue_webhooks()")
    op.execute("DELETE FROM events WHERE kind IN ('webhook_created', 'webhook_updated',"
               " 'webhook_removed')")
    _event_kinds([], NEW_KINDS)
    op.drop_table('webhook_deliveries')
    op.drop_table('webhook_endpoints')
