"""events announced once a statement; the webhook outbox skipped while no endpoint is enabled

``events_announce`` ran once for every inserted event (three for a new ticket) to send a
notification PostgreSQL then folds into one per payload and transaction. It now runs once
per INSERT statement, over the statement's new rows: ``'dispatch'`` when any of them wakes
the engine, else ``''`` — the listeners wake their hub on any notification and their engine
on ``'dispatch'``, so they hear exactly what they heard before.

``events_webhooks`` still fills the outbox in every INSERT into ``events``; it now first
looks whether any endpoint is enabled at all (most offices have none), as the join it runs
otherwise would find in the same snapshot: the same deliveries, exactly when their events
commit.

Revision ID: 0027
Revises: 0026
"""

from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


ANNOUNCE = """
    CREATE FUNCTION ticketdesk_announce_events() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE wakes boolean;
    BEGIN
        SELECT bool_or(wakes_engine) INTO wakes FROM new_events;
        IF wakes IS NOT NULL THEN  -- (NULL: the statement inserted nothing)
            PERFORM pg_notify('ticketdesk_events', CASE WHEN wakes THEN 'dispatch' ELSE '' END);
        END IF;
        RETURN NULL;
    END $$
"""

OLD_ANNOUNCE = """
    CREATE FUNCTION ticketdesk_announce_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('ticketdesk_events',
                          CASE WHEN NEW.wakes_engine THEN 'dispatch' ELSE '' END);
        RETURN NULL;
    END $$
"""

ENQUEUE = """
    CREATE OR REPLACE FUNCTION ticketdesk_enqueue_webhooks() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN
            RETURN NULL;
        END IF;
{body}
        RETURN NULL;
    END $$
"""


def _enqueue_body() -> str:
    """0016's INSERT into the outbox, as it is (its text, not a copy of it)."""
    import importlib

    previous = importlib.import_module(
        "ticketdesk.server.store.migrations.versions.0016_webhooks")
    text = previous.ENQUEUE_FUNCTION
    return text[text.index("INSERT INTO webhook_deliveries"):text.index("RETURN NULL;")]


def upgrade() -> None:
    op.execute("DROP TRIGGER events_announce ON events")
    op.execute("DROP FUNCTION ticketdesk_announce_event()")
    op.execute(ANNOUNCE)
    op.execute("""
        CREATE TRIGGER events_announce AFTER INSERT ON events
        REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION ticketdesk_announce_events()
    """)
    op.execute(ENQUEUE.format(body="        " + _enqueue_body()))


def downgrade() -> None:
    import importlib

    previous = importlib.import_module(
        "ticketdesk.server.store.migrations.versions.0016_webhooks")
    op.execute(previous.ENQUEUE_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute("DROP TRIGGER events_announce ON events")
    op.execute("DROP FUNCTION ticketdesk_announce_events()")
    op.execute(OLD_ANNOUNCE)
    op.execute("""
        CREATE TRIGGER events_announce AFTER INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION ticketdesk_announce_event()
    """)
