"""Test support: a real PostgreSQL, a real server process, and an HTTP client for the API."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg2
import psycopg2.errors
from sqlalchemy.engine import make_url

PASSWORD = "secret-pass-1"


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, however it dies (Linux), so a
    killed test run leaves no server behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def libpq_url(url: str) -> str:
    """The URL as psycopg2/libpq take it (no SQLAlchemy driver suffix)."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


_shared_cluster: dict[str, Any] = {"dir": None, "url": None, "users": 0}
"""The one private embedded PostgreSQL this process's test databases live in: starting a
cluster (initdb) costs seconds, and the session's databases (test, unit, hooks, jepsen) need
no cluster each. Stopped when its last database is dropped."""


def per_worker(name: str) -> str:
    """``name`` made this test process's own: under pytest-xdist the workers may share one
    PostgreSQL (``TICKETDESK_TEST_DATABASE_URL``), and must not drop each other's databases."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{name}_{worker}" if worker else name


def sibling_database(pg_url: str, name: str) -> Iterator[str]:
    """A fresh database beside the suite's own, on the same PostgreSQL (quicker than a
    PostgreSQL of its own), dropped afterwards."""
    name = per_worker(name)
    admin = psycopg2.connect(libpq_url(str(make_url(pg_url).set(database="postgres"))))
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"')
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def database_url(name: str, *, base_env: str = "TICKETDESK_TEST_DATABASE_URL") -> Iterator[str]:
    """A fresh, empty database called ``name`` on the server ``base_env`` names (else a private
    embedded PostgreSQL shared by this process's test databases), dropped afterwards."""
    name = per_worker(name)
    base = os.environ.get(base_env)
    shared = base is None
    if shared:
        if _shared_cluster["users"] == 0:
            from ticketdesk.server.store import embedded

            tmp = tempfile.mkdtemp(prefix="td-pg-")
            os.chmod(tmp, 0o755)
            _shared_cluster["dir"] = tmp
            _shared_cluster["url"] = embedded.start(Path(tmp), database="postgres")
        _shared_cluster["users"] += 1
        base = _shared_cluster["url"]
    try:
        admin = psycopg2.connect(libpq_url(base))
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"')
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    finally:
        if shared:
            _shared_cluster["users"] -= 1
            if _shared_cluster["users"] == 0:
                tmp = _shared_cluster["dir"]
                stop_embedded(Path(tmp))
                shutil.rmtree(tmp, ignore_errors=True)
                _shared_cluster.update(dir=None, url=None)


def stop_embedded(data_dir: Path) -> None:
    """Stop an embedded PostgreSQL started in ``data_dir`` now, not at interpreter exit
    (by then its folder may be gone, and a restarted postmaster is not recognised)."""
    import pgserver
    from pgserver._commands import pg_ctl

    if not (data_dir / "pgdata" / "postmaster.pid").exists():
        return  # not running (its last user stopped it)
    server = pgserver.get_server(data_dir / "pgdata", cleanup_mode="stop")
    with contextlib.suppress(subprocess.CalledProcessError):  # stopped meanwhile
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user,
               timeout=60)
    server.global_process_id_list.put([])  # nothing left for the exit handler to stop


BIG_TABLE_ROWS = 1000
"""Above this many rows a table is TRUNCATEd (DELETE would leave that many dead rows behind
for the next test's scans); below it, DELETE is ~50 times quicker than TRUNCATE, which makes
new files for every table and index each time (~0.2 s for our schema, on every test)."""


def truncate_all(url: str, *, then: Callable[[Any], None] | None = None) -> None:
    """Empty every table of ours and restart its ids: each test starts from a clean database.
    Only the tables with rows are emptied, with triggers and foreign keys switched off for the
    transaction (every table ends up empty, so no order is needed and no trigger should count
    the deletions). (The server's engine may be mid-round on another connection; a deadlock
    there is simply retried.) ``then`` runs on the cursor in the same transaction, under the
    same locks, so nothing the server writes can come between the emptying and it."""
    conn = psycopg2.connect(libpq_url(url))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT format('%I', tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version' "
                "ORDER BY tablename"
            )
            tables = [row[0] for row in cur.fetchall()]
            if not tables:
                return
            for attempt in range(10):
                try:
                    cur.execute("BEGIN")
                    if _without_triggers(cur):
                        # Counted under the tables' locks: a row the last test's server writes
                        # between a count and its DELETE would outlive the reset of its
                        # sequence, and the next test's insert would collide with it.
                        cur.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
                        for statement in _emptying(cur, tables):
                            cur.execute(statement)
                        if then is not None:
                            then(cur)
                    elif then is not None:
                        raise RuntimeError("restoring a snapshot needs a superuser (triggers off)")
                    else:
                        cur.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
                    cur.execute("COMMIT")
                    return
                except (psycopg2.errors.DeadlockDetected, psycopg2.errors.LockNotAvailable):
                    cur.execute("ROLLBACK")
                    time.sleep(0.05 * (attempt + 1))
            raise RuntimeError("could not empty the test database")
    finally:
        conn.close()


def _emptying(cur: Any, tables: list[str]) -> list[str]:
    """What empties the tables that have rows and restarts every id."""
    cur.execute(
        " UNION ALL ".join(
            f"SELECT {n}, (SELECT count(*) FROM (SELECT 1 FROM {t} LIMIT "
            f"{BIG_TABLE_ROWS + 1}) x)"
            for n, t in enumerate(tables)
        )
    )
    rows = {tables[n]: count for n, count in cur.fetchall() if count}
    big = [t for t, count in rows.items() if count > BIG_TABLE_ROWS]
    small = [t for t, count in rows.items() if count <= BIG_TABLE_ROWS]
    return [
        *([f"TRUNCATE {', '.join(big)} CASCADE"] if big else []),
        *(f"DELETE FROM {t}" for t in small),
        "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
        "FROM pg_sequences WHERE schemaname = 'public'",
    ]


def _without_triggers(cur: Any) -> bool:
    """Switch off triggers and foreign-key checks for this transaction: a superuser's right,
    as the embedded PostgreSQL's user has. False if refused (then TRUNCATE everything)."""
    cur.execute("SAVEPOINT replica")
    try:
        cur.execute("SET LOCAL session_replication_role = replica")
    except psycopg2.errors.InsufficientPrivilege:
        cur.execute("ROLLBACK TO SAVEPOINT replica")
        return False
    return True


SNAPSHOT_SCHEMA = "td_snapshot"


def take_snapshot(url: str, *, keep: frozenset[str] = frozenset({"sessions"})) -> None:
    """Copy every table's rows (but ``keep``'s) and every id sequence aside, for
    ``restore_snapshot``: a staged setup made once and restored before each scenario in well
    under the time of making it again through the API."""
    with raw_cursor(url) as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
        cur.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        )
        for (table,) in cur.fetchall():
            if table not in keep:
                cur.execute(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS TABLE public."{table}"')
        cur.execute(
            f"CREATE TABLE {SNAPSHOT_SCHEMA}.sequences AS "
            "SELECT format('%I.%I', schemaname, sequencename) AS name, last_value, start_value "
            "FROM pg_sequences WHERE schemaname = 'public'"
        )


def restore_snapshot(url: str) -> None:
    """Empty the database (as ``truncate_all``) and put the snapshot's rows and id sequences
    back, triggers off, in the emptying's own transaction: a row the running server writes by
    itself (the KPI roll-ups' horizon) cannot land in between and collide with the snapshot's."""

    def put_back(cur: Any) -> None:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> 'sequences'",
            (SNAPSHOT_SCHEMA,),
        )
        for (table,) in cur.fetchall():
            cur.execute(
                f'INSERT INTO public."{table}" OVERRIDING SYSTEM VALUE '
                f'SELECT * FROM {SNAPSHOT_SCHEMA}."{table}"'
            )
        cur.execute(
            "SELECT setval(name, coalesce(last_value, start_value), last_value IS NOT NULL) "
            f"FROM {SNAPSHOT_SCHEMA}.sequences"
        )

    truncate_all(url, then=put_back)


def cli_in_process(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``ticketdesk-server argv`` run by its ``main`` here, with ``env`` added to the
    environment for the call: the exit code and output as a finished process gives them.
    An exception that escapes ``main`` is raised here (a process would show a Traceback)."""
    import gc
    import io

    from ticketdesk.server import cli

    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse's usage errors, read_password's refusals
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
                    code = 1
                else:
                    code = exc.code or 0
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        gc.collect()  # the command's engine and its connections, as a process exit would
    return subprocess.CompletedProcess(["ticketdesk-server", *argv], code, out.getvalue(),
                                       err.getvalue())


class _PortTaken(RuntimeError):
    """The server could not bind its port: another process has it."""


SERVER_DATABASES: dict[str, str] = {}
"""A started `ServerProcess`'s database by its base URL (for checks a client cannot make)."""


def newest_event_id(base_url: str) -> int | None:
    """The newest event on the record of the server at ``base_url`` (None: not known)."""
    url = SERVER_DATABASES.get(base_url)
    if url is None:
        return None
    with raw_cursor(url) as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM events")
        return cur.fetchone()[0]


@dataclass
class ServerProcess:
    """``ticketdesk-server run`` in a child process on a loopback port."""

    database_url: str | None
    """None runs the embedded PostgreSQL in ``data_dir``."""
    port: int = field(default_factory=free_port)
    data_dir: Path | None = None
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path = field(default_factory=lambda: Path(tempfile.mkstemp(suffix=".log")[1]))
    discovery: bool = False
    """Announce on the LAN (tests bind it to 127.0.0.1 with --discovery-interface)."""

    tls: tuple[Path, Path] | None = None
    """Certificate and key: the server speaks HTTPS/WSS only."""
    _address_used: str | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def database_args(self) -> list[str]:
        """The ``--database-url`` or ``--data-dir`` options every command takes."""
        if self.database_url:
            return ["--database-url", self.database_url]
        assert self.data_dir is not None
        return ["--data-dir", str(self.data_dir)]

    def cli(
        self, *args: str, env: dict[str, str] | None = None, separate: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run an admin command of ``ticketdesk-server`` against this server's database.

        In this process through ``cli.main(argv)`` (a new Python process costs ~1 s, and
        some tests make dozens of calls); ``separate=True``, and any command on an embedded
        database (whose PostgreSQL this process must not adopt), run ``python -m
        ticketdesk.server`` as an administrator would."""
        env = {"TICKETDESK_PASSWORD_PROFILE": "fast", **(env or {})}
        argv = [*args, *self.database_args]
        if separate or not self.database_url:
            return subprocess.run(
                [sys.executable, "-m", "ticketdesk.server", *argv],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, **env},
            )
        return cli_in_process(argv, env)

    def start(self, timeout: float = 90) -> ServerProcess:
        # `free_port` gives the port back before the server binds it, and under xdist the
        # other worker may take it meanwhile: a first start moves to another. A restart
        # keeps its address (clients come back to it).
        for _ in range(3):
            first = self._address_used is None
            try:
                return self._start(timeout)
            except _PortTaken:
                if not first:
                    raise
                self._address_used = None
                self.port = free_port()
        return self._start(timeout)

    def _start(self, timeout: float) -> ServerProcess:
        self._address_used = self.base_url
        if self.database_url:
            SERVER_DATABASES[self.base_url] = self.database_url
        env = {**os.environ, "TICKETDESK_PASSWORD_PROFILE": "fast", **self.env}
        logged = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ticketdesk.server",
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *self.database_args,
                *([] if self.discovery else ["--no-discovery"]),
                "--log-level",
                "warning",
                *self.extra_args,
                *(["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
                  if self.tls else []),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
            env=env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                said = self.log_path.read_bytes()[logged:].decode(errors="replace")
                if "address already in use" in said.lower():
                    raise _PortTaken(f"port {self.port} taken:\n{said[-2000:]}")
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                # (Whether the certificate is trusted is the business of the tests.)
                health = httpx.get(f"{self.base_url}/healthz", timeout=1, verify=False)
                if health.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not come up:\n{self.log()}")

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-20_000:]


class Api:
    """A thin HTTP client for the API that keeps one bearer token."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.token = token
        self.http = httpx.Client(base_url=f"{base_url}/api/v1", timeout=15)

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**out, **(headers or {})}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.http.request(method, path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, json: Any = None, status: int | None = None) -> Any:
        """Make the call and insist on success; returns the decoded body (or None). A 503
        ``database_unavailable`` (nothing was changed, "try again in a moment") is tried
        again once after its Retry-After, as the API asks of clients, and said so in the
        test's warnings: a test about that answer calls `request`."""
        response = self.request(method, path, json=json)
        if response.status_code == 503 and "database_unavailable" in response.text:
            warnings.warn(f"{method} {path}: 503 database_unavailable, tried again",
                          stacklevel=2)
            time.sleep(min(float(response.headers.get("Retry-After", "1")), 2.0))
            response = self.request(method, path, json=json)
        expected = status or (201 if method == "POST" and response.status_code == 201 else 200)
        assert response.status_code in (expected, 204), (
            f"{method} {path} -> {response.status_code}: {response.text}"
        )
        return response.json() if response.content else None

    def login(self, username: str, password: str = PASSWORD) -> Api:
        """A new client logged in as ``username``."""
        r = httpx.post(
            f"{self.base_url}/api/v1/auth/login",
            json={"username": username, "password": password},
            timeout=15,
        )
        assert r.status_code == 200, r.text
        return Api(self.base_url, r.json()["token"])

    def close(self) -> None:
        self.http.close()


@contextmanager
def raw_cursor(url: str) -> Iterator[Any]:
    """A psycopg2 cursor in autocommit mode on the test database, outside our server's code."""
    conn = psycopg2.connect(libpq_url(url))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


@contextmanager
def direct_session(url: str) -> Iterator[Any]:
    """A SQLAlchemy session on the test database, for seeding and for checking state."""
    from ticketdesk.server.store.database import make_engine, make_sessionmaker

    engine = make_engine(url, pool_size=1)
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def make_admin(base_url: str, pg_url: str) -> Api:
    """The first admin (created directly, as ``ticketdesk-server user add`` would), logged in."""
    from ticketdesk.common.enums import Role
    from ticketdesk.common.models import UserCreate
    from ticketdesk.server.services import passwords, users
    from ticketdesk.server.services.actors import Actor

    passwords.use_profile("fast")
    with direct_session(pg_url) as session, session.begin():
        users.create_user(
            session=session,
            data=UserCreate(
                username="admin", display_name="Admin", role=Role.ADMIN, password=PASSWORD
            ),
            actor=Actor.system("test setup"),
        )
    return Api(base_url).login("admin")


def seed_office(
    admin: Api,
    *,
    groups: int,
    agents: int,
    default_capacity: int,
    capacity: Callable[[int], int | None] = lambda _: None,
) -> tuple[list[int], list[int]]:
    """Groups 组0…, a ``misc`` ticket type, and agents agent0… spread over the groups in turn
    (``capacity(i)``: agent i's own capacity, None for the group's). Returns both id lists."""
    group_ids = [
        admin.ok("POST", "/groups", {"name": f"组{g}", "default_capacity": default_capacity},
                 status=201)["id"]
        for g in range(groups)
    ]
    admin.ok("POST", "/ticket-types", {"key": "misc", "name": "其他"}, status=201)
    agent_ids = []
    for i in range(agents):
        user = admin.ok(
            "POST",
            "/users",
            {"username": f"agent{i}", "display_name": f"客服{i}", "password": PASSWORD},
            status=201,
        )
        own = capacity(i)
        admin.ok("PUT", f"/groups/{group_ids[i % groups]}/members/{user['id']}",
                 {"capacity": own} if own is not None else {})
        agent_ids.append(user["id"])
    return group_ids, agent_ids


SERVER_BOOKKEEPING = frozenset({"kpi_rollup_horizon", "kpi_group_hours", "kpi_agent_hours",
                                "kpi_agent_days"})
"""The KPI roll-ups, which the server's dispatcher fills from the events every few seconds,
whatever a request does (the events themselves are counted)."""


def table_counts(url: str) -> dict[str, int]:
    """Rows per table (but `SERVER_BOOKKEEPING`): compared before and after a refused call
    to prove nothing changed."""
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [r[0] for r in cur.fetchall() if r[0] not in SERVER_BOOKKEEPING]
            counts = {}
            for t in tables:
                cur.execute(f'SELECT count(*) FROM "{t}"')
                counts[t] = cur.fetchone()[0]
            return counts
    finally:
        conn.close()


FINGERPRINT_EXCLUDES = {"login_failures", *SERVER_BOOKKEEPING}
"""Bookkeeping that a refused login is meant to write (the throttle counts failures), and
the server's own (`SERVER_BOOKKEEPING`)."""


def database_fingerprint(url: str) -> str:
    """A digest of every row of every table: equal before and after means nothing changed."""
    conn = psycopg2.connect(libpq_url(url))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            parts = []
            for (t,) in cur.fetchall():
                if t in FINGERPRINT_EXCLUDES:
                    continue
                cur.execute(
                    f"SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                    f'FROM "{t}" x'
                )
                parts.append(f"{t}:{cur.fetchone()[0]}")
            return ";".join(parts)
    finally:
        conn.close()


class LiveObserver(threading.Thread):
    """A live client (a supervisor, say) that reads everything and, whenever it is dropped,
    reconnects and resumes from its cursor — as the desktop client does."""

    def __init__(self, port: int, token: str) -> None:
        super().__init__(daemon=True)
        self.url = f"ws://127.0.0.1:{port}/api/v1/live"
        self.token = token
        self.created: set[int] = set()
        self.assigned: set[int] = set()
        self.seen_ids: Counter[int] = Counter()
        self.cursor: str | None = None
        self.stop = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        from websockets.exceptions import ConnectionClosed
        from websockets.sync.client import connect

        while not self.stop.is_set():
            url = self.url + (f"?cursor={self.cursor}" if self.cursor else "")
            try:
                with connect(url, additional_headers={"Authorization": f"Bearer {self.token}"},
                             max_size=2**22) as ws:
                    while not self.stop.is_set():
                        try:
                            message = json.loads(ws.recv(timeout=0.3))
                        except TimeoutError:
                            continue
                        self.cursor = message["cursor"]
                        self.ready.set()
                        if message["type"] != "event":
                            continue
                        event = message["event"]
                        self.seen_ids[event["id"]] += 1
                        if event["kind"] == "created":
                            self.created.add(event["ticket_id"])
                        elif event["kind"] == "assigned":
                            self.assigned.add(event["ticket_id"])
            except (ConnectionClosed, OSError):
                time.sleep(0.2)


class HoldingProxy:
    """A loopback TCP proxy in front of the server that can hold back one answer, as a slow
    connection does: after ``hold(b"GET /api/v1/api-keys")`` the next request starting with
    those bytes goes through at once, its answer only on `release` (the client meanwhile
    sends its other requests on other connections)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._armed: bytes | None = None
        self._released = threading.Event()
        self.holding = threading.Event()
        """Set once the request to hold has gone through (its answer waits)."""
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def hold(self, request_start: bytes) -> None:
        with self._lock:
            self._armed = request_start
            self._released.clear()
            self.holding.clear()

    def release(self) -> None:
        self._released.set()

    def close(self) -> None:
        self._released.set()
        with self._lock:
            sockets, self._sockets = [self._listener, *self._sockets], []
        for s in sockets:
            # shutdown first: a close alone leaves a recv blocked in a pump thread holding
            # the connection open, and the client waiting on it for ever.
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(self._target)
            except OSError:
                return
            with self._lock:
                self._sockets += [client, upstream]
            held = threading.Event()
            threading.Thread(target=self._pump, args=(client, upstream, held, True),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, held, False),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, held: threading.Event,
              asking: bool) -> None:
        try:
            while data := source.recv(65536):
                if asking:
                    with self._lock:
                        if self._armed is not None and data.startswith(self._armed):
                            self._armed = None
                            held.set()
                            self.holding.set()
                elif held.is_set():
                    self._released.wait()
                    held.clear()
                sink.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
