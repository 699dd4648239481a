"""Shared by the benchmark scripts: a database to measure on, server processes, figures."""

from __future__ import annotations

import json
import math
import os
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # so "tests.support" imports when run as a script

from tests.support import ServerProcess, database_url, libpq_url, stop_embedded  # noqa: E402


@contextmanager
def database(name: str = "ticketdesk_bench") -> Iterator[str]:
    """A fresh, migrated database: on TICKETDESK_BENCH_DATABASE_URL's server, or an embedded
    one; dropped (and the embedded server stopped) afterwards."""
    from ticketdesk.server.store.connect import open_migrated

    urls = database_url(name, base_env="TICKETDESK_BENCH_DATABASE_URL")
    url = next(urls)
    try:
        open_migrated(url).dispose()
        yield url
    finally:
        urls.close()


@contextmanager
def kept_database(name: str, marker: dict[str, object]) -> Iterator[tuple[str, bool]]:
    """A database kept between runs (a bench's ``--reuse``), for loads that take minutes:
    on TICKETDESK_BENCH_DATABASE_URL's server, else an embedded one in a fixed folder
    (started now, stopped afterwards; its data stays on disk). Yields the URL and whether it
    already holds a load made with ``marker`` (the bench's sizes); if not, it is emptied and
    migrated, and the caller loads it and calls :func:`mark_loaded`. Migrations newer than
    the load are applied to it as to any deployed database."""
    import psycopg2
    from sqlalchemy.engine import make_url

    from ticketdesk.server.store import embedded
    from ticketdesk.server.store.connect import open_migrated

    base = os.environ.get("TICKETDESK_BENCH_DATABASE_URL")
    folder: Path | None = None
    if base is None:
        folder = Path(os.environ.get("TICKETDESK_BENCH_KEPT_DIR",
                                     Path.home() / ".cache" / "ticketdesk-bench-pg"))
        os.environ.setdefault("XDG_RUNTIME_DIR", str(folder / "runtime"))
        (folder / "runtime").mkdir(parents=True, exist_ok=True)
        (folder / "runtime").chmod(0o700)
        base = embedded.start(folder, database="postgres")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        loaded = _marker(url) == json.dumps(marker, sort_keys=True)
        if not loaded:
            admin = psycopg2.connect(libpq_url(base))
            admin.autocommit = True
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{name}"')
            admin.close()
        open_migrated(url).dispose()
        yield url, loaded
    finally:
        if folder is not None:
            stop_embedded(folder)


def _marker(url: str) -> str | None:
    import psycopg2

    try:
        conn = psycopg2.connect(libpq_url(url))
    except psycopg2.OperationalError:  # no such database yet
        return None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('bench_load') IS NOT NULL")
            if not cur.fetchone()[0]:
                return None
            cur.execute("SELECT marker FROM bench_load")
            row = cur.fetchone()
            return row[0] if row else None
    finally:
        conn.close()


def mark_loaded(url: str, marker: dict[str, object]) -> None:
    """Note in a kept database that its load (with these sizes) is complete."""
    import psycopg2

    conn = psycopg2.connect(libpq_url(url))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_load (marker text NOT NULL)")
        cur.execute("DELETE FROM bench_load")
        cur.execute("INSERT INTO bench_load VALUES (%s)", (json.dumps(marker, sort_keys=True),))
    conn.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def machine() -> dict[str, object]:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "date": datetime.now(UTC).date().isoformat()}


def _finite(value: object) -> object:
    """``value`` with every NaN or infinity (a figure nothing was measured for) as None:
    ``json.dumps`` would write them as ``NaN``, which is not JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def report(figures: dict[str, object]) -> None:
    """Print the results; the last line is one JSON object (what `make bench` collects)."""
    for key, value in figures.items():
        print(f"  {key:>24}: {value}")
    print(json.dumps(_finite({**figures, "machine": machine()}), ensure_ascii=False,
                     allow_nan=False))


__all__ = ["ServerProcess", "database", "kept_database", "libpq_url", "machine", "mark_loaded",
           "percentile", "report"]
