"""Discovery finds a real server announcing itself over zeroconf (bound to loopback)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.support import ServerProcess
from ticketdesk.client.net.discovery import Discovery, FoundServer
from ticketdesk.client.state import ClientSession
from ticketdesk.client.views.login import LoginWindow

FIND_TIMEOUT_MS = 15_000


@pytest.fixture
def announced(pg_url: str) -> Iterator[ServerProcess]:
    server = ServerProcess(
        pg_url,
        discovery=True,
        extra_args=["--name", "前台服务器", "--discovery-interface", "127.0.0.1"],
    ).start()
    yield server
    server.stop()


@pytest.fixture
def discovery() -> Iterator[Discovery]:
    discovery = Discovery(interfaces=["127.0.0.1"])
    yield discovery
    discovery.stop()


def _is(server: ServerProcess) -> object:
    return lambda found: isinstance(found, FoundServer) and found.address == server.address


def test_finds_the_server(qtbot: QtBot, announced: ServerProcess, discovery: Discovery) -> None:
    with qtbot.waitSignal(
        discovery.found, timeout=FIND_TIMEOUT_MS, check_params_cb=_is(announced)
    ) as blocker:
        discovery.start()
    found = blocker.args[0]
    assert found.name == "前台服务器"
    assert found.api_version == "1"


def test_login_window_offers_found_servers(
    qtbot: QtBot, announced: ServerProcess, discovery: Discovery, settings: QSettings
) -> None:
    window = LoginWindow(ClientSession(), settings, server="10.9.9.9:8470", discovery=discovery)
    qtbot.addWidget(window)
    window.show()
    assert not window.found_combo.isVisible()  # nothing found yet, nothing shown
    discovery.start()
    qtbot.waitUntil(lambda: window.found_combo.count() > 0, timeout=FIND_TIMEOUT_MS)
    assert window.found_combo.isVisible()
    assert "前台服务器" in window.found_combo.itemText(0)
    window.found_combo.activated.emit(0)
    assert window.server_edit.text() == announced.address


def test_server_list_model(qtmodeltester) -> None:
    """Found and lost servers as the login window lists them (signals as zeroconf's thread
    would deliver them)."""
    from ticketdesk.client.models.servers import ServerListModel, ServerRole

    discovery = Discovery()
    model = ServerListModel(discovery)
    qtmodeltester.check(model, force_py=True)
    first = FoundServer("a._ticketdesk._tcp.local.", "总部", "10.0.0.5:8470", "1")
    discovery.found.emit(first)
    discovery.found.emit(FoundServer("b._ticketdesk._tcp.local.", "分部", "10.0.1.5:8470", "1"))
    discovery.found.emit(FoundServer(first.key, "总部", "10.0.0.6:8470", "1"))  # moved
    assert model.rowCount() == 2
    assert model.index(0, 0).data(ServerRole.ADDRESS) == "10.0.0.6:8470"
    assert model.index(0, 0).data() == "总部 (10.0.0.6:8470)"
    discovery.lost.emit(first.key)
    assert [model.index(r, 0).data(ServerRole.ADDRESS) for r in range(model.rowCount())] == [
        "10.0.1.5:8470"
    ]


def test_an_incompatible_server_is_listed_but_cannot_be_chosen(qtmodeltester) -> None:
    from PySide6.QtCore import Qt

    from ticketdesk.client.models.servers import ServerListModel

    discovery = Discovery()
    model = ServerListModel(discovery)
    discovery.found.emit(FoundServer("a._ticketdesk._tcp.local.", "总部", "10.0.0.5:8470", "1"))
    discovery.found.emit(FoundServer("b._ticketdesk._tcp.local.", "新版", "10.0.0.7:8470", "2"))
    qtmodeltester.check(model, force_py=True)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert "needs another client" in model.index(1, 0).data()
    assert model.row_of_address("10.0.0.5:8470") == 0
    assert model.row_of_address("10.0.0.7:8470") == -1  # never preselected
    assert model.row_of_address("https://10.0.0.5:8470/") == 0


def test_the_last_used_server_is_preselected_when_found(
    qtbot: QtBot, announced: ServerProcess, discovery: Discovery, settings: QSettings
) -> None:
    window = LoginWindow(ClientSession(), settings, server=announced.address, discovery=discovery)
    qtbot.addWidget(window)
    window.show()
    discovery.start()
    qtbot.waitUntil(lambda: window.found_combo.count() > 0, timeout=FIND_TIMEOUT_MS)
    assert window.found_combo.currentIndex() == 0
    assert "前台服务器" in window.found_combo.currentText()
