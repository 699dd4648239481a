"""Backups of the whole database with PostgreSQL's own tools, and their restore.

A backup file is a one-line JSON header (what was backed up, when, how big the database was)
followed by ``pg_dump --format=custom`` output. The header lets ``restore`` say how much
space it needs before it starts; ``pg_restore`` reads the dump from its standard input.
With the embedded database the ``pg_dump``/``pg_restore`` bundled with ``pgserver`` are used,
so nothing has to be installed; otherwise the ones on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg2
from sqlalchemy.engine import make_url

from .. import clock

MAGIC = b"TICKETDESK-BACKUP 1 "
_COPY_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Header:
    created_at: str
    database: str
    database_bytes: int
    server_version: str
    schema_revision: str | None

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True).encode()


def libpq_url(url: str) -> str:
    """The URL as libpq and the PostgreSQL tools take it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: pgserver's bundled one if installed, else from PATH."""
    try:
        import pgserver
    except ImportError:  # pragma: no cover - pgserver is a dependency
        bundled = None
    else:
        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    if bundled is not None and bundled.exists():
        return str(bundled)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; install PostgreSQL's client tools "
            "(Debian/Ubuntu: apt-get install postgresql-client, Fedora: dnf install postgresql)"
        )
    return found


def _facts(url: str) -> tuple[int, str, str | None, dict[str, int]]:
    """Database size, server version, schema revision, and rows per table of ours."""
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_database_size(current_database()), current_setting('server_version')"
            )
            size, version = cur.fetchone()
            cur.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cur.fetchall()]
            rows: dict[str, int] = {}
            revision = None
            for table in tables:
                if table == "alembic_version":
                    cur.execute("SELECT version_num FROM alembic_version")
                    found = cur.fetchone()
                    revision = found[0] if found else None
                    continue
                cur.execute(f'SELECT count(*) FROM (SELECT 1 FROM "{table}" LIMIT 1) AS t')
                rows[table] = cur.fetchone()[0]
        return int(size), str(version), revision, rows
    finally:
        conn.close()


def backup(url: str, path: Path) -> Header:
    """Write a backup of the database at ``url`` to ``path`` (atomically: a file that exists
    is complete). Safe while servers run: pg_dump reads one consistent snapshot."""
    size, version, revision, _ = _facts(url)
    database = make_url(url).database or ""
    header = Header(
        created_at=clock.now().isoformat(),
        database=database,
        database_bytes=size,
        server_version=version,
        schema_revision=revision,
    )
    path = path.resolve()
    partial = path.with_name(path.name + ".partial")
    try:
        # The owner's alone, whatever the umask: it holds every customer's data and the
        # password hashes.
        out = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
    except OSError as exc:
        raise BackupError(
            f"cannot write {path} ({exc.strerror}): the folder must exist and be writable by "
            "the user running the backup"
        ) from None
    try:
        with out:
            out.write(MAGIC + header.as_json() + b"\n")
            out.flush()
            result = subprocess.run(
                [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 "--dbname", libpq_url(url)],
                stdout=out,
                stderr=subprocess.PIPE,
                check=False,
            )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.decode(errors='replace').strip()}")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return header


def read_header(stream: IO[bytes]) -> Header:
    line = stream.readline(64 * 1024)
    if not line.startswith(MAGIC):
        raise BackupError("not a TicketDesk backup (made by `ticketdesk-server backup`)")
    try:
        data: dict[str, Any] = json.loads(line[len(MAGIC):])
        return Header(**data)
    except (ValueError, TypeError) as exc:
        raise BackupError(f"the backup's header is damaged: {exc}") from exc


def _open_backup(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise BackupError(f"cannot read {path} ({exc.strerror})") from None


def describe(path: Path) -> Header:
    with _open_backup(path) as stream:
        return read_header(stream)


_BOOKKEEPING = frozenset({"kpi_rollup_horizon"})
"""Tables a server fills by itself on an empty database (the KPI roll-ups' horizon row,
written by the dispatcher's first compaction): rows there are no one's data."""


def occupied_tables(url: str) -> list[str]:
    """Our tables that hold data (an empty, freshly migrated database, or one a server has
    only started on, has none)."""
    return [table for table, n in _facts(url)[3].items() if n and table not in _BOOKKEEPING]


def restore(url: str, path: Path, *, force: bool = False, data_dir: Path | None = None) -> Header:
    """Restore ``path`` into the database at ``url``. Refuses a database that holds data
    unless ``force`` (then everything in it is replaced). ``data_dir``: where the embedded
    database lives, to check there is room."""
    with _open_backup(path) as stream:
        header = read_header(stream)
        needed = header.database_bytes
        if data_dir is not None:
            free = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent).free
            if free < needed * 1.2:
                raise BackupError(
                    f"restoring needs about {_mib(needed)} (the database was that size when "
                    f"backed up) and {data_dir} has {_mib(free)} free"
                )
        occupied = occupied_tables(url)
        if occupied and not force:
            raise BackupError(
                f"the database is not empty ({', '.join(occupied[:5])}"
                f"{' …' if len(occupied) > 5 else ''} hold data); restoring would replace "
                "everything in it — pass --force to do that"
            )
        _wipe(url)
        proc = subprocess.Popen(
            [tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", "--dbname", libpq_url(url)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdin is not None
        try:
            while chunk := stream.read(_COPY_CHUNK):
                proc.stdin.write(chunk)
        except BrokenPipeError:
            pass
        finally:
            proc.stdin.close()
        stderr = proc.stderr.read() if proc.stderr else b""
        if proc.wait() != 0:
            raise BackupError(f"pg_restore failed: {stderr.decode(errors='replace').strip()}")
    _rebase_transaction_ids(url)
    return header


RESTORED_XID = 1
"""The transaction id the events of a backup restored on another PostgreSQL are given: below
every real one (normal ids start at 3), so they come before every event written here."""


def _rebase_transaction_ids(url: str) -> None:
    """Events carry their writing transaction's id (the live feed reads in (xid, id) order,
    the KPI roll-ups hold the events below a transaction-id horizon). A backup restored on
    another PostgreSQL — a new machine, a fresh embedded database — brings ids from that
    cluster's counter, which may be far ahead of this one's: new events would sort before
    the old and fall below the restored horizon, so reports would never count them (the
    horizon, a snapshot's, may be ahead when the events are not). Then the restored events
    are given one id below every real one (their order stays by event id) and the roll-ups
    are counted again, with a horizon of this cluster's."""
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = "
                        "'public' AND table_name = 'events' AND column_name = 'xid'")
            if cur.fetchone() is None:  # a backup from before the column
                return
            cur.execute("SELECT pg_current_xact_id()::text::bigint, (SELECT max(xid) FROM events), "
                        "to_regclass('kpi_rollup_horizon') IS NOT NULL")
            here, top, with_horizon = cur.fetchone()
            horizon = None
            if with_horizon:  # (a backup from before the roll-ups' horizon has none)
                cur.execute("SELECT max(xid) FROM kpi_rollup_horizon")  # (one row, or none)
                horizon = cur.fetchone()[0]
            if (top is None or top < here) and (horizon is None or horizon <= here):
                return
            # (Nothing an UPDATE of the id would count changes: the triggers stay out of it.)
            cur.execute("ALTER TABLE events DISABLE TRIGGER USER")
            cur.execute("UPDATE events SET xid = %s", (RESTORED_XID,))
            cur.execute("ALTER TABLE events ENABLE TRIGGER USER")
            cur.execute("SELECT to_regprocedure('kpi_rollup_rebuild()') IS NOT NULL")
            if cur.fetchone()[0]:
                cur.execute("SELECT kpi_rollup_rebuild()")
    finally:
        conn.close()


def _wipe(url: str) -> None:
    """Drop our schema's contents so the dump can recreate it exactly."""
    conn = psycopg2.connect(libpq_url(url))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE")
            cur.execute("CREATE SCHEMA public")
    finally:
        conn.close()


def _mib(n: float) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"
