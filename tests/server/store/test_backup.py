"""Backup and restore with PostgreSQL's own tools: everything comes back, nothing is
overwritten by accident."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from tests.support import database_fingerprint, libpq_url, sibling_database
from ticketdesk.server.demo import load_demo
from ticketdesk.server.services import passwords
from ticketdesk.server.store import backup
from ticketdesk.server.store.connect import open_migrated
from ticketdesk.server.store.database import make_sessionmaker


@pytest.fixture
def source_db(pg_url: str) -> Iterator[str]:
    yield from sibling_database(pg_url, "ticketdesk_backup_source")


@pytest.fixture
def target_db(pg_url: str) -> Iterator[str]:
    yield from sibling_database(pg_url, "ticketdesk_backup_target")


def _sequences(url: str) -> dict[str, int]:
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences")
            return dict(cur.fetchall())
    finally:
        conn.close()


def _filled(url: str) -> None:
    passwords.use_profile("fast")
    engine = open_migrated(url)
    try:
        with make_sessionmaker(engine)() as session, session.begin():
            load_demo(session=session)
    finally:
        engine.dispose()


def test_a_restored_database_holds_every_row_and_sequence(
    source_db: str, target_db: str, tmp_path: Path
) -> None:
    _filled(source_db)
    file = tmp_path / "office.tdbackup"
    header = backup.backup(source_db, file)
    assert header.database_bytes > 0 and header.schema_revision
    assert backup.describe(file) == header

    # A freshly migrated, empty database (as a new server leaves it) takes the restore.
    open_migrated(target_db).dispose()
    backup.restore(target_db, file)
    assert database_fingerprint(target_db) == database_fingerprint(source_db)
    assert _sequences(target_db) == _sequences(source_db)
    assert "tickets" in database_fingerprint(target_db)


def test_restore_refuses_a_database_with_data_unless_forced(
    source_db: str, target_db: str, tmp_path: Path
) -> None:
    _filled(source_db)
    file = tmp_path / "office.tdbackup"
    backup.backup(source_db, file)
    _filled(target_db)
    before = database_fingerprint(target_db)
    with pytest.raises(backup.BackupError, match=r"not empty.*--force"):
        backup.restore(target_db, file)
    assert database_fingerprint(target_db) == before
    backup.restore(target_db, file, force=True)
    assert database_fingerprint(target_db) == database_fingerprint(source_db)


def test_restore_says_how_much_room_it_needs(source_db: str, tmp_path: Path) -> None:
    _filled(source_db)
    file = tmp_path / "office.tdbackup"
    header = backup.backup(source_db, file)
    # Rewrite the header to claim a database far larger than any disk here.
    body = file.read_bytes().split(b"\n", 1)[1]
    huge = backup.Header(**{**header.__dict__, "database_bytes": 1 << 60})
    file.write_bytes(backup.MAGIC + huge.as_json() + b"\n" + body)
    with pytest.raises(backup.BackupError, match=r"needs about .* MB"):
        backup.restore(source_db, file, data_dir=tmp_path)


def test_a_file_that_is_not_a_backup_is_refused(target_db: str, tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("hello")
    with pytest.raises(backup.BackupError, match="not a TicketDesk backup"):
        backup.restore(target_db, file)


def test_the_cli_backs_up_and_restores_into_a_new_database(
    source_db: str, target_db: str, tmp_path: Path
) -> None:
    _filled(source_db)
    file = tmp_path / "cli.tdbackup"
    made = _cli("backup", str(file), "--database-url", source_db)
    assert made.returncode == 0, made.stderr
    assert "backed up" in made.stdout
    assert file.stat().st_mode & 0o077 == 0  # the whole database: the owner's alone
    restored = _cli("restore", str(file), "--database-url", target_db)
    assert restored.returncode == 0, restored.stderr
    assert "needs about" in restored.stdout
    assert database_fingerprint(target_db) == database_fingerprint(source_db)
    again = _cli("restore", str(file), "--database-url", target_db)
    assert again.returncode != 0 and "--force" in again.stderr


def test_a_backup_folder_that_is_not_there_is_named_without_a_traceback(
    source_db: str, tmp_path: Path
) -> None:
    """As an IT person first runs it: ``backup /backup/…`` before making /backup."""
    missing = tmp_path / "no-such-folder" / "desk.tdbackup"
    made = _cli("backup", str(missing), "--database-url", source_db)
    assert made.returncode == 1
    assert f"cannot write {missing} (No such file or directory)" in made.stderr
    assert "Traceback" not in made.stderr
    restored = _cli("restore", str(missing), "--database-url", source_db)
    assert restored.returncode == 1
    assert f"cannot read {missing} (No such file or directory)" in restored.stderr
    assert "Traceback" not in restored.stderr


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ticketdesk.server", *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "TICKETDESK_PASSWORD_PROFILE": "fast"},
    )


@pytest.mark.parametrize("ahead", ["events", "horizon"])
def test_a_backup_from_another_postgresql_is_counted_and_followed_here(
    source_db: str, target_db: str, tmp_path: Path, ahead: str
) -> None:
    """Restored on a PostgreSQL whose transaction counter is behind the one the backup came
    from (a new machine): the events' transaction ids are rebased, so new events come after
    them and the KPI roll-ups count every event, old and new. So too when only the roll-ups'
    horizon is ahead (a snapshot's horizon may pass the last event's id): new events would
    fall below it unrolled."""
    _filled(source_db)
    conn = psycopg2.connect(libpq_url(source_db))
    try:
        with conn, conn.cursor() as cur:  # as if written by a cluster far ahead of this one
            cur.execute("SET LOCAL session_replication_role = replica")
            if ahead == "events":
                cur.execute("UPDATE events SET xid = xid + 10^12")
            cur.execute("SELECT kpi_rollup_compact()")
            if ahead == "horizon":
                cur.execute("UPDATE kpi_rollup_horizon SET xid = 10^12")
            cur.execute("SELECT count(*) FROM events")
            events = cur.fetchone()[0]
    finally:
        conn.close()
    file = tmp_path / "office.tdbackup"
    backup.backup(source_db, file)
    open_migrated(target_db).dispose()
    backup.restore(target_db, file)

    conn = psycopg2.connect(libpq_url(target_db))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*), max(xid) < pg_current_xact_id()::text::bigint "
                        "FROM events")
            assert cur.fetchone() == (events, True)
            cur.execute("SELECT (SELECT xid FROM kpi_rollup_horizon) "
                        "> (SELECT max(xid) FROM events), (SELECT xid FROM kpi_rollup_horizon) "
                        "<= pg_current_xact_id()::text::bigint")
            assert cur.fetchone() == (True, True)
            cur.execute("SELECT (SELECT coalesce(sum(created), 0) FROM kpi_group_hours), "
                        "(SELECT count(*) FROM events WHERE kind = 'created' "
                        "AND kpi_group_id IS NOT NULL)")
            rolled, record = cur.fetchone()
            assert rolled == record > 0
    finally:
        conn.close()
