"""The administrator's accounts screen against the real server: each mistake is named and
saves nothing; creating, deactivating and resetting a password take effect."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import Api
from ticketdesk.client.models import UserTableModel
from ticketdesk.client.views.admin_users import UsersAdmin
from ticketdesk.client.views.main_window import MainWindow


def _users(org) -> list[dict]:
    return org.admin.ok("GET", "/users")


def _screen(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> UsersAdmin:
    window = MainWindow(make_session("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    assert window.admin_action.isVisible()
    window.admin_action.trigger()
    assert window.admin_window is not None
    return window.admin_window.users


def _save(qtbot: QtBot, screen: UsersAdmin) -> None:
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)


def test_user_model(qtmodeltester, org, make_session: MakeSession) -> None:
    model = UserTableModel(make_session("admin").state)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(_users(org))


def test_mistakes_are_named_and_save_nothing(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    before = _users(org)
    screen.new_user()
    screen.username_edit.setText("zhangsan")
    screen.password_edit.setText("long-enough-1")
    _save(qtbot, screen)  # no display name
    assert screen.message.text() == "Enter a display name."
    screen.name_edit.setText("张三")
    screen.username_edit.setText("hl1")  # taken
    _save(qtbot, screen)
    assert screen.message.text() == "The username “hl1” is taken."
    screen.username_edit.setText("zhangsan")
    screen.password_edit.setText("short")
    _save(qtbot, screen)
    assert screen.message.text() == "A password needs at least 8 characters."
    assert _users(org) == before


def test_create_deactivate_and_reset_password(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    screen.new_user()
    screen.username_edit.setText("zhangsan")
    screen.name_edit.setText("张三")
    screen.role_combo.setCurrentIndex(screen.role_combo.findData("supervisor"))
    screen.password_edit.setText("first-pass-1")
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    created = next(u for u in _users(org) if u["username"] == "zhangsan")
    assert created["role"] == "supervisor" and created["display_name"] == "张三"
    assert screen.model.row_of(created["id"]) >= 0
    assert screen.username_edit.isReadOnly()  # now editing that account
    Api(org.base_url).login("zhangsan", "first-pass-1").close()

    # Reset the password: the new one works, the old one no longer.
    screen.password_edit.setText("second-pass-2")
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    Api(org.base_url).login("zhangsan", "second-pass-2").close()
    assert Api(org.base_url).post(
        "/auth/login", {"username": "zhangsan", "password": "first-pass-1"}
    ).status_code == 401

    # Deactivate: kept in the directory (history), but can no longer log in.
    assert screen.active_check.isEnabled()
    screen.active_check.setChecked(False)
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    row = next(u for u in _users(org) if u["username"] == "zhangsan")
    assert row["active"] is False
    assert Api(org.base_url).post(
        "/auth/login", {"username": "zhangsan", "password": "second-pass-2"}
    ).status_code == 401
    qtbot.waitUntil(
        lambda: screen.model.index(screen.model.row_of(row["id"]), 3).data() == "Deactivated",
        timeout=TIMEOUT_MS,
    )
