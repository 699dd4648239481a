"""Summarize a py-spy raw (folded) profile: the share of samples in which each function was
on the stack, as a Markdown table (what docs/profiles/README.md shows).

    py-spy record -p <server pid> -d 10 -r 200 --gil -f raw -o out.txt
    python bench/profile_summary.py out.txt --top 40
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# Frames every sample of the server shares (interpreter start, the event loop's own loop):
# they say nothing about where the time goes.
_SCAFFOLD = re.compile(
    r"^(_run_module_as_main|_run_code|<module>|main|cmd_run|Server\.run|asyncio_run|Runner\.run"
    r"|BaseEventLoop\.(run_until_complete|run_forever|_run_once)|Thread\._bootstrap(_inner)?)$"
)


def summarize(path: Path) -> tuple[int, Counter[str]]:
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        functions = {re.sub(r" \(.*", "", frame) for frame in stack.split(";")}
        for function in functions:
            if not _SCAFFOLD.match(function):
                inclusive[function] += n
    return total, inclusive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    total, inclusive = summarize(args.profile)
    print(f"{total} samples\n")
    print("| samples | share | function (inclusive) |\n|---|---|---|")
    for function, n in inclusive.most_common(args.top):
        print(f"| {n} | {100 * n / total:.1f} % | `{function}` |")


if __name__ == "__main__":
    main()
