"""Screen-pop: a second ``ticketdesk --lookup-phone`` hands the caller to the running
client (QLocalServer), which raises its window and shows their orders and open tickets,
with a new ticket for them prefilled."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.conftest import VALID_REFUND_FIELDS
from tests.support import HoldingProxy
from ticketdesk.client.net.single_instance import INSTANCE_ENV, InstanceServer
from ticketdesk.client.views.main_window import MainWindow

SECOND = ("from ticketdesk.client.app import main; "
          "raise SystemExit(main(['--lookup-phone', '862162345678']))")


# The offscreen platform has no window stacking to raise a window in (X11 and others do).
@pytest.mark.qt_log_ignore("This plugin does not support raise", "propagateSizeHints")
def test_a_second_invocation_makes_the_first_show_the_caller(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.as_("sup").ok("PUT", "/orders/SO-77", {
        "customer_name": "陈女士", "customer_phone": "021-6234 5678", "status": "已发货",
        "amount": 1299.0}, status=201)
    ticket = org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": "SO-77"})
    name = f"ticketdesk-test-{uuid.uuid4().hex[:8]}"
    instance = InstanceServer(name)
    assert instance.listen()
    window = MainWindow(make_session("hl1"), settings)
    qtbot.addWidget(window)
    window.show()
    instance.lookup_requested.connect(window.show_caller)

    second = subprocess.Popen(
        [sys.executable, "-c", SECOND],
        env={**os.environ, INSTANCE_ENV: name, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        qtbot.waitUntil(lambda: window.caller_dialog is not None
                        and window.caller_dialog.result_ is not None, timeout=TIMEOUT_MS * 2)
        assert second.wait(30) == 0, second.stderr.read() if second.stderr else ""
    finally:
        if second.poll() is None:
            second.kill()
        instance.close()
    dialog = window.caller_dialog
    assert dialog is not None and dialog.isVisible()
    assert "+862162345678" in dialog.heading.text() and "陈女士" in dialog.heading.text()
    assert dialog.orders.rowCount() == 1 and dialog.orders.item(0, 0).text() == "SO-77"
    assert dialog.tickets.rowCount() == 1
    assert dialog.tickets.item(0, 0).text() == f"#{ticket['id']}"

    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    new = window._new_ticket
    assert new is not None
    qtbot.waitUntil(lambda: "phone" in new._editors, timeout=TIMEOUT_MS)
    assert new.editor("phone").raw_value() == "862162345678"
    assert new.editor("order_no").raw_value() == "SO-77"


def test_with_no_client_running_it_starts_one(qtbot: QtBot, tmp_path: Path) -> None:
    """``ticketdesk --lookup-phone N`` with nobody listening starts a client (its login
    window, the caller to show once logged in): that client is then the one the next
    incoming call is handed to."""
    from ticketdesk.client.net.single_instance import hand_over

    name = f"ticketdesk-none-{uuid.uuid4().hex[:8]}"
    assert hand_over("phone", "02162345678", name=name, timeout_ms=300) is False
    first = subprocess.Popen(
        [sys.executable, "-c", SECOND],
        env={**os.environ, INSTANCE_ENV: name, "QT_QPA_PLATFORM": "offscreen",
             "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        qtbot.waitUntil(lambda: first.poll() is not None or hand_over(
            "phone", "+86 21 62345678", name=name, timeout_ms=300), timeout=TIMEOUT_MS * 2)
        # It stays (a client, not a hand-over that gave up) and took the second call.
        assert first.poll() is None, first.stderr.read() if first.stderr else ""
    finally:
        first.kill()
        first.wait(10)


def test_a_malformed_message_is_ignored(qtbot: QtBot) -> None:
    from PySide6.QtNetwork import QLocalSocket

    name = f"ticketdesk-test-{uuid.uuid4().hex[:8]}"
    instance = InstanceServer(name)
    assert instance.listen()
    seen: list[tuple[str, str]] = []
    instance.lookup_requested.connect(lambda kind, value: seen.append((kind, value)))
    for line in (b"not json\n", b'{"lookup": "shell", "value": "rm -rf"}\n',
                 b'{"lookup": "phone", "value": "021-6234 5678"}\n'):
        socket = QLocalSocket()
        socket.connectToServer(name)
        assert socket.waitForConnected(1000)
        socket.write(line)
        socket.waitForBytesWritten(1000)
        qtbot.waitUntil(lambda s=socket: s.state() != QLocalSocket.LocalSocketState.ConnectedState
                        or bool(seen), timeout=TIMEOUT_MS)
        socket.abort()
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)
    assert seen == [("phone", "021-6234 5678")]
    instance.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise", "propagateSizeHints")
def test_the_next_call_is_shown_even_when_the_first_ones_answer_comes_last(
    qtbot: QtBot, org, proxy: HoldingProxy, make_session: MakeSession, settings: QSettings
) -> None:
    """Two calls pop one after the other; the first lookup's answer, slowed on its way,
    arrives after the second's: the window keeps showing the second caller."""
    org.as_("sup").ok("PUT", "/orders/SO-1", {
        "customer_name": "陈女士", "customer_phone": "021-6234 5678"}, status=201)
    org.as_("sup").ok("PUT", "/orders/SO-2", {
        "customer_name": "王先生", "customer_phone": "010-8765 4321"}, status=201)
    session = make_session("hl1", address=proxy.address)
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    proxy.hold(b"GET /api/v1/lookup")
    dialog = window.show_caller("phone", "021-6234 5678")
    qtbot.waitUntil(proxy.holding.is_set, timeout=TIMEOUT_MS)
    window.show_caller("phone", "010-8765 4321")
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=TIMEOUT_MS)
    proxy.release()
    qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)
    assert "王先生" in dialog.heading.text()
    assert dialog.orders.rowCount() == 1 and dialog.orders.item(0, 0).text() == "SO-2"
