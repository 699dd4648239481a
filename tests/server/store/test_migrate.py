"""The server migrates in a child process: the same schema and the same errors as
migrating in place, and the serving process never carries alembic (nor, without TLS, an
order system or an export, cryptography, httpx or XlsxWriter)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator

import psycopg2
import pytest

from tests.support import libpq_url, sibling_database

PROBE = """
import json, sys
from ticketdesk.server.store import connect, migrate
import ticketdesk.server.commands.run, ticketdesk.server.api.app
try:
    connect.migrate_apart(sys.argv[1])
except Exception as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)[:300]}))
    raise SystemExit(0)
heavy = [m for m in ("alembic", "cryptography", "httpx", "xlsxwriter") if m in sys.modules]
print(json.dumps({"head": migrate.head_revision(), "heavy": heavy}))
"""


def _probe(url: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, url], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh_db(pg_url: str) -> Iterator[str]:
    yield from sibling_database(pg_url, "ticketdesk_migrate_apart")


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="migrates in place here")
def test_a_child_migrates_and_the_server_process_stays_light(fresh_db: str) -> None:
    from ticketdesk.server.store.migrate import head_revision

    answer = _probe(fresh_db)
    assert answer == {"head": head_revision(), "heavy": []}
    conn = psycopg2.connect(libpq_url(fresh_db))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT version_num FROM alembic_version")
            assert cur.fetchone() == (head_revision(),)
            cur.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'tickets'")
            assert cur.fetchone() == (1,)
    finally:
        conn.close()
    assert _probe(fresh_db)["head"] == head_revision()  # and again: nothing to do


def test_the_childs_failure_is_raised_in_the_parent() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answer = _probe(f"postgresql://nobody@127.0.0.1:{port}/nothing?connect_timeout=3")
    assert answer["error"] == "OperationalError", answer
    assert str(port) in answer["message"] or "refused" in answer["message"], answer


WORKER_PROBE = """
import json, sys
from ticketdesk.server.api.factory import app_from_environment
from ticketdesk.server.store import migrate
app_from_environment()
head = migrate.head_revision()
heavy = [m for m in ("alembic", "cryptography", "httpx", "xlsxwriter") if m in sys.modules]
print(json.dumps({"head": head, "heavy": heavy}))
"""


def test_a_worker_process_knows_the_head_from_its_supervisor(pg_url: str, tmp_path) -> None:
    """``run --workers N``: each worker reports the migration level (``/healthz``) without
    alembic, from what the supervisor's migration child found."""
    import os

    from ticketdesk.server.store.migrate import head_revision

    env = {**os.environ, "TICKETDESK_WORKER_DATABASE_URL": pg_url,
           "TICKETDESK_WORKER_SCHEMA_HEAD": head_revision() or "",
           "TICKETDESK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", WORKER_PROBE], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "head": head_revision(), "heavy": []}
