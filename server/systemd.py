"""Running under systemd: readiness and watchdog notifications, and the unit file.

The protocol is sd_notify(3): datagrams such as ``READY=1`` to the socket named by
``NOTIFY_SOCKET`` (a leading ``@`` is the abstract namespace). Outside systemd nothing is
sent and nothing fails. The watchdog is pinged from the server's event loop, so a loop that
hangs stops pinging and systemd restarts the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import socket
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from ticketdesk.common import numbers

log = logging.getLogger(__name__)

UNIT_NAME = "ticketdesk-server.service"


def notify(state: str) -> bool:
    """Send one sd_notify message; True when systemd was there to hear it."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode())
        return True
    except OSError as exc:
        log.warning("could not notify systemd (%s): %s", state, exc)
        return False


def watchdog_seconds() -> float | None:
    """How often systemd expects a ping (half its WatchdogSec), or None when it does not."""
    usec = numbers.parse_int(os.environ.get("WATCHDOG_USEC", ""))
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    return usec / 1_000_000 / 2


async def ping_watchdog(interval: float) -> None:
    while True:
        notify("WATCHDOG=1")
        await asyncio.sleep(interval)


@contextlib.contextmanager
def supervisor_notifications(*, host: str, port: int, tls: bool) -> Iterator[None]:
    """For ``run --workers N``, whose supervisor serves nothing itself: ``READY=1`` once a
    worker answers ``/healthz`` on the port, ``WATCHDOG=1`` while one keeps answering (so
    workers that all hang are restarted), ``STOPPING=1`` on the way out. Without it systemd
    waited for a READY that never came and killed the service after its start timeout."""
    if not os.environ.get("NOTIFY_SOCKET"):
        yield
        return
    import httpx

    address = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    url = f"{'https' if tls else 'http'}://{address}:{port}/healthz"
    interval = watchdog_seconds()
    done = threading.Event()

    def answered(timeout: float) -> bool:
        try:  # any answer is a live worker (503: alive, its database away)
            httpx.get(url, timeout=timeout, verify=False)  # our own port; trust is not asked
            return True
        except httpx.HTTPError:
            return False

    def watch() -> None:
        while not done.is_set() and not answered(1.0):
            done.wait(0.2)
        if done.is_set():
            return
        notify(f"READY=1\nSTATUS=accepting requests\nMAINPID={os.getpid()}")
        while interval and not done.wait(interval):
            if answered(interval):
                notify("WATCHDOG=1")

    thread = threading.Thread(target=watch, name="systemd-notify", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        notify("STOPPING=1\nSTATUS=stopped")


def unit_text(
    *,
    user: str,
    data_dir: Path,
    executable: str,
    host: str | None = None,
    port: int | None = None,
    config: Path | None = None,
) -> str:
    """The unit file with this installation's paths filled in. ``host``/``port``/``config``
    go on the command line only when given: otherwise the configuration file (or
    ``/etc/ticketdesk/environment``) decides, and ``config show`` tells the truth."""
    template = (
        resources.files("ticketdesk.resources").joinpath("systemd", UNIT_NAME).read_text("utf-8")
    )
    argv = [executable, "run", "--data-dir", str(data_dir)]
    if config is not None:
        argv += ["--config", str(config)]
    if host is not None:
        argv += ["--host", host]
    if port is not None:
        argv += ["--port", str(port)]
    return template.format(user=user, data_dir=data_dir, exec_start=shlex.join(argv))


def default_executable() -> str:
    """The ``ticketdesk-server`` script beside this interpreter (the venv it was installed in)."""
    candidate = Path(sys.executable).parent / "ticketdesk-server"
    return str(candidate if candidate.exists() else Path(sys.argv[0]).resolve())


def notifying_server(config: object) -> object:
    """A ``uvicorn.Server`` that tells systemd when it accepts requests (``READY=1``, only
    once its sockets listen), pings the watchdog from its event loop, and says
    ``STOPPING=1`` as soon as a shutdown begins."""
    import uvicorn

    class Server(uvicorn.Server):
        _watchdog: asyncio.Task[None] | None = None

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if not self.started:
                return
            notify(f"READY=1\nSTATUS=accepting requests\nMAINPID={os.getpid()}")
            interval = watchdog_seconds()
            if interval:
                self._watchdog = asyncio.create_task(ping_watchdog(interval))

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            notify("STOPPING=1\nSTATUS=finishing requests")
            if self._watchdog is not None:
                self._watchdog.cancel()
            await super().shutdown(sockets=sockets)

    assert isinstance(config, uvicorn.Config)
    return Server(config)
