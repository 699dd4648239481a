"""A py-spy speedscope profile (recorded with ``--idle``) as a timeline: for each slice of
time, how busy each kind of thread was and what it was doing most.

    TICKETDESK_BENCH_SPEEDSCOPE=1 python bench/connections.py --resume-storm --profile DIR
    python bench/profile_timeline.py DIR/server.json --slice 1 --rate 200

Threads are aligned on their last sample (py-spy stops them all at once; a worker thread
started late has fewer samples, not later ones). A sample is idle when its innermost frame
is a wait (select, epoll, a lock, a queue, sleep).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

_IDLE = re.compile(r"^(select|poll|epoll|wait|_wait|acquire|get|sleep|_worker|run|"
                   r"_run_once|EpollSelector\.select|Condition\.wait|SimpleQueue\.get)$")
_INTERESTING = re.compile(
    r"^(read_batch|count_after|authenticate_sessions|_check|_send_backlog|_send|"
    r"WebSocket\.send|WebSocket\.accept|_authenticate|horizon|read_after|touch|"
    r"Session\.close|DefaultDialect\.do_execute|DefaultDialect\.do_rollback|"
    r"_find_and_load|create_app|ServerProtocol|WebSocketsSansIOProtocol\.\w+|"
    r"H11Protocol\.\w+|handle|Server\.startup|lifespan|Hub\.start|"
    r"SelectorEventLoop\.\w+|BaseSelectorEventLoop\._accept_connection2?)$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--rate", type=float, default=200.0, help="py-spy's --rate")
    parser.add_argument("--slice", type=float, default=1.0, help="seconds per row")
    args = parser.parse_args()
    doc = json.loads(args.profile.read_text())
    frames = [f["name"] for f in doc["shared"]["frames"]]
    profiles = doc["profiles"]
    longest = max(len(p["samples"]) for p in profiles)
    per_slice = max(1, round(args.slice * args.rate))
    rows: dict[int, dict[str, Counter[str]]] = {}
    for prof in profiles:
        kind = "loop" if "MainThread" in prof["name"] or "main" in prof["name"].lower() \
            else "workers"
        offset = longest - len(prof["samples"])
        for i, stack in enumerate(prof["samples"]):
            names = [frames[k] for k in stack]
            if not names or _IDLE.match(names[-1]):
                continue
            row = rows.setdefault((offset + i) // per_slice, {"loop": Counter(),
                                                               "workers": Counter()})
            row[kind]["busy"] += 1
            seen = {n for n in names if _INTERESTING.match(n)}
            for name in seen:
                row[kind][name] += 1
    print(f"{len(profiles)} threads, {longest} samples on the longest "
          f"({longest / args.rate:.1f} s)")
    print("| t s | loop busy % | loop: top | workers busy (threads) | workers: top |")
    print("|---|---|---|---|---|")
    for index in sorted(rows):
        row = rows[index]

        def top(c: Counter[str]) -> str:
            return ", ".join(f"{n} {v * 100 // per_slice}" for n, v in c.most_common(5)
                             if n != "busy")
        print(f"| {index * args.slice:.0f} | {row['loop']['busy'] * 100 // per_slice} | "
              f"{top(row['loop'])} | {row['workers']['busy'] / per_slice:.1f} | "
              f"{top(row['workers'])} |")


if __name__ == "__main__":
    main()
