"""Per thread of a server, from two py-spy recordings taken together: how often it held the
GIL, and how often it was sampled at all (idle included) — what the event loop's thread does
with its time while requests run on the others.

    py-spy record -p PID -d 20 -r 100 --threads --idle --nonblocking -f raw -o all.txt
    py-spy record -p PID -d 20 -r 100 --threads --gil --nonblocking -f raw -o gil.txt
    python bench/profile_threads.py all.txt gil.txt

The event loop's thread (``MainThread``) is either running Python (it holds the GIL), in its
poll for I/O, or waiting to get the GIL back after a system call (a socket's send, the poll
itself): the samples that hold no GIL and are not in the poll are the third kind, and those
in the poll are idle or waiting for the GIL after it returned, which py-spy cannot tell
apart; the GIL's use by all threads together says which is likely.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_THREAD = re.compile(r"^thread \(\d+\): (?P<name>[^;]*)")


def _kind(name: str) -> str:
    """Threads grouped by role: anyio's request workers and asyncio's executor are many."""
    if name.startswith("AnyIO worker"):
        return "request threads (anyio)"
    if name.startswith(("asyncio_", "ThreadPoolExecutor")):
        return "asyncio executor"
    return name or "?"


def samples(path: Path) -> tuple[Counter[str], Counter[str]]:
    """Samples per thread kind, and of those the main thread's leaf frame kinds."""
    per_thread: Counter[str] = Counter()
    main_leaf: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        m = _THREAD.match(stack)
        if not m or not count.isdigit():
            continue
        n = int(count)
        kind = _kind(m["name"])
        per_thread[kind] += n
        if kind == "MainThread":
            leaf = stack.rsplit(";", 1)[-1]
            main_leaf["poll" if "select (selectors.py" in leaf else "elsewhere"] += n
    return per_thread, main_leaf


def summarize(all_path: Path, gil_path: Path, seconds: float, rate: int) -> dict[str, object]:
    every, main_every = samples(all_path)
    held, main_held = samples(gil_path)
    possible = seconds * rate
    main = every["MainThread"] or 1
    return {
        "gil_held_share": round(sum(held.values()) / possible, 2),
        "gil_share_by_thread": {k: round(v / possible, 3) for k, v in held.most_common()},
        "loop_thread": {
            "holds_gil": round(held["MainThread"] / main, 2),
            "in_poll_no_gil": round(main_every["poll"] / main, 2),
            "elsewhere_no_gil": round(max(0, main_every["elsewhere"] - main_held["elsewhere"])
                                      / main, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("all", type=Path)
    parser.add_argument("gil", type=Path)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=int, default=100)
    args = parser.parse_args()
    print(summarize(args.all, args.gil, args.seconds, args.rate))


if __name__ == "__main__":
    main()
