"""`make bench`: run every benchmark, then write the figures into docs/benchmarks.md (between
its markers; the notes around them are kept) next to their targets.

    python bench/run_all.py            # the full sizes (about a quarter of an hour)
    python bench/run_all.py --quick    # tiny sizes, to check the pipeline
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from common import machine

BENCH = Path(__file__).resolve().parent
DOC = BENCH.parent / "docs" / "benchmarks.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def run(script: str, args: list[str]) -> dict:
    print(f"$ python bench/{script} {' '.join(args)}", flush=True)
    result = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=BENCH,
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-4000:], file=sys.stderr)
        return {"error": f"exit {result.returncode}"}
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


def plan(quick: bool, limit: float) -> list[tuple[str, str, list[str]]]:
    lim = ["--pg-limit-tps", str(limit)]
    if quick:
        return [
            ("intake", "intake.py", ["--clients", "4", "--seconds", "2", *lim]),
            ("intake_200", "intake.py", ["--clients", "4", "--seconds", "2", "--rate", "20",
                                         *lim]),
            ("push_200", "push_latency.py", ["--clients", "20", "--rate", "30", "--seconds", "2",
                                             "--settle", "0.2"]),
            ("push_1000_100", "push_latency.py", ["--clients", "20", "--groups", "20",
                                                  "--rate", "30", "--seconds", "2",
                                                  "--settle", "0.2"]),
            ("push_1000_500", "push_latency.py", ["--clients", "20", "--groups", "20",
                                                  "--rate", "60", "--seconds", "2",
                                                  "--settle", "0.2"]),
            ("connections", "connections.py", ["--clients", "20", "--rounds", "2"]),
            ("connections_10000", "connections.py", ["--clients", "30", "--stages", "10,20",
                                                     "--rounds", "2"]),
            ("scale_out", "scale_out.py", ["--servers", "1,2", "--clients", "4", "--seconds",
                                           "2", "--agents", "10", "--push-seconds", "1"]),
            ("storm", "connections.py", ["--resume-storm", "--clients", "20", "--groups", "4",
                                         "--events", "100"]),
            ("dispatch", "dispatch.py", ["--tickets", "1000", "--groups", "5", "--agents", "20",
                                         *lim]),
            ("search", "search.py", ["--tickets", "5000", "--repeat", "3"]),
            ("kpis", "kpis.py", ["--tickets", "5000", "--repeat", "2"]),
            ("client_inbox", "client_inbox.py", ["--tickets", "2000", "--seconds", "1"]),
            ("export", "export.py", ["--tickets", "5000"]),
            ("cold_start", "cold_start.py", ["--repeat", "1"]),
        ]
    return [
        ("intake", "intake.py", ["--clients", "32", "--seconds", "60", *lim]),
        ("intake_200", "intake.py", ["--clients", "32", "--seconds", "30", "--rate", "200", *lim]),
        ("push_200", "push_latency.py", ["--clients", "200", "--rate", "60", "--seconds", "20"]),
        ("push_1000_100", "push_latency.py", ["--clients", "1000", "--groups", "1000",
                                              "--rate", "100", "--seconds", "20"]),
        # The target holds "in three consecutive runs": one run's p99 says little.
        *[(f"push_1000_500{suffix}", "push_latency.py",
           ["--clients", "1000", "--groups", "1000", "--rate", "500", "--seconds", "20"])
          for suffix in ("", "_2", "_3")],
        ("connections", "connections.py", ["--clients", "1000"]),
        ("connections_10000", "connections.py", ["--clients", "10000", "--stages", "1000,5000",
                                                 "--rounds", "5", "--connect-rate", "400"]),
        ("scale_out", "scale_out.py", []),
        ("storm", "connections.py", ["--resume-storm", "--clients", "1000", "--groups", "50",
                                     "--events", "5000"]),
        ("dispatch", "dispatch.py", ["--tickets", "100000", "--groups", "50", "--agents", "1000",
                                     *lim]),
        ("search", "search.py", []),
        ("kpis", "kpis.py", []),
        ("client_inbox", "client_inbox.py", ["--tickets", "100000"]),
        ("export", "export.py", ["--tickets", "100000"]),
        ("cold_start", "cold_start.py", []),
    ]


# (label, run, key, target text, passes?)
TARGETS = [
    ("PostgreSQL alone: INSERT+NOTIFY transactions/s (32 clients)", "pg_limit",
     "insert_notify_tps", "the anchor", None),
    ("PostgreSQL alone: NOTIFY round trip, ms", "pg_limit", "notify_rtt_ms", "the anchor", None),
    ("Intake: tickets/s sustained (32 clients)", "intake", "tickets_per_second", "≥ 1,000",
     lambda v: v >= 1000),
    ("Intake: ratio to PostgreSQL's limit", "intake", "ratio_to_pg_limit", "≥ 0.2",
     lambda v: v >= 0.2),
    ("Intake: server CPU per ticket, ms", "intake", "server_cpu_ms_per_ticket", "—", None),
    ("Intake: PostgreSQL CPU per ticket, ms", "intake", "postgresql_cpu_ms_per_ticket", "—",
     None),
    ("Intake at 200 tickets/s: tickets/s kept up", "intake_200", "tickets_per_second", "200",
     lambda v: v >= 199),
    ("Intake at 200 tickets/s: p99 ms", "intake_200", "p99_ms", "< 50", lambda v: v < 50),
    ("Push, 200 agents, 60 events/s (20 tickets/s): p99 ms", "push_200", "p99_ms", "< 100",
     lambda v: v < 100),
    ("Push, 1,000 agents, 100 events/s: p99 ms", "push_1000_100", "p99_ms", "< 100",
     lambda v: v < 100),
    *[(f"Push, 1,000 agents, 500 events/s, run {n}: p99 ms", f"push_1000_500{suffix}",
       "p99_ms", "< 100", lambda v: v < 100)
      for n, suffix in ((1, ""), (2, "_2"), (3, "_3"))],
    ("Push, 1,000 agents, 500 events/s: events/s delivered", "push_1000_500",
     "events_per_second", "—", None),
    ("Connections: server memory with 1,000 clients, MB", "connections", "rss_mb", "< 150",
     lambda v: v < 150),
    ("Connections: one event to all 1,000, ms", "connections", "fanout_ms", "< 50",
     lambda v: v < 50),
    ("Connections: server memory with 10,000 clients, MB", "connections_10000", "rss_mb",
     "< 1,024", lambda v: v < 1024),
    ("Connections: one event to all 10,000, ms", "connections_10000", "fanout_ms", "< 500",
     lambda v: v < 500),
    *[(f"Scale-out, {n} server process(es): intake tickets/s", "scale_out", f"intake_tps_{n}",
       "—", None) for n in (1, 2, 4, 8)],
    *[(f"Scale-out, {n} server process(es): push p99 ms across servers", "scale_out",
       f"push_p99_ms_{n}", "—", None) for n in (1, 2, 4, 8)],
    *[(f"Scale-out, {n} server process(es): PostgreSQL connections", "scale_out",
       f"pg_connections_{n}", "—", None) for n in (1, 2, 4, 8)],
    ("Resume storm, 1,000 clients, 5,000 events while down: server peak MB", "storm",
     "storm_rss_mb", "< 300", lambda v: v < 300),
    ("Resume storm: seconds until every client caught up", "storm", "storm_catch_up_s",
     "< 10", lambda v: v < 10),
    ("Resume storm: events missed", "storm", "storm_missed", "0", lambda v: v == 0),
    ("Dispatch drain 100k/50/1,000: seconds", "dispatch", "seconds", "< 20", lambda v: v < 20),
    ("Dispatch drain: violations", "dispatch", "violations", "0", lambda v: v == 0),
    ("Dispatch drain: assignments/s", "dispatch", "tickets_per_second", "—", None),
    ("Dispatch drain: ratio to PostgreSQL's limit", "dispatch", "ratio_to_pg_limit", "—", None),
    ("Search over 1M tickets / 10M events: worst p95 ms", "search", "worst_p95_ms", "< 50",
     lambda v: v < 50),
    ("KPI report, one group, one month: ms", "search", "kpi_ms", "< 500", lambda v: v < 500),
    ("KPI report, 10 groups, one month (1M tickets): ms", "kpis", "kpi_month_10_groups_ms",
     "< 500", lambda v: v < 500),
    ("Client inbox, 100k tickets: first paint ms", "client_inbox", "first_paint_ms", "< 1,000",
     lambda v: v < 1000),
    ("Client inbox at 1,000 events/s: longest stall ms", "client_inbox", "max_stall_ms", "< 50",
     lambda v: v < 50),
    ("Client inbox: memory MB", "client_inbox", "rss_mb", "< 400", lambda v: v < 400),
    ("Export, 100k tickets to XLSX: s", "export", "seconds", "< 15", lambda v: v < 15),
    ("Export: memory added, MB", "export", "added_memory_mb", "< 150", lambda v: v < 150),
    ("Export, 100k events to XLSX: s", "export", "events_seconds", "< 15", lambda v: v < 15),
    ("Export of events: memory added, MB", "export", "events_added_memory_mb", "< 150",
     lambda v: v < 150),
    ("Server cold start, first (initdb): s", "cold_start", "server_first_start_s", "< 15",
     lambda v: v < 15),
    ("Server cold start: s", "cold_start", "server_start_s", "< 5", lambda v: v < 5),
    ("Client start to login window: s", "cold_start", "client_start_s", "< 1.5",
     lambda v: v < 1.5),
]


def table(results: dict[str, dict], quick: bool) -> str:
    info = machine()
    pg = results.get("pg_limit", {}).get("postgresql", "?")
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {info['cores']} cores, "
        f"{info['memory_gb']} GB RAM, Python {info['python']}, PostgreSQL {pg} "
        f"(embedded){' — QUICK sizes, not the real figures' if quick else ''}.",
        "",
        "| figure | target | measured | |",
        "|---|---|---|---|",
    ]
    for label, name, key, target, ok in TARGETS:
        value = results.get(name, {}).get(key)
        mark = "" if ok is None or value is None else ("✓" if ok(value) else "✗ (see below)")
        shown = "—" if value is None else (f"{value:,}" if isinstance(value, int | float)
                                           else str(value))
        lines.append(f"| {label} | {target} | {shown} | {mark} |")
    lines += ["", "<details><summary>Every figure as printed</summary>", "", "```json"]
    lines += [json.dumps({"run": name, **fig}, ensure_ascii=False)
              for name, fig in results.items()]
    lines += ["```", "</details>"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", default="",
                        help="comma-separated run names (e.g. intake,push_1000_500): run just "
                             "those and print the table, without writing it")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    if only:
        args.no_write = True
    results: dict[str, dict] = {}
    results["pg_limit"] = run("pg_limit.py", ["--clients", "32",
                                              "--seconds", "3" if args.quick else "20"])
    limit = results["pg_limit"].get("insert_notify_tps") or 1.0
    for name, script, script_args in plan(args.quick, limit):
        if only and name not in only:
            continue
        # Let the previous script's teardown (a dropped database, a stopped server) finish
        # before the next one measures.
        time.sleep(0 if args.quick else 5)
        results[name] = run(script, script_args)
    block = table(results, args.quick)
    print(block)
    if args.no_write:
        return
    text = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{START}\n{block}\n{END}{tail}")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
