"""The login window against the real server: success opens the inbox; failures say why."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import PASSWORD, ServerProcess, free_port
from ticketdesk.client.net.live import LiveClient
from ticketdesk.client.state import ClientSession
from ticketdesk.client.state.installation import INSTALLATION_KEY, remembered
from ticketdesk.client.views.login import SERVER_KEY, USERNAME_KEY, LoginWindow
from ticketdesk.client.views.shell import Shell


@pytest.fixture
def session(qtbot: QtBot) -> Iterator[ClientSession]:
    session = ClientSession(live=LiveClient(min_backoff_ms=100, max_backoff_ms=1000))
    yield session
    session.live.stop()
    # Let the server finish what we asked before the next test empties the database.
    qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)


@pytest.fixture
def login(qtbot: QtBot, session: ClientSession, settings: QSettings) -> LoginWindow:
    window = LoginWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _submit(qtbot: QtBot, window: LoginWindow, server: str, username: str, password: str) -> None:
    window.server_edit.setText(server)
    window.username_edit.setText(username)
    window.password_edit.setText(password)
    qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.login_button.isEnabled(), timeout=TIMEOUT_MS)


def test_log_in_and_see_the_inbox(
    qtbot: QtBot, org, server: ServerProcess, session: ClientSession, settings: QSettings
) -> None:
    org.new_ticket("hl1", title="等着被看见")
    shell = Shell(session, settings, server=server.address, username="as1")
    qtbot.addWidget(shell.login)
    shell.start()
    assert shell.login.server_edit.text() == server.address
    shell.login.password_edit.setText(PASSWORD)
    qtbot.mouseClick(shell.login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.main is not None and shell.main.isVisible(), timeout=TIMEOUT_MS)
    main = shell.main
    assert main is not None
    qtbot.addWidget(main)
    assert not shell.login.isVisible()
    qtbot.waitUntil(lambda: not session.loading, timeout=TIMEOUT_MS)
    # li.na-style agents start online, so the engine may have assigned it already: look in
    # every inbox tab for it.
    titles = [
        page.model.index(r, 1).data()
        for page in main.inbox.pages.values()
        for r in range(page.model.rowCount())
    ]
    assert "等着被看见" in titles
    assert settings.value(SERVER_KEY) == server.address
    assert settings.value(USERNAME_KEY) == "as1"

    # Logging out comes back to the login window.
    main.logout_action.trigger()
    qtbot.waitUntil(lambda: shell.login.isVisible(), timeout=TIMEOUT_MS)
    assert shell.main is None
    assert not session.logged_in


def test_wrong_password(qtbot: QtBot, org, server: ServerProcess, login: LoginWindow) -> None:
    _submit(qtbot, login, server.address, "hl1", "not-the-password")
    assert login.message.isVisible()
    assert login.message.text() == "Wrong username or password."
    assert login.password_edit.selectedText() == "not-the-password"  # ready to retype


def test_unreachable_server(qtbot: QtBot, login: LoginWindow) -> None:
    address = f"127.0.0.1:{free_port()}"
    _submit(qtbot, login, address, "hl1", "whatever")
    assert login.message.text().startswith(f"Cannot reach a TicketDesk server at {address}.")


def test_not_an_address(qtbot: QtBot, login: LoginWindow) -> None:
    _submit(qtbot, login, "server:port", "hl1", "whatever")
    assert "is not a server address" in login.message.text()


def test_version_mismatch(
    qtbot: QtBot, org, server: ServerProcess, login: LoginWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ticketdesk.client.state.login.API_VERSION", "2")
    _submit(qtbot, login, server.address, "hl1", PASSWORD)
    assert "API version 1" in login.message.text()
    assert "Ask IT" in login.message.text()


def test_missing_fields_are_named(qtbot: QtBot, login: LoginWindow) -> None:
    login.server_edit.setText("127.0.0.1:8470")
    login.username_edit.clear()
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    assert login.message.text() == "Enter your username."
    assert login.login_button.isEnabled()  # nothing was sent, nothing is pending


def test_remembers_the_last_server_and_username(
    qtbot: QtBot, session: ClientSession, settings: QSettings
) -> None:
    settings.setValue(SERVER_KEY, "10.1.2.3:8470")
    settings.setValue(USERNAME_KEY, "li.na")
    window = LoginWindow(session, settings)
    qtbot.addWidget(window)
    assert window.server_edit.text() == "10.1.2.3:8470"
    assert window.username_edit.text() == "li.na"


def test_ended_session_returns_to_login_with_a_reason(
    qtbot: QtBot, org, server: ServerProcess, session: ClientSession, settings: QSettings
) -> None:
    shell = Shell(session, settings, server=server.address, username="as1")
    qtbot.addWidget(shell.login)
    shell.start()
    shell.login.password_edit.setText(PASSWORD)
    qtbot.mouseClick(shell.login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.main is not None and not session.loading, timeout=TIMEOUT_MS)
    # Someone ends the session on the server (an admin, or it expired); the live stream
    # learns it on its next connection.
    httpx.post(
        f"{server.base_url}/api/v1/auth/logout",
        headers={"Authorization": f"Bearer {session.api.token}"},
        timeout=10,
    )
    session.live.drop_connection()
    qtbot.waitUntil(lambda: shell.login.isVisible(), timeout=TIMEOUT_MS)
    assert shell.main is None
    # The server says how it ended (the 4401 close reason), so the words can say it too.
    assert shell.login.message.text() == (
        "You were logged out (in another window, or by an admin). Please log in again."
    )
    assert shell.login.username_edit.text() == "as1"


def _logged_in_shell(qtbot: QtBot, session: ClientSession, settings: QSettings, server) -> Shell:
    shell = Shell(session, settings, server=server.address, username="as1")
    qtbot.addWidget(shell.login)
    shell.start()
    shell.login.password_edit.setText(PASSWORD)
    qtbot.mouseClick(shell.login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.main is not None and not session.loading, timeout=TIMEOUT_MS)
    return shell


def test_a_refused_call_returns_to_login(
    qtbot: QtBot, org, server: ServerProcess, session: ClientSession, settings: QSettings
) -> None:
    """Any call answered 401 ends the session, not only the live stream's 4401."""
    shell = _logged_in_shell(qtbot, session, settings, server)
    session.live.stop()  # so that only the HTTP answer can tell
    httpx.post(
        f"{server.base_url}/api/v1/auth/logout",
        headers={"Authorization": f"Bearer {session.api.token}"},
        timeout=10,
    )
    assert shell.main is not None
    shell.main.refresh_action.trigger()
    qtbot.waitUntil(lambda: shell.login.isVisible(), timeout=TIMEOUT_MS)
    assert shell.main is None
    assert shell.login.message.text() == (  # the 401's code says how it ended
        "You were logged out (in another window, or by an admin). Please log in again."
    )
    assert shell.login.server_edit.text() == server.address
    assert shell.login.username_edit.text() == "as1"
    assert shell.login.password_edit.text() == ""
    assert not session.logged_in


def test_a_changed_password_ends_the_session_with_its_reason(
    qtbot: QtBot, org, server: ServerProcess, session: ClientSession, settings: QSettings
) -> None:
    shell = _logged_in_shell(qtbot, session, settings, server)
    org.admin.ok("PATCH", f"/users/{org.users['as1']}", {"password": "another-pass-2"})
    qtbot.waitUntil(lambda: shell.login.isVisible(), timeout=TIMEOUT_MS)
    assert shell.login.message.text() == (
        "Your session was ended: your password was changed or your account deactivated. "
        "Please log in again."
    )
    assert shell.login.username_edit.text() == "as1"


def test_locked_out_login_says_how_long(
    qtbot: QtBot, org, server: ServerProcess, login: LoginWindow
) -> None:
    for _ in range(10):  # the server locks a username after ten failures
        httpx.post(
            f"{server.base_url}/api/v1/auth/login",
            json={"username": "as1", "password": "wrong-password"},
            timeout=10,
        )
    _submit(qtbot, login, server.address, "as1", PASSWORD)
    assert login.message.text() == (
        "Too many failed attempts: logging in as this user is locked for 15 min. "
        "Try again then, or ask an admin to help."
    )


def test_busy_server_at_login_is_not_a_wrong_server(login: LoginWindow) -> None:
    from ticketdesk.client.state import LoginFailure, LoginProblem

    text = login.failure_text(LoginFailure(LoginProblem.SERVER_BUSY, "", 2))
    assert text == "The server is restarting its database. Try again in a few seconds."


def test_the_shell_makes_its_session_once_the_login_window_is_painted(
    qtbot: QtBot, org, server: ServerProcess, settings: QSettings
) -> None:
    """As the application starts: the login window first, the session right after it is
    on screen; logging in then works as ever."""
    shell = Shell(None, settings, server=server.address, username="as1")
    qtbot.addWidget(shell.login)
    shell.start()
    qtbot.waitUntil(lambda: shell._session is not None, timeout=TIMEOUT_MS)
    session = shell.session
    try:
        shell.login.password_edit.setText(PASSWORD)
        qtbot.mouseClick(shell.login.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: shell.main is not None and session.has_loaded, timeout=TIMEOUT_MS
        )
        assert session.state.me is not None and session.state.me.username == "as1"
    finally:
        if shell.main is not None:
            qtbot.addWidget(shell.main)
        session.live.stop()
        qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)


def test_a_silent_server_gives_way_to_another_of_the_remembered_installation(
    qtbot: QtBot, org, server: ServerProcess, login: LoginWindow, settings: QSettings
) -> None:
    down = f"127.0.0.1:{free_port()}"
    settings.setValue(INSTALLATION_KEY, [down, server.address])
    tried: list[str] = []
    login.server_edit.setText(down)
    login.username_edit.setText("hl1")
    login.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(login.logged_in, timeout=TIMEOUT_MS):
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
        assert login._attempt is not None
        login._attempt.trying.connect(tried.append)
    assert tried == [server.address]
    assert login._session is not None
    assert login._session.api.base_url == f"http://{server.address}"
    # The address typed stays the first choice; the installation is kept for next time.
    assert settings.value(SERVER_KEY) == down
    assert remembered(settings) == [down, server.base_url]


def test_an_address_outside_the_remembered_installation_never_logs_in_elsewhere(
    qtbot: QtBot, org, server: ServerProcess, login: LoginWindow, settings: QSettings
) -> None:
    settings.setValue(INSTALLATION_KEY, [f"127.0.0.1:{free_port()}", server.address])
    elsewhere = f"127.0.0.1:{free_port()}"
    _submit(qtbot, login, elsewhere, "hl1", PASSWORD)
    assert login.message.text().startswith(f"Cannot reach a TicketDesk server at {elsewhere}.")
    assert login._session is not None and not login._session.logged_in


def test_after_a_login_the_installation_remembered_is_what_the_server_listed(
    qtbot: QtBot, org, server: ServerProcess, login: LoginWindow, settings: QSettings
) -> None:
    assert httpx.get(f"{server.base_url}/api/v1/info").json()["servers"] == [server.base_url]
    settings.setValue(INSTALLATION_KEY, ["10.9.9.9:8470"])  # another installation, before
    _submit(qtbot, login, server.address, "hl1", PASSWORD)
    assert remembered(settings) == [server.address]  # typed and listed are one server

    # The same installation again, with a server that is down today: it is kept.
    settings.setValue(INSTALLATION_KEY, [server.address, "10.9.9.9:8470"])
    login.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(login.logged_in, timeout=TIMEOUT_MS):
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    assert remembered(settings) == [server.address, "10.9.9.9:8470"]
