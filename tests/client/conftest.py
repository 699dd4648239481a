"""Client fixtures: sessions logged in to the real test server, and isolated settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.support import PASSWORD, HoldingProxy, ServerProcess
from ticketdesk.client.net.live import LiveClient
from ticketdesk.client.state import ClientSession
from ticketdesk.common.enums import Presence

TIMEOUT_MS = 10_000

MakeSession = Callable[..., ClientSession]

OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"
"""The offscreen platform warns that it cannot pass a window's size limits to a window
system it does not have; that says nothing about our code, every other warning still fails."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def make_session(qtbot: QtBot, server: ServerProcess) -> Iterator[MakeSession]:
    """``make_session("hl1")``: a `ClientSession` logged in and loaded (``start=False``: only
    logged in). Its presence stays as it is (offline) unless ``presence`` says otherwise, so
    the server's assignment engine leaves tickets queued. Live reconnects are quick so that
    tests about drops stay short."""
    sessions: list[ClientSession] = []

    def make(
        username: str,
        password: str = PASSWORD,
        *,
        start: bool = True,
        address: str | None = None,
        presence: Presence | None = None,
    ) -> ClientSession:
        session = ClientSession(live=LiveClient(min_backoff_ms=100, max_backoff_ms=1000))
        sessions.append(session)
        attempt = session.log_in(address or server.address, username, password)
        with qtbot.waitSignal(attempt.succeeded, timeout=TIMEOUT_MS):
            pass
        if start:
            with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS):
                session.start(presence)
        return session

    yield make
    for session in sessions:
        session.live.stop()
        # Let the server finish what we asked before the next test empties the database.
        qtbot.waitUntil(lambda s=session: s.api.pending == 0, timeout=TIMEOUT_MS)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a file of this test's own, never the user's."""
    return QSettings(str(tmp_path / "ticketdesk.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[HoldingProxy]:
    """A loopback proxy in front of the server that can hold an answer back. Ask for it
    before ``make_session``: it must outlive the sessions' last calls."""
    proxy = HoldingProxy(("127.0.0.1", server.port))
    yield proxy
    proxy.close()
