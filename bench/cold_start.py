"""Cold start: `ticketdesk-server run` on the embedded database until it accepts requests —
the first time (initdb, schema) and again on the same data — and the desktop client from
launch to its login window on screen.

    python bench/cold_start.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from common import report
from tests.support import free_port


def server_start(data_dir: Path) -> float:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ticketdesk.server", "run", "--host", "127.0.0.1", "--port",
         str(port), "--data-dir", str(data_dir), "--no-discovery", "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            time.sleep(0.02)
    finally:
        proc.terminate()
        proc.wait(30)


def client_start() -> float | None:
    """Seconds from launching the client to its login window painted (the client's own
    startup probe says when), or None if this client has no probe."""
    env = {**os.environ, "TICKETDESK_STARTUP_PROBE": "1",
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "ticketdesk.client.app"], env=env,
                                capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return None  # a client without the probe just keeps running
    elapsed = time.perf_counter() - started
    if "ticketdesk-ready" not in result.stdout:
        return None
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many warm starts")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="td-cold-"))
    os.chmod(tmp, 0o755)
    try:
        first = server_start(tmp / "data")
        again = min(server_start(tmp / "data") for _ in range(args.repeat))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    client = [client_start() for _ in range(args.repeat)]
    measured = [c for c in client if c is not None]
    report({"server_first_start_s": round(first, 2), "server_start_s": round(again, 2),
            "client_start_s": round(min(measured), 2) if measured else None})


if __name__ == "__main__":
    main()
