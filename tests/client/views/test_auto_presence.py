"""Presence from real activity: away after the admins' idle minutes, online again on input
that goes on, never on a single event, never over the agent's own choice; a computer that
slept comes back away. Time is driven by the test's clocks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import ServerProcess
from ticketdesk.client.state import ClientState
from ticketdesk.client.state.auto_presence import AutoPresence
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Presence, Role
from ticketdesk.common.models import UserPublic


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def two_minute_server(pg_url: str, server: ServerProcess) -> Iterator[ServerProcess]:
    """A second server on the same database whose admins set the idle time to 2 minutes."""
    process = ServerProcess(pg_url, env={"TICKETDESK_IDLE_AWAY_MINUTES": "2",
                                         "TICKETDESK_DISPATCH": "0"}).start()
    yield process
    process.stop()


def _server_presence(org, username: str) -> str:
    return org.as_(username).ok("GET", "/me")["presence"]


def test_idle_goes_away_and_input_brings_back(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings,
    two_minute_server: ServerProcess,
) -> None:
    clock = Clock()
    session = make_session("as1", presence=Presence.ONLINE, address=two_minute_server.address)
    assert session.idle_away_minutes == 2
    window = MainWindow(session, settings, use_tray=False, activity_clock=clock,
                        system_idle=False)
    qtbot.addWidget(window)
    window.show()
    auto = window.auto_presence
    qtbot.waitUntil(lambda: window._state.me.presence is Presence.ONLINE, timeout=TIMEOUT_MS)

    clock.t += 119
    auto.check()
    assert not auto.auto_away  # a second short of the configured time
    clock.t += 2
    auto.check()
    qtbot.waitUntil(lambda: window.presence_combo.currentData() == "away", timeout=TIMEOUT_MS)
    assert _server_presence(org, "as1") == "away"
    assert window.presence_banner.isHidden()  # this window's own doing: nothing to explain

    # One key press (the cleaner's elbow): still away, however long we look.
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Shift)
    for _ in range(4):
        clock.t += 1.5
        auto.check()
    assert auto.auto_away and window._state.me.presence is Presence.AWAY

    # Typing that goes on for two seconds: back online.
    for _ in range(3):
        qtbot.keyClick(window.filter_edit, Qt.Key.Key_Shift)
        clock.t += 0.1
        auto.check()
        clock.t += 0.9
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Shift)
    auto.check()
    qtbot.waitUntil(lambda: window.presence_combo.currentData() == "online", timeout=TIMEOUT_MS)
    assert _server_presence(org, "as1") == "online"

    # Away by the agent's own choice: typing does not undo it.
    combo = window.presence_combo
    combo.setCurrentIndex(combo.findData("away"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: window._state.me.presence is Presence.AWAY, timeout=TIMEOUT_MS)
    for _ in range(5):
        qtbot.keyClick(window.filter_edit, Qt.Key.Key_Shift)
        clock.t += 1
        auto.check()
    assert window._state.me.presence is Presence.AWAY and not auto.auto_away


def _state_with_me(presence: Presence) -> ClientState:
    state = ClientState()
    state.set_me(UserPublic.model_validate({
        "id": 1, "username": "a", "display_name": "A", "role": Role.AGENT, "presence": presence,
        "group_ids": [], "active": True,
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }))
    return state


def test_sleep_goes_away_and_a_synthetic_event_does_not_return(qtbot: QtBot) -> None:
    state = _state_with_me(Presence.ONLINE)
    mono, wall, idle = Clock(), Clock(), [0.0]
    wanted: list[Presence] = []
    auto = AutoPresence(state, lambda: idle[0], idle_minutes=10, clock=mono, wall=wall)
    auto.wants.connect(wanted.append)
    auto.start()
    # Asleep for an hour: the monotonic clock stood still, the wall clock ran on.
    wall.t += 3600
    mono.t += 1
    auto.check()
    assert wanted == [Presence.AWAY]
    state.set_presence(1, Presence.AWAY)
    # The key that woke it (one event, then nothing): still away.
    idle[0] = 0.0
    for _ in range(4):
        mono.t += 1
        wall.t += 1
        idle[0] += 1
        auto.check()
    assert wanted == [Presence.AWAY]
    # Input spread out (one every six seconds) is nudges, not work.
    for _ in range(4):
        mono.t += 6
        wall.t += 6
        idle[0] = 0.0
        auto.check()
    assert wanted == [Presence.AWAY]
    # Taken offline meanwhile (connection lost): input does not bring it back online.
    state.set_presence(1, Presence.OFFLINE)
    for _ in range(4):
        mono.t += 1
        idle[0] = 0.0
        auto.check()
    assert wanted == [Presence.AWAY]
    auto.stop()


def test_zero_minutes_never_goes_away(qtbot: QtBot) -> None:
    state = _state_with_me(Presence.ONLINE)
    mono = Clock()
    wanted: list[Presence] = []
    auto = AutoPresence(state, lambda: 10_000.0, idle_minutes=0, clock=mono, wall=mono)
    auto.wants.connect(wanted.append)
    mono.t += 10_000
    auto.check()
    assert wanted == []


DBUS_DAEMON = shutil.which("dbus-daemon")
DBUS_SEND = shutil.which("dbus-send")


@pytest.fixture
def bus_address() -> Iterator[str]:
    """A private D-Bus message bus, standing in for the desktop's."""
    assert DBUS_DAEMON is not None
    daemon = subprocess.Popen([DBUS_DAEMON, "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    yield address
    daemon.terminate()
    daemon.wait(10)


@pytest.mark.skipif(DBUS_DAEMON is None or DBUS_SEND is None,
                    reason="needs dbus-daemon and dbus-send (apt-get install dbus)")
def test_a_locked_screen_goes_away_at_once(qtbot: QtBot, bus_address: str) -> None:
    from PySide6.QtDBus import QDBusConnection

    from ticketdesk.client.lock_watch import LockWatcher

    bus = QDBusConnection.connectToBus(bus_address, "ticketdesk-test")
    state = _state_with_me(Presence.ONLINE)
    mono = Clock()
    auto = AutoPresence(state, lambda: 0.0, idle_minutes=10, clock=mono, wall=mono)
    watcher = LockWatcher(buses={"system": bus, "session": bus}, any_sender=True)
    assert watcher.connected == 3
    watcher.went_away.connect(auto.away_now)
    with qtbot.waitSignal(auto.wants, timeout=TIMEOUT_MS) as wanted:
        subprocess.run([DBUS_SEND, f"--bus={bus_address}", "--type=signal",
                        "/org/freedesktop/login1/session/auto",
                        "org.freedesktop.login1.Session.Lock"], check=True, timeout=10)
    assert wanted.args == [Presence.AWAY] and auto.auto_away
    QDBusConnection.disconnectFromBus("ticketdesk-test")
