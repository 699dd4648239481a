"""TLS on the office network, against a real server speaking HTTPS/WSS: a self-signed
certificate is trusted on first use after the user compares its key's fingerprint; a changed
key is refused as *changed*; a renewal with the same key passes; a certificate from an
authority the system trusts needs no question at all."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from PySide6.QtCore import QSettings, Qt
from PySide6.QtNetwork import QSslCertificate, QSslConfiguration
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import PASSWORD, ServerProcess, free_port
from ticketdesk.client.net.live import LiveClient, LiveState
from ticketdesk.client.state import ClientSession
from ticketdesk.client.views.shell import Shell
from ticketdesk.server import tls


def _self_signed(out: Path, *, reuse_key: bool = False) -> tuple[Path, Path]:
    made = subprocess.run(
        [sys.executable, "-m", "ticketdesk.server", "tls", "self-signed", "--name",
         "desk.office", "--ip", "127.0.0.1", "--out-dir", str(out),
         *(["--reuse-key"] if reuse_key else [])],
        capture_output=True, text=True, timeout=60,
    )
    assert made.returncode == 0, made.stderr
    return out / "cert.pem", out / "key.pem"


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def tls_server(pg_url: str, port: int, tmp_path: Path, org) -> Iterator[ServerProcess]:
    server = ServerProcess(pg_url, port=port, tls=_self_signed(tmp_path / "tls")).start()
    yield server
    server.stop()


def _shell(qtbot: QtBot, settings: QSettings, address: str) -> tuple[Shell, ClientSession]:
    session = ClientSession(live=LiveClient(min_backoff_ms=100, max_backoff_ms=1000))
    shell = Shell(session, settings, server=address, username="hl1")
    qtbot.addWidget(shell.login)
    shell.start()
    shell.login.password_edit.setText(PASSWORD)
    return shell, session


def _press_login(qtbot: QtBot, shell: Shell) -> None:
    qtbot.mouseClick(shell.login.login_button, Qt.MouseButton.LeftButton)


def _finish(qtbot: QtBot, shell: Shell, session: ClientSession) -> None:
    qtbot.waitUntil(lambda: shell.main is not None and shell.main.isVisible(), timeout=TIMEOUT_MS)
    assert shell.main is not None
    qtbot.addWidget(shell.main)
    qtbot.waitUntil(lambda: session.live.state is LiveState.ONLINE, timeout=TIMEOUT_MS)


def _stop(qtbot: QtBot, session: ClientSession) -> None:
    session.live.stop()
    qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)


def test_first_use_shows_the_fingerprint_and_once_trusted_works_live_over_wss(
    qtbot: QtBot, tls_server: ServerProcess, settings: QSettings
) -> None:
    pin = tls.pin_of_file(tls_server.tls[0])  # type: ignore[index]
    shell, session = _shell(qtbot, settings, tls_server.base_url)
    _press_login(qtbot, shell)
    qtbot.waitUntil(lambda: shell.login.trust_prompt is not None, timeout=TIMEOUT_MS)
    prompt = shell.login.trust_prompt
    assert prompt is not None and pin in prompt.text()
    assert "IT gave you" in prompt.text()
    trust = next(b for b in prompt.buttons() if b.text() == "Trust this server")
    qtbot.mouseClick(trust, Qt.MouseButton.LeftButton)
    _finish(qtbot, shell, session)
    settings.sync()
    assert pin in {str(settings.value(k)) for k in settings.allKeys()}
    _stop(qtbot, session)


def test_declining_leaves_the_user_at_the_login_window(
    qtbot: QtBot, tls_server: ServerProcess, settings: QSettings
) -> None:
    shell, session = _shell(qtbot, settings, tls_server.base_url)
    _press_login(qtbot, shell)
    qtbot.waitUntil(lambda: shell.login.trust_prompt is not None, timeout=TIMEOUT_MS)
    prompt = shell.login.trust_prompt
    assert prompt is not None
    qtbot.mouseClick(prompt.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not trusted" in shell.login.message.text(), timeout=TIMEOUT_MS)
    assert shell.main is None
    _stop(qtbot, session)


def test_a_changed_key_is_refused_as_changed_and_a_renewal_with_the_same_key_passes(
    qtbot: QtBot, pg_url: str, port: int, tmp_path: Path, org, settings: QSettings
) -> None:
    first = _self_signed(tmp_path / "first")
    settings.setValue(f"trusted_server_keys/127.0.0.1:{port}", tls.pin_of_file(first[0]))

    impostor = ServerProcess(pg_url, port=port, tls=_self_signed(tmp_path / "other")).start()
    try:
        shell, session = _shell(qtbot, settings, impostor.base_url)
        _press_login(qtbot, shell)
        qtbot.waitUntil(lambda: "DIFFERENT key" in shell.login.message.text(),
                        timeout=TIMEOUT_MS)
        assert shell.login.trust_prompt is None and shell.main is None
        _stop(qtbot, session)
    finally:
        impostor.stop()

    renewed = _self_signed(tmp_path / "first", reuse_key=True)
    assert renewed[0].read_bytes() != b"" and tls.pin_of_file(renewed[0]) == tls.pin_of_file(
        first[0]
    )
    server = ServerProcess(pg_url, port=port, tls=renewed).start()
    try:
        shell, session = _shell(qtbot, settings, server.base_url)
        _press_login(qtbot, shell)
        _finish(qtbot, shell, session)
        assert shell.login.trust_prompt is None
        _stop(qtbot, session)
    finally:
        server.stop()


def test_a_certificate_from_a_trusted_authority_needs_no_question(
    qtbot: QtBot, pg_url: str, port: int, tmp_path: Path, org, settings: QSettings
) -> None:
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "desk.office")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    leaf.private_key_pem.write_to_path(str(key))
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    default = QSslConfiguration.defaultConfiguration()
    saved = default.caCertificates()
    default.addCaCertificates(QSslCertificate.fromData(ca.cert_pem.bytes()))
    QSslConfiguration.setDefaultConfiguration(default)
    server = ServerProcess(pg_url, port=port, tls=(cert, key)).start()
    try:
        shell, session = _shell(qtbot, settings, server.base_url)
        _press_login(qtbot, shell)
        _finish(qtbot, shell, session)
        assert shell.login.trust_prompt is None
        settings.sync()
        assert not [k for k in settings.allKeys() if k.startswith("trusted_server_keys")]
        _stop(qtbot, session)
    finally:
        server.stop()
        default.setCaCertificates(saved)
        QSslConfiguration.setDefaultConfiguration(default)
