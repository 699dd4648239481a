"""Shared by the benchmark scripts: a database to measure on, server processes, figures."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # so "tests.support" imports when run as a script

from tests.support import ServerProcess, database_url, libpq_url  # noqa: E402


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


__all__ = ["ServerProcess", "database", "libpq_url", "machine", "percentile", "report"]
