"""Running under systemd: readiness and watchdog notifications, and the unit file.

The protocol is sd_notify(3): datagrams such as ``READY=1`` to the socket named by
``NOTIFY_SOCKET`` (a leading ``@`` is the abstract namespace). Outside systemd nothing is
sent and nothing fails. The watchdog is pinged from the server's event loop, so a loop that
hangs stops pinging and systemd restarts the process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import socket
import sys
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


def unit_text(*, user: str, data_dir: Path, host: str, port: int, executable: str) -> str:
    """The unit file with this installation's paths filled in."""
    template = (
        resources.files("ticketdesk.resources").joinpath("systemd", UNIT_NAME).read_text("utf-8")
    )
    return template.format(
        user=user,
        data_dir=data_dir,
        exec_start=shlex.join(
            [executable, "run", "--data-dir", str(data_dir), "--host", host, "--port", str(port)]
        ),
    )


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
