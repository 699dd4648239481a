"""The workstation from the keyboard: every menu's mnemonics and every shortcut unique in
both languages, keys the agent chooses, the shortcut sheet, and a ticket's whole way driven
by keys alone against the real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client import i18n
from ticketdesk.client.models import Column, Inbox
from ticketdesk.client.state import ClientSession
from ticketdesk.client.views.keymap import Keymap
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.note import NoteDialog
from ticketdesk.client.views.transfer import TransferDialog
from ticketdesk.common.enums import Action, Status
from ticketdesk.common.models import UserPublic

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translators = i18n.Translators()
    translators.install(qapp, request.param)
    yield request.param
    translators.remove(qapp)


def _offline_window(qtbot: QtBot, settings: QSettings, role: str = "admin") -> MainWindow:
    """A window of a session that never logged in: its menus are all one needs here. As an
    admin, every command any role has is there."""
    session = ClientSession()
    session.state.set_me(
        UserPublic.model_validate(
            {"id": 1, "username": "a", "display_name": "A", "role": role, "active": True,
             "presence": "online", "group_ids": []}
        )
    )
    window = MainWindow(session, settings, use_tray=False)
    qtbot.addWidget(window)
    return window


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].casefold() if i >= 0 else None


def _menus(menu: QMenu) -> Iterator[QMenu]:
    yield menu
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menus(action.menu())


def test_mnemonics_and_shortcuts_are_unique(
    qtbot: QtBot, settings: QSettings, language: str
) -> None:
    window = _offline_window(qtbot, settings)
    bar = [a for a in window.menuBar().actions() if a.menu() is not None]
    tops = [_mnemonic(a.text()) for a in bar]
    assert None not in tops and len(set(tops)) == len(tops), tops
    checked = 0
    for top in bar:
        for menu in _menus(top.menu()):
            keys = [_mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
            keys = [k for k in keys if k is not None]
            assert len(set(keys)) == len(keys), (menu.title(), keys)
            checked += len(keys)
    assert checked >= 20
    if language == "zh_CN":
        assert any(a.text() == "工单(&T)" for a in bar)
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in owners, f"{key}: {owners[key]} and {action.text()}"
            owners[key] = action.text()
    for key in ("Ctrl+K", "F1", "Ctrl+J", "Ctrl+Shift+A", "Ctrl+Shift+R", "Ctrl+Shift+T",
                "Ctrl+Shift+D", "Ctrl+F", "Ctrl+1", "Alt+2"):
        assert key in owners, key


def test_chosen_keys_apply_refuse_a_taken_one_and_are_kept(
    qtbot: QtBot, settings: QSettings
) -> None:
    window = _offline_window(qtbot, settings, role="agent")
    next_ticket = window.commands.next_ticket
    assert next_ticket.shortcut() == QKeySequence("Ctrl+J")
    dialog = window.customize_shortcuts()
    dialog.select("go.next")
    assert not dialog.choose(QKeySequence("Ctrl+Shift+A"))  # Accept's
    assert "Accept" in dialog.message.text()
    assert dialog.choose(QKeySequence("F8"))
    assert next_ticket.shortcut() == QKeySequence("Ctrl+J")  # nothing applies before OK
    dialog.accept()
    assert next_ticket.shortcut() == QKeySequence("F8")
    sheet = window.show_shortcut_sheet()
    assert ("Go", "Next ticket", "F8") in sheet.rows()
    assert ("In the reply box", "Send the reply", "Ctrl+Return") in sheet.rows()
    assert ("Ticket", "Resolve", "Ctrl+Shift+D") in sheet.rows()

    # The next shift, the next window: the choice is still there; the others are defaults.
    again = _offline_window(qtbot, settings, role="agent")
    assert again.commands.next_ticket.shortcut() == QKeySequence("F8")
    keymap: Keymap = again.keymap
    assert keymap.is_default("ticket.accept") and not keymap.is_default("go.next")
    keymap.reset_all()
    assert again.commands.next_ticket.shortcut() == QKeySequence("Ctrl+J")
    assert settings.value("shortcuts/go.next") is None


def test_the_palette_finds_commands_by_pinyin_initials(
    qtbot: QtBot, qtmodeltester, settings: QSettings, qapp: QApplication
) -> None:
    translators = i18n.Translators()
    translators.install(qapp, "zh_CN")
    try:
        window = _offline_window(qtbot, settings, role="agent")
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT_MS)
        window.inbox.current_page().table.setFocus()
        _press(qtbot, Qt.Key.Key_K, CTRL)
        palette = window.palette
        assert palette is not None and palette.isVisible()
        qtmodeltester.check(palette.model)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.edit, timeout=TIMEOUT_MS)
        _type(qtbot, "jpkj")  # 键盘快捷键
        assert [e.text for e in palette.entries()] == ["键盘快捷键"]
        _type(qtbot, "x")
        assert palette.entries() == []
        _press(qtbot, Qt.Key.Key_Backspace)
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: window.shortcut_sheet is not None and window.shortcut_sheet.isVisible(),
            timeout=TIMEOUT_MS,
        )
        assert not palette.isVisible()
    finally:
        translators.remove(qapp)


# ------------------------------------------------------------ against the server


def _press(
    qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key pressed wherever the keyboard is now, as the agent would (a popup open, such as
    the quick replies', has it)."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert isinstance(target, QWidget)
    qtbot.keyClick(target, key, modifiers)


def _type(qtbot: QtBot, text: str) -> None:
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert isinstance(target, QWidget)
    qtbot.keyClicks(target, text)


@pytest.fixture
def agent_window(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> MainWindow:
    window = MainWindow(make_session("as1"), settings, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT_MS)
    return window


def test_focus_in_the_reply_box_survives_live_reordering(
    qtbot: QtBot, org, agent_window: MainWindow
) -> None:
    window = agent_window
    first = org.new_ticket("hl1", title="first")
    second = org.new_ticket("hl1", title="second")
    queues = window.inbox.pages[Inbox.QUEUES]
    qtbot.waitUntil(lambda: queues.model.rowCount() == 2, timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_2, ALT)
    assert window.inbox.current_page() is queues
    # The list has the keyboard and shows its first ticket (the oldest); then the next, and
    # back.
    qtbot.waitUntil(lambda: window.detail.ticket_id == first["id"], timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(lambda: window.detail.ticket_id == second["id"], timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_J, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.detail.ticket_id == first["id"], timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    edit = window.detail.comment_edit
    assert QApplication.focusWidget() is edit
    _type(qtbot, "Dear customer")

    # Someone else's urgent ticket arrives and goes to the top, above the one being answered.
    org.new_ticket("hl2", title="urgent", priority="urgent")
    qtbot.waitUntil(
        lambda: queues.model.index(0, Column.TITLE).data() == "urgent", timeout=TIMEOUT_MS
    )
    assert QApplication.focusWidget() is edit
    assert window.detail.ticket_id == first["id"]
    assert queues.model.ticket_id(queues.table.currentIndex().row()) == first["id"]
    _type(qtbot, ", thank you")
    assert edit.toPlainText() == "Dear customer, thank you"


OFFSCREEN_POPUP = r"^This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)"
"""The offscreen platform cannot raise a popup or let it grab the keyboard (X11 can)."""


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_ticket_from_start_to_end_by_keys_alone(
    qtbot: QtBot, org, agent_window: MainWindow
) -> None:
    window = agent_window
    detail = window.detail
    org.as_("sup").ok("PUT", "/orders/TD1001", {"customer_name": "张三"}, status=201)
    org.admin.ok("POST", "/quick-replies", {
        "name": "退款到账", "body": "{customer_name}您好，订单 {order_number} 的退款已退回。",
        "group_id": org.groups["售后"]}, status=201)
    org.as_("as1").ok("POST", "/quick-replies", {
        "name": "sign", "body": "-- {agent_name}, #{ticket_number}"}, status=201)
    org.admin.ok("POST", "/quick-replies", {
        "name": "热线专用", "body": "not for as1", "group_id": org.groups["热线"]}, status=201)
    ticket = org.new_ticket("hl1", title="refund please")
    other = org.new_ticket("hl1", title="wrong group")
    qtbot.waitUntil(
        lambda: window.inbox.pages[Inbox.QUEUES].model.rowCount() == 2, timeout=TIMEOUT_MS
    )
    _press(qtbot, Qt.Key.Key_2, ALT)
    qtbot.waitUntil(lambda: detail.ticket_id == ticket["id"], timeout=TIMEOUT_MS)

    _press(qtbot, Qt.Key.Key_A, CTRL_SHIFT)  # accept
    qtbot.waitUntil(
        lambda: org.as_("as1").ok("GET", f"/tickets/{ticket['id']}")["status"]
        == Status.IN_PROGRESS.value and window.commands.reply.isEnabled(),
        timeout=TIMEOUT_MS,
    )
    # Two quick replies: the group's (found by the pinyin initials of its name) and the
    # agent's own, placeholders filled from the ticket, its order and the agent.
    qtbot.waitUntil(lambda: detail.order_panel.order is not None, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(detail.quick_replies.changed, timeout=TIMEOUT_MS):
        detail.quick_replies.load()
    _press(qtbot, Qt.Key.Key_R, CTRL_SHIFT)  # reply
    edit = detail.comment_edit
    _type(qtbot, "/tk")
    assert edit.offered() == ["退款到账"]
    _press(qtbot, Qt.Key.Key_Return)
    assert not edit.popup_visible()
    _type(qtbot, " /s")
    assert edit.offered() == ["sign"]
    _press(qtbot, Qt.Key.Key_Return)
    expected = f"张三您好，订单 TD1001 的退款已退回。 -- AS1, #{ticket['id']}"
    assert edit.toPlainText() == expected
    assert QApplication.focusWidget() is edit
    _press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: edit.toPlainText() == "", timeout=TIMEOUT_MS)
    comments = [e for e in org.as_("as1").ok("GET", f"/tickets/{ticket['id']}")["events"]
                if e["kind"] == "commented"]
    assert [c["data"]["body"] for c in comments] == [expected]

    # A screenshot attached by pasting it into the reply box (Ctrl+V).
    screenshot = QImage(64, 48, QImage.Format.Format_RGB32)
    screenshot.fill(Qt.GlobalColor.darkCyan)
    QApplication.clipboard().setImage(screenshot)
    assert QApplication.focusWidget() is edit
    _press(qtbot, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(lambda: org.as_("as1").ok("GET", f"/tickets/{ticket['id']}/attachments")[
        "data"] != [], timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not detail.attachments.uploads, timeout=TIMEOUT_MS)
    assert edit.toPlainText() == ""

    _press(qtbot, Qt.Key.Key_D, CTRL_SHIFT)  # resolve
    dialog = detail.dialog
    assert isinstance(dialog, NoteDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note_edit, timeout=TIMEOUT_MS)
    _type(qtbot, "Refunded")
    _press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: detail.dialog is None, timeout=TIMEOUT_MS)
    detail_json = org.as_("as1").ok("GET", f"/tickets/{ticket['id']}")
    assert detail_json["status"] == Status.RESOLVED.value

    # The other one is for the hotline: accepted and passed on, keys only.
    _press(qtbot, Qt.Key.Key_2, ALT)
    qtbot.waitUntil(lambda: window.inbox.current_page().model.rowCount() == 1, timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(lambda: detail.ticket_id == other["id"], timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.commands.by_action[Action.TRANSFER].isEnabled(),
                    timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_T, CTRL_SHIFT)
    transfer = detail.dialog
    assert isinstance(transfer, TransferDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is transfer.groups, timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_Space)  # the one other group, 热线
    assert len(transfer.groups.selectionModel().selectedRows()) == 1, (
        transfer.model.rowCount(), transfer.groups.currentIndex().row())
    _press(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "Caller wants the hotline")
    _press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: detail.dialog is None, timeout=TIMEOUT_MS)
    moved = org.admin.ok("GET", f"/tickets/{other['id']}")
    assert moved["group_id"] == org.groups["热线"]


def test_the_palette_finds_tickets_live_by_number_and_pinyin(
    qtbot: QtBot, qtmodeltester, org, agent_window: MainWindow
) -> None:
    window = agent_window
    old = org.new_ticket("hl1", title="客户要求退款")
    qtbot.waitUntil(lambda: old["id"] in window._state.tickets, timeout=TIMEOUT_MS)
    window.inbox.current_page().table.setFocus()
    _press(qtbot, Qt.Key.Key_K, CTRL)
    palette = window.palette
    assert palette is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.edit, timeout=TIMEOUT_MS)
    _type(qtbot, "tk")
    assert [e.ticket_id for e in palette.entries()] == [old["id"]]

    # Found while the palette is open: it lists the new one at once, the newest first.
    new = org.new_ticket("hl1", title="退款进度查询")
    qtbot.waitUntil(lambda: len(palette.entries()) == 2, timeout=TIMEOUT_MS)
    qtmodeltester.check(palette.model)
    assert [e.ticket_id for e in palette.entries()] == [new["id"], old["id"]]
    assert palette.entries()[0].text == f"#{new['id']} 退款进度查询"
    palette.edit.clear()
    _type(qtbot, f"#{old['id']}")
    assert palette.entries()[0].ticket_id == old["id"]
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.ticket_id == old["id"], timeout=TIMEOUT_MS)
    assert not palette.isVisible()
    table = window.inbox.current_page().table
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=TIMEOUT_MS)

    # A quick reply, found by name and put into the reply box of the ticket shown.
    org.as_("as1").ok("POST", "/quick-replies", {"name": "签名", "body": "#{ticket_number}"},
                      status=201)
    with qtbot.waitSignal(window.detail.quick_replies.changed, timeout=TIMEOUT_MS):
        window.detail.quick_replies.load()
    qtbot.waitUntil(window.commands.reply.isEnabled, timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.edit, timeout=TIMEOUT_MS)
    _type(qtbot, "qm")  # 签名
    assert [(e.text, e.hint) for e in palette.entries()] == [("签名", "Quick reply")]
    _press(qtbot, Qt.Key.Key_Return)
    edit = window.detail.comment_edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=TIMEOUT_MS)
    assert edit.toPlainText() == f"#{old['id']}"


def test_the_reply_is_kept_as_a_personal_quick_reply(
    qtbot: QtBot, org, agent_window: MainWindow
) -> None:
    window = agent_window
    ticket = org.new_ticket("hl1", title="first")
    qtbot.waitUntil(lambda: ticket["id"] in window._state.tickets, timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_2, ALT)
    qtbot.waitUntil(lambda: window.commands.reply.isEnabled(), timeout=TIMEOUT_MS)
    _press(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    _type(qtbot, "Thanks, {customer_name}!")
    window.commands.save_quick_reply.trigger()
    dialog = window.detail.quick_reply_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog, timeout=TIMEOUT_MS)
    _type(qtbot, "thanks")
    _press(qtbot, Qt.Key.Key_Return)
    replies = window.detail.quick_replies
    # The live echo may refill the list before the create's own answer says it was saved.
    qtbot.waitUntil(lambda: [r.name for r in replies.replies] == ["thanks"]
                    and window.statusBar().currentMessage() == "Quick reply “thanks” saved.",
                    timeout=TIMEOUT_MS)
    kept = org.as_("as1").ok("GET", "/quick-replies")
    assert [(r["name"], r["body"], r["owner_id"]) for r in kept] == [
        ("thanks", "Thanks, {customer_name}!", org.users["as1"])
    ]
    assert org.as_("as2").ok("GET", "/quick-replies") == []
