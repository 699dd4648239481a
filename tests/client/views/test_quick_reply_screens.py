"""Keeping quick replies against the real server: an admin keeps a group's (placeholders
inserted by button, a preview filled in, the server's refusals shown at the field, nothing
saved by a mistake; members' reply boxes follow live), an agent keeps their own from the
Ticket menu or the command palette."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.quick_replies import QuickReplyTableModel
from ticketdesk.client.state.quick_replies import QuickReplies
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.quick_reply_editor import QuickReplyEditor


def _window(qtbot: QtBot, make_session: MakeSession, settings: QSettings,
            username: str) -> MainWindow:
    window = MainWindow(make_session(username), settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _names(editor: QuickReplyEditor) -> list[str]:
    return [editor.model.index(r, 0).data() for r in range(editor.model.rowCount())]


def _save(qtbot: QtBot, editor: QuickReplyEditor) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=TIMEOUT_MS)


def test_an_admin_keeps_a_groups_quick_replies(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, qtmodeltester
) -> None:
    member = QuickReplies(make_session("as1"))  # an agent of 售后, watching live
    window = _window(qtbot, make_session, settings, "admin")
    window.admin_action.trigger()
    assert window.admin_window is not None
    page = window.admin_window.quick_replies
    window.admin_window.tabs.setCurrentWidget(page)
    assert page.choose_group(org.groups["售后"])
    editor = page.editor

    editor.new_reply()
    editor.name_edit.setText("退款到账")
    qtbot.mouseClick(editor.placeholder_buttons["customer_name"], Qt.MouseButton.LeftButton)
    editor.body_edit.insertPlainText("您好，订单 ")
    editor.insert_placeholder("order_number")
    editor.body_edit.insertPlainText(" 已退款。{agent_name}")
    assert editor.body_edit.toPlainText() == (
        "{customer_name}您好，订单 {order_number} 已退款。{agent_name}")
    me = window.admin_window.quick_replies._state.me
    assert editor.preview.text() == f"Zhang Wei您好，订单 TD2026110100123 已退款。{me.display_name}"
    _save(qtbot, editor)
    assert editor.message.text() == "Saved."
    qtbot.waitUntil(lambda: _names(editor) == ["退款到账"], timeout=TIMEOUT_MS)
    qtmodeltester.check(editor.model, force_py=True)
    # The member's reply box is offered it without reloading anything.
    qtbot.waitUntil(lambda: [r.name for r in member.replies] == ["退款到账"], timeout=TIMEOUT_MS)
    stored = org.admin.ok("GET", "/quick-replies")
    assert [(r["name"], r["group_id"]) for r in stored] == [("退款到账", org.groups["售后"])]

    # Mistakes are said at their field and save nothing: an empty name (checked here), a
    # name the group has already (the server says so).
    editor.new_reply()
    editor.body_edit.setPlainText("x")
    _save(qtbot, editor)
    assert editor.name_error.isVisible() and editor.name_error.text().startswith("Enter a name")
    editor.name_edit.setText("退款到账")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: "exists already" in editor.name_error.text(), timeout=TIMEOUT_MS)
    assert editor.name_edit.property("invalid") is True
    assert org.admin.ok("GET", "/quick-replies") == stored

    # The same name in another group is another quick reply; back in 售后, change and delete.
    assert page.choose_group(org.groups["热线"])
    assert _names(editor) == [] and not editor.name_error.isVisible()
    assert page.choose_group(org.groups["售后"])
    assert editor.select_reply(stored[0]["id"])
    assert editor.name_edit.text() == "退款到账"
    editor.body_edit.setPlainText("退款三日内到账。")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: member.replies and member.replies[0].body == "退款三日内到账。",
                    timeout=TIMEOUT_MS)
    box = editor.ask_delete()
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _names(editor) == [] and member.replies == [], timeout=TIMEOUT_MS)
    assert editor.name_edit.text() == ""
    assert org.admin.ok("GET", "/quick-replies") == []


def test_an_agent_keeps_their_own(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    window = _window(qtbot, make_session, settings, "as1")
    action = window.commands.my_quick_replies
    assert action in [a for _kind, a, _where in window._palette_actions()]  # Ctrl+K finds it
    action.trigger()
    dialog = window.detail.my_quick_replies_dialog
    assert dialog is not None and dialog.isVisible()
    editor = dialog.editor
    editor.name_edit.setText("问候")
    editor.body_edit.setPlainText("您好，我是{agent_name}，工单 #{ticket_number}。")
    assert editor.preview.text() == "您好，我是AS1，工单 #1024。"
    _save(qtbot, editor)
    # The reply box offers it at once; the server keeps it as the agent's own.
    qtbot.waitUntil(lambda: [r.name for r in window.detail.quick_replies.replies] == ["问候"],
                    timeout=TIMEOUT_MS)
    mine = org.as_("as1").ok("GET", "/quick-replies")
    assert [(r["name"], r["owner_id"]) for r in mine] == [("问候", org.users["as1"])]
    assert _names(editor) == ["问候"]
    # A group's quick replies are not listed here (nor changeable: they are the admins').
    org.admin.ok("POST", "/quick-replies", {"name": "退款", "body": "b",
                                            "group_id": org.groups["售后"]}, status=201)
    qtbot.waitUntil(lambda: len(window.detail.quick_replies.replies) == 2, timeout=TIMEOUT_MS)
    assert _names(editor) == ["问候"]
    # A second one by the same name: the server refuses, said at the name.
    editor.new_reply()
    editor.name_edit.setText("问候")
    editor.body_edit.setPlainText("again")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: editor.name_error.isVisible(), timeout=TIMEOUT_MS)
    assert len(org.as_("as1").ok("GET", "/quick-replies")) == 2
    dialog.close()
    assert window.detail.manage_quick_replies() is dialog and dialog.isVisible()  # one, kept


def test_quick_reply_model(qtmodeltester, org, make_session: MakeSession, qtbot: QtBot) -> None:
    org.as_("as1").ok("POST", "/quick-replies", {"name": "b", "body": "two\nlines"}, status=201)
    org.as_("as1").ok("POST", "/quick-replies", {"name": "a", "body": "x"}, status=201)
    replies = QuickReplies(make_session("as1"))
    qtbot.waitUntil(lambda: len(replies.replies) == 2, timeout=TIMEOUT_MS)
    model = QuickReplyTableModel(replies)
    qtmodeltester.check(model, force_py=True)
    assert [model.index(r, 0).data() for r in range(2)] == ["a", "b"]
    assert model.index(1, 1).data() == "two lines"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "two\nlines"
