"""systemd's notify protocol, heard on a real datagram socket as systemd would hear it."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx

from tests.support import ServerProcess, cli_in_process
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


def test_with_worker_processes_the_supervisor_says_ready_once_a_worker_answers(
    pg_url: str, tmp_path: Path
) -> None:
    """``run --workers 2`` under ``Type=notify``: the supervisor serves nothing itself, so it
    says READY only when a worker answers; before, it never did, and systemd killed the
    service at its start timeout."""
    sock = _listen(tmp_path / "notify")
    server = ServerProcess(
        pg_url, extra_args=["--workers", "2"],
        env={"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "1000000"},
    )
    try:
        server.start()
        heard = _until(sock, "READY=1")
        assert f"MAINPID={server.proc.pid}" in heard[-1]  # the supervisor, as systemd knows it
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
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                   # SIGTERM to the server alone: it stops its embedded PostgreSQL after the
                   # requests in flight, which SIGTERM to the whole group would cut short
                   "KillMode=mixed", "SystemCallFilter=@system-service"):
        assert option in text
    assert (
        "ExecStart=/opt/ticketdesk/.venv/bin/ticketdesk-server run --data-dir /srv/ticketdesk "
        "--host 0.0.0.0 --port 8470" in text
    )
    assert "{" not in text


def test_without_host_or_port_the_configuration_decides(tmp_path: Path) -> None:
    """Flags on the unit's command line would win over ticketdesk.toml without a word in
    ``config show`` of the file: the unit carries them only when asked to."""
    text = systemd.unit_text(user="ticketdesk", data_dir=Path("/var/lib/ticketdesk"),
                             executable="/opt/ticketdesk/bin/ticketdesk-server")
    assert "ExecStart=/opt/ticketdesk/bin/ticketdesk-server run --data-dir /var/lib/ticketdesk\n" \
        in text
    assert "EnvironmentFile=-/etc/ticketdesk/environment" in text


def test_install_service_writes_the_unit_and_says_what_is_missing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "ticketdesk.toml").write_text('server_name = "desk1"\nport = 8471\n')
    result = cli_in_process(
        ["install-service", "--data-dir", str(data_dir), "--unit-dir", str(tmp_path),
         "--user", "no-such-account-td"], {},
    )
    assert result.returncode == 0, result.stderr
    unit = (tmp_path / systemd.UNIT_NAME).read_text()
    assert f"run --data-dir {data_dir}\n" in unit  # port 8471 comes from the file
    assert f"configuration: {data_dir / 'ticketdesk.toml'}" in result.stdout
    assert "warning: there is no user 'no-such-account-td': useradd --system" in result.stdout
    assert "systemctl enable --now ticketdesk-server.service" in result.stdout


def test_install_service_refuses_a_bad_configuration_naming_the_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "ticketdesk.toml").write_text('server_name = "desk1"\nprot = 8471\n')
    result = cli_in_process(
        ["install-service", "--data-dir", str(data_dir), "--unit-dir", str(tmp_path)], {}
    )
    assert result.returncode == 1
    assert "ticketdesk.toml:2: unknown setting 'prot'" in result.stderr
    assert not (tmp_path / systemd.UNIT_NAME).exists()


def test_install_service_where_it_cannot_write_says_so_without_a_traceback(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = cli_in_process(
        ["install-service", "--data-dir", str(tmp_path), "--unit-dir", str(blocker)], {}
    )
    assert result.returncode == 1
    assert f"cannot write {blocker / systemd.UNIT_NAME}" in result.stderr
    assert "run it as root" in result.stderr and "Traceback" not in result.stderr
