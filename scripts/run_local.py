"""``make run``: a demo server on this machine and the desktop client, ready to log in.

Starts ``ticketdesk-server run --demo`` on the embedded PostgreSQL (the default data folder)
on 127.0.0.1:8470, waits until it answers, opens the client with the server and the agent
li.na filled in, and stops the server again when the client is closed. A server already
answering on that port is used as it is and left running.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.request

DEMO_ACCOUNTS = (
    "Demo accounts (password demo1234): li.na, wang.fang, zhang.wei (hotline agents), "
    "zhao.min, sun.li (supervisors), admin"
)


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "ticketdesk.server", "run", "--demo", "--host", "127.0.0.1",
         "--port", str(port), "--no-discovery"],
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # the first start creates the database
    while not healthy(base_url):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {server.returncode}); see above")
        if time.monotonic() > deadline:
            server.terminate()
            raise SystemExit("the server did not come up within 3 minutes")
        time.sleep(0.3)
    return server


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--username", default="li.na")
    parser.add_argument("--lang", choices=["zh_CN", "en"])
    args = parser.parse_args(argv)

    # Before starting anything: a desktop without the X libraries Qt needs learns what to
    # install now, not after the server has come up.
    from ticketdesk.client import platform_check

    missing = platform_check.check()
    if missing is not None:
        print(missing.message(platform_check.this_distro()), file=sys.stderr)
        return 3

    base_url = f"http://127.0.0.1:{args.port}"
    server = None
    if healthy(base_url):
        print(f"Using the TicketDesk server already running at {base_url}")
    else:
        print(f"Starting the demo server at {base_url} …", flush=True)
        server = start_server(args.port)
    print(DEMO_ACCOUNTS, flush=True)
    client = [sys.executable, "-m", "ticketdesk.client.app",
              "--server", f"127.0.0.1:{args.port}", "--username", args.username]
    if args.lang:
        client += ["--lang", args.lang]
    try:
        return subprocess.call(client)
    except KeyboardInterrupt:
        return 130
    finally:
        if server is not None:
            stop(server)


if __name__ == "__main__":
    sys.exit(main())
