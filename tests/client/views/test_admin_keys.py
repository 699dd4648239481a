"""The API keys screen against the real server: a key is made and shown once, works, is
rotated and revoked from the screen; mistakes are named and save nothing."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import Api
from ticketdesk.client.models.api_keys import ApiKeyTableModel, KeyColumn
from ticketdesk.client.state.api_keys import ApiKeyList
from ticketdesk.client.views.admin_keys import KeysAdmin
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Scope


def _screen(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> KeysAdmin:
    window = MainWindow(make_session("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    window.admin_action.trigger()
    assert window.admin_window is not None
    screen = window.admin_window.keys
    window.admin_window.tabs.setCurrentWidget(screen)
    screen.confirm = lambda title, text: True  # the admin says yes
    return screen


def _click(qtbot: QtBot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_key_model(qtmodeltester, org, qtbot, make_session: MakeSession) -> None:
    org.admin.ok("POST", "/api-keys", {"account": "telephony", "scopes": ["tickets:read"]},
                 status=201)
    keys = ApiKeyList(make_session("admin"))
    model = ApiKeyTableModel(keys)
    keys.load()
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT_MS)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, KeyColumn.ACCOUNT).data() == "telephony"


def test_a_key_is_made_shown_once_rotated_and_revoked(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    _click(qtbot, screen.create_button)  # nothing filled in
    assert "service account name" in screen.message.text()
    screen.account_edit.setText("hl1")
    screen.scope_checks[Scope.TICKETS_READ].setChecked(True)
    screen.scope_checks[Scope.TICKETS_WRITE].setChecked(True)
    _click(qtbot, screen.create_button)
    qtbot.waitUntil(lambda: "person's account" in screen.message.text(), timeout=TIMEOUT_MS)
    assert org.admin.ok("GET", "/api-keys") == []

    screen.account_edit.setText("telephony")
    screen.display_name_edit.setText("呼叫中心 telephony")
    screen.name_edit.setText("PBX hall 2")
    _click(qtbot, screen.create_button)
    qtbot.waitUntil(lambda: not screen.shown_box.isHidden() and screen.model.rowCount() == 1,
                    timeout=TIMEOUT_MS)
    key = screen.key_edit.text()
    assert key.startswith("tdk_") and len(key) == 40
    row = [screen.model.index(0, c.value).data() for c in KeyColumn]
    assert row[:3] == ["呼叫中心 telephony", "PBX hall 2", f"{key[:10]}…"]
    assert row[3] == "tickets:read, tickets:write" and row[6] == "Active"
    assert key not in " ".join(str(v) for v in row)
    _click(qtbot, screen.copy_button)
    assert screen.message.text() == "Key copied."
    assert QGuiApplication.clipboard().text() == key
    made = Api(org.base_url, key)
    assert made.get("/tickets").status_code == 200

    qtbot.waitUntil(lambda: screen.selected_key() is not None, timeout=TIMEOUT_MS)
    _click(qtbot, screen.rotate_button)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2 and screen.key_edit.text() not in
                    ("", key), timeout=TIMEOUT_MS)
    rotated = screen.key_edit.text()
    assert made.get("/tickets").status_code == 401
    assert Api(org.base_url, rotated).get("/tickets").status_code == 200
    assert screen.model.index(1, KeyColumn.STATUS).data() == "Replaced"

    qtbot.waitUntil(lambda: (k := screen.selected_key()) is not None
                    and k.revoked_at is None, timeout=TIMEOUT_MS)
    _click(qtbot, screen.revoke_button)
    qtbot.waitUntil(lambda: "revoked" in screen.message.text(), timeout=TIMEOUT_MS)
    assert screen.shown_box.isHidden()  # the key is gone from the screen
    assert Api(org.base_url, rotated).get("/tickets").status_code == 401
    qtbot.waitUntil(lambda: all(not k.active for k in screen.keys.keys), timeout=TIMEOUT_MS)
