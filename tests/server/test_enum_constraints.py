"""Enums are stored as text with CHECK constraints; every Python value must be allowed."""

import psycopg2
import pytest

from tests.support import libpq_url
from ticketdesk.common.enums import EventKind, Presence, Priority, Role, Status

COLUMNS = [
    ("users", "role", Role),
    ("users", "presence", Presence),
    ("tickets", "status", Status),
    ("tickets", "priority", Priority),
    ("ticket_types", "default_priority", Priority),
    ("events", "kind", EventKind),
]


@pytest.mark.parametrize(("table", "column", "enum"), COLUMNS)
def test_check_constraint_allows_every_value(server, pg_url, table, column, enum):
    conn = psycopg2.connect(libpq_url(pg_url))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = %s AND c.contype = 'c' "
                "AND pg_get_constraintdef(c.oid) LIKE %s",
                (table, f"%({column})::text%"),
            )
            (definition,) = cur.fetchone()
    finally:
        conn.close()
    missing = [m.value for m in enum if f"'{m.value}'" not in definition]
    assert not missing, f"write a migration: {table}.{column} refuses {missing}"
