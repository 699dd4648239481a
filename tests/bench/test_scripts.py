"""Every benchmark script runs once at a tiny size, so none of them can rot unnoticed.
(These check that the scripts work and their figures are well-formed, never the speed.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run(script: str, *args: str, pg_url: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args], cwd=BENCH, capture_output=True, text=True,
        timeout=300, env={**os.environ, "TICKETDESK_BENCH_DATABASE_URL": pg_url},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_dispatch_bench(pg_url):
    figures = run("dispatch.py", "--tickets", "300", "--groups", "3", "--agents", "12",
                  pg_url=pg_url)
    assert figures["violations"] == 0
    assert figures["released"] == 300 and figures["assigned"] == figures["total_capacity"]
    assert {"seconds", "tickets_per_second"} <= set(figures)


@pytest.mark.slow
def test_push_latency_bench(pg_url):
    figures = run("push_latency.py", "--clients", "4", "--rate", "10", "--seconds", "1",
                  pg_url=pg_url)
    assert figures["delivered"] == figures["tickets"] == 10
    assert figures["p50_ms"] >= 0 and figures["p99_ms"] >= figures["p50_ms"]
