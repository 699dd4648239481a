"""Shared by the benchmark scripts: a database to measure on, server processes, figures."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # so "tests.support" imports when run as a script

from tests.support import ServerProcess, libpq_url  # noqa: E402


@contextmanager
def database(name: str = "ticketdesk_bench") -> Iterator[str]:
    """A fresh database: on TICKETDESK_BENCH_DATABASE_URL's server, or an embedded one."""
    base = os.environ.get("TICKETDESK_BENCH_DATABASE_URL")
    tmp = None
    if base is None:
        from ticketdesk.server.store import embedded

        tmp = tempfile.mkdtemp(prefix="td-bench-")
        os.chmod(tmp, 0o755)
        base = embedded.start(Path(tmp), database="postgres")
    import psycopg2
    from sqlalchemy.engine import make_url

    admin = psycopg2.connect(libpq_url(base))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        from ticketdesk.server.store.connect import open_migrated

        open_migrated(url).dispose()
        yield url
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


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


def report(figures: dict[str, object]) -> None:
    """Print the results; the last line is one JSON object (what `make bench` collects)."""
    for key, value in figures.items():
        print(f"  {key:>24}: {value}")
    print(json.dumps({**figures, "machine": machine()}, ensure_ascii=False))


__all__ = ["ServerProcess", "database", "machine", "percentile", "report", "statistics"]
