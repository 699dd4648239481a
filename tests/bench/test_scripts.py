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
        timeout=300, env={**os.environ, "TICKETDESK_BENCH_DATABASE_URL": pg_url,
                          "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1], parse_constant=_not_json)


def _not_json(constant: str) -> None:
    raise AssertionError(f"{constant} in a bench's JSON line: not JSON")


@pytest.mark.slow
def test_pg_limit(pg_url):
    figures = run("pg_limit.py", "--clients", "2", "--seconds", "0.5", pg_url=pg_url)
    assert figures["insert_notify_tps"] > 0 and figures["notify_rtt_ms"] > 0


@pytest.mark.slow
def test_intake(pg_url):
    figures = run("intake.py", "--clients", "2", "--seconds", "1", "--workers", "1",
                  "--agents", "4", "--groups", "2", "--pg-limit-tps", "1000", pg_url=pg_url)
    assert figures["tickets"] > 0 and figures["errors"] == 0
    assert figures["ratio_to_pg_limit"] == round(figures["tickets_per_second"] / 1000, 3)


@pytest.mark.slow
def test_push_latency(pg_url):
    figures = run("push_latency.py", "--clients", "4", "--rate", "30", "--seconds", "1",
                  "--settle", "0.1",
                  pg_url=pg_url)
    assert figures["delivered"] == figures["tickets"] == 10
    assert figures["p50_ms"] >= 0 and figures["p99_ms"] >= figures["p50_ms"]
    # the server's own account: every event sent to an agent passed every stage
    total = figures["server_total_ms"]
    assert total["n"] >= 10 and total["p99"] >= total["p50"] >= 0
    assert figures["server_send_ms"]["n"] == total["n"] and figures["server_read_ms"]["n"] > 0
    assert figures["server_cpu_ms_per_ticket"] > 0


@pytest.mark.slow
def test_scale_out(pg_url):
    figures = run("scale_out.py", "--servers", "1,2", "--clients", "2", "--seconds", "1",
                  "--agents", "4", "--groups", "2", "--push-rate", "30", "--push-seconds", "1",
                  "--idle-seconds", "0.6", pg_url=pg_url)
    assert [r["servers"] for r in figures["runs"]] == [1, 2]
    for row in figures["runs"]:
        assert row["intake_tickets_per_second"] > 0 and row["intake_errors"] == 0
        assert row["push_delivered"] == "10/10"  # every push crossed from one server to another
    assert figures["pg_connections_2"] > figures["pg_connections_1"] > 0
    # Memory of every server process, and PostgreSQL's when it runs on this machine
    for row in figures["runs"]:
        assert len(row["rss_mb_peak"]) == len(row["rss_mb_steady"]) == row["servers"]
        for idle, steady, peak in zip(row["rss_mb_idle"], row["rss_mb_steady"],
                                      row["rss_mb_peak"], strict=True):
            assert 20 < idle <= peak and steady <= peak  # a Python server is tens of MB
    if not os.environ.get("TICKETDESK_TEST_DATABASE_URL"):  # the suite's own, on this machine
        assert figures["pg_pss_mb_peak_1"] > 0 and figures["pg_pss_mb_peak_2"] > 0


@pytest.mark.slow
def test_connections(pg_url):
    figures = run("connections.py", "--clients", "6", "--stages", "3", "--rounds", "2",
                  pg_url=pg_url)
    assert [s["clients"] for s in figures["stages"]] == [3, 6]
    # every client of every stage had every round's event, once and in order
    assert figures["missed"] == figures["dropped"] == figures["out_of_order"] == 0
    assert figures["rss_mb"] > 0 and figures["fanout_ms"] >= figures["p50_ms"] >= 0


@pytest.mark.slow
def test_connections_resume_storm(pg_url):
    figures = run("connections.py", "--resume-storm", "--clients", "6", "--groups", "3",
                  "--events", "30", pg_url=pg_url)
    assert figures["storm_missed"] == 0 and figures["events_per_client"] == 10
    assert figures["storm_rss_mb"] > 0 and figures["storm_catch_up_s"] >= 0


@pytest.mark.slow
def test_dispatch(pg_url):
    figures = run("dispatch.py", "--tickets", "300", "--groups", "3", "--agents", "12",
                  "--pg-limit-tps", "1000", pg_url=pg_url)
    assert figures["violations"] == 0
    assert figures["released"] == 300 and figures["assigned"] == figures["total_capacity"]
    assert {"seconds", "tickets_per_second", "ratio_to_pg_limit"} <= set(figures)


@pytest.mark.slow
def test_search(pg_url):
    figures = run("search.py", "--tickets", "2000", "--repeat", "2", "--groups", "5",
                  "--agents", "20", pg_url=pg_url)
    assert figures["worst_p95_ms"] > 0 and figures["kpi_ms"] > 0
    assert len(figures["p95_ms"]) == 12


@pytest.mark.slow
def test_export(pg_url):
    figures = run("export.py", "--tickets", "1500", pg_url=pg_url)
    assert figures["rows"] == 1500 and figures["seconds"] > 0
    assert figures["added_memory_mb"] >= 0 and figures["file_mb"] > 0
    # the events of the record too (one a ticket, plus the office's own), streamed as well
    assert figures["events_rows"] >= 1500 and figures["events_file_mb"] > 0


@pytest.mark.slow
def test_kpis(pg_url):
    figures = run("kpis.py", "--tickets", "2000", "--repeat", "1", "--agents", "20",
                  pg_url=pg_url)
    assert figures["kpi_month_10_groups_ms"] > 0 and figures["tickets_in_month"] > 0
    assert len(figures["median_ms"]) == 4


@pytest.mark.slow
def test_client_inbox(pg_url):
    figures = run("client_inbox.py", "--tickets", "500", "--seconds", "0.5", pg_url=pg_url)
    assert figures["first_paint_ms"] > 0 and figures["events_applied"] > 0


@pytest.mark.slow
def test_cold_start(pg_url):
    figures = run("cold_start.py", "--repeat", "1", pg_url=pg_url)
    assert figures["server_first_start_s"] > 0 and figures["server_start_s"] > 0


def test_profile_summary(tmp_path):
    folded = tmp_path / "out.txt"
    folded.write_text(
        "<module> (x.py:1);main (x.py:2);create_ticket (t.py:9);flush (s.py:3) 6\n"
        "<module> (x.py:1);main (x.py:2);read_after (f.py:4) 2\n"
    )
    result = subprocess.run([sys.executable, str(BENCH / "profile_summary.py"), str(folded)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "`" in line]
    assert set(rows) == {"| 6 | 75.0 % | `create_ticket` |", "| 6 | 75.0 % | `flush` |",
                         "| 2 | 25.0 % | `read_after` |"}


@pytest.mark.slow
def test_webhooks(pg_url):
    figures = run("webhooks.py", "--receivers", "3", "--rate", "30", "--seconds", "1",
                  "--tickets-per-group", "5", "--drain", "60", pg_url=pg_url)
    assert figures["delivered"] == "30/30" and figures["bad_signatures"] == 0
    assert figures["one_down_others_delivered"].split("/")[0] == (
        figures["one_down_others_delivered"].split("/")[1])
    assert figures["p99_ms"] >= figures["p50_ms"] >= 0


@pytest.mark.slow
def test_board(pg_url):
    figures = run("board.py", "--groups", "3", "--agents", "10", "--tickets", "50", "--events",
                  "40", "--bulk", "5", "--repeat", "2", pg_url=pg_url)
    assert figures["first_paint_ms"] > 0 and figures["events_applied"] == 40
    assert figures["queue_rows"] > 0 and figures["agent_rows"] > 0
    assert figures["bulk_p50_ms"] > 0


@pytest.mark.slow
def test_sla(pg_url):
    figures = run("sla.py", "--tickets", "500", "--groups", "3", "--scans", "2", pg_url=pg_url)
    assert figures["replanned"] == 500 and figures["recompute_all_s"] > 0
    assert figures["backfilled"] == 500 and figures["backfill_s"] > 0
    assert figures["scan_idle_ms"] > 0 and figures["escalations_in_batch"] > 0


@pytest.mark.slow
def test_attachments(pg_url):
    figures = run("attachments.py", "--uploads", "2", "--mib", "1", pg_url=pg_url)
    assert figures["uploads"] == 2 and figures["upload_mib_per_second"] > 0
    assert isinstance(figures["server_peak_growth_mb"], float)
