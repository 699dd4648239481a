"""systemd's notify protocol, heard on a real datagram socket as systemd would hear it."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx

from tests.support import ServerProcess
from ticketdesk.server import systemd


def _listen(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(60)
    return sock


def _until(sock: socket.socket, wanted: str) -> list[str]:
    heard: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message = sock.recv(4096).decode()
        heard.append(message)
        if wanted in message.split("\n"):
            return heard
    raise AssertionError(f"never heard {wanted}; heard {heard}")


def test_the_server_says_ready_pings_the_watchdog_and_says_stopping(
    pg_url: str, tmp_path: Path
) -> None:
    sock = _listen(tmp_path / "notify")
    server = ServerProcess(
        pg_url, env={"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "400000"}
    )
    try:
        server.start()
        _until(sock, "READY=1")
        # READY means requests are answered: the health check works by then.
        assert httpx.get(f"{server.base_url}/healthz", timeout=10).status_code == 200
        _until(sock, "WATCHDOG=1")
        _until(sock, "WATCHDOG=1")
    finally:
        server.stop()
    assert any("STOPPING=1" in m for m in _drain(sock))


def _drain(sock: socket.socket) -> list[str]:
    sock.settimeout(5)
    heard = []
    try:
        while True:
            heard.append(sock.recv(4096).decode())
    except TimeoutError:
        return heard


def test_outside_systemd_nothing_is_sent(monkeypatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert systemd.notify("READY=1") is False


def test_the_unit_file_is_filled_in_and_hardened(tmp_path: Path) -> None:
    text = systemd.unit_text(
        user="ticketdesk", data_dir=Path("/srv/ticketdesk"), host="0.0.0.0", port=8470,
        executable="/opt/ticketdesk/.venv/bin/ticketdesk-server",
    )
    assert "Type=notify" in text and "WatchdogSec=" in text
    assert "User=ticketdesk" in text and "ReadWritePaths=/srv/ticketdesk" in text
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes"):
        assert option in text
    assert (
        "ExecStart=/opt/ticketdesk/.venv/bin/ticketdesk-server run --data-dir /srv/ticketdesk "
        "--host 0.0.0.0 --port 8470" in text
    )
    assert "{" not in text
