"""The agent's main window against the real server: live inbox, detail, actions, timeline."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models import Column, Inbox
from ticketdesk.client.views.assign import AssignDialog
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.note import NoteDialog
from ticketdesk.client.views.transfer import TransferDialog
from ticketdesk.common.enums import Action, Presence, Status
from ticketdesk.common.workflow import allowed_actions

OpenWindow = Callable[[str], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> OpenWindow:
    def open_(username: str) -> MainWindow:
        window = MainWindow(make_session(username), settings)
        qtbot.addWidget(window)
        window.show()
        return window

    return open_


def _titles(window: MainWindow, inbox: Inbox) -> list[str]:
    rows = window.inbox.pages[inbox].model
    return [rows.index(r, Column.TITLE).data() for r in range(rows.rowCount())]


def _visible_buttons(window: MainWindow) -> set[Action]:
    return {a for a, button in window.detail.buttons.items() if not button.isHidden()}


def _headlines(window: MainWindow) -> list[str]:
    return [entry.headline.text() for entry in window.detail.timeline.entries]


def _open(qtbot: QtBot, window: MainWindow, ticket_id: int) -> None:
    assert window.inbox.select_ticket(ticket_id)
    qtbot.waitUntil(
        lambda: window.detail.ticket_id == ticket_id and len(window.detail.timeline.entries) >= 2,
        timeout=TIMEOUT_MS,
    )


def test_new_ticket_appears_without_a_click(qtbot: QtBot, org, open_window: OpenWindow) -> None:
    window = open_window("as1")
    queues = window.inbox.pages[Inbox.QUEUES]
    assert queues.model.rowCount() == 0
    with qtbot.waitSignal(queues.model.rowsInserted, timeout=TIMEOUT_MS):
        org.new_ticket("hl1", title="客户来电催退款")
    assert _titles(window, Inbox.QUEUES) == ["客户来电催退款"]
    assert window.inbox.tabs.tabText(1) == "My groups' queues (1)"
    row = queues.model.index(0, Column.STATUS)
    assert row.data() == "Queued"


def test_comment_and_transfer_show_in_the_timeline(
    qtbot: QtBot, org, open_window: OpenWindow
) -> None:
    window = open_window("as1")
    ticket = org.new_ticket("hl1", title="退款进度查询")
    qtbot.waitUntil(
        lambda: window.inbox.pages[Inbox.QUEUES].model.rowCount() == 1, timeout=TIMEOUT_MS
    )
    window.inbox.show_inbox(Inbox.QUEUES)
    _open(qtbot, window, ticket["id"])
    detail = window.detail
    assert detail.title_label.text() == f"#{ticket['id']}  退款进度查询"
    assert _headlines(window) == [
        "HL1 created the ticket for 售后 (Normal)",
        "Waiting in the queue of 售后",
    ]

    # (QTest can only type what a keyboard has; Chinese text goes in as an input method would.)
    detail.comment_edit.insertPlainText("<i>已致电客户</i>")
    detail.comment_edit.setFocus()
    qtbot.keyClick(detail.comment_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(detail.timeline.entries) == 3, timeout=TIMEOUT_MS)
    comment = detail.timeline.entries[-1]
    assert comment.headline.text() == "AS1 commented"
    assert comment.detail.text() == "<i>已致电客户</i>"
    assert comment.detail.textFormat() == Qt.TextFormat.PlainText
    # (the live echo may show the comment before the answer to our own request arrives)
    qtbot.waitUntil(lambda: detail.comment_edit.toPlainText() == "", timeout=TIMEOUT_MS)

    qtbot.mouseClick(detail.buttons[Action.TRANSFER], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, TransferDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    assert not dialog.ok_button.isEnabled()  # a group and a note are both needed
    dialog.select_group(org.groups["热线"])
    dialog.note_edit.insertPlainText("客户要求热线回电")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.dialog is None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: len(detail.timeline.entries) == 5, timeout=TIMEOUT_MS)
    transfer, queued = detail.timeline.entries[-2:]
    assert transfer.headline.text() == "AS1 transferred it from 售后 to 热线"
    assert transfer.detail.text() == "客户要求热线回电"
    assert queued.headline.text() == "Waiting in the queue of 热线"
    assert all(entry.time.text() for entry in detail.timeline.entries)
    # It went to a group as1 is not in: it leaves their queue, and they can no longer act.
    assert _titles(window, Inbox.QUEUES) == []
    assert _visible_buttons(window) == set()
    assert not detail.comment_edit.isEnabled()


def test_buttons_follow_the_state_machine(qtbot: QtBot, org, open_window: OpenWindow) -> None:
    window = open_window("as1")
    ticket = org.new_ticket("hl1")
    org.new_ticket("hl1", title="排在后面的另一张")
    tid = ticket["id"]
    qtbot.waitUntil(lambda: tid in window.detail._state.tickets, timeout=TIMEOUT_MS)
    window.inbox.show_inbox(Inbox.QUEUES)
    _open(qtbot, window, tid)

    def expected() -> set[Action]:
        state = window.detail._state
        cached = state.tickets[tid]
        relation = state.relation(cached)
        assert relation is not None
        return set(allowed_actions(cached.status, relation)) - {Action.COMMENT}

    assert _visible_buttons(window) == expected() == {Action.ACCEPT, Action.TRANSFER}

    qtbot.mouseClick(window.detail.buttons[Action.ACCEPT], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.detail.ticket.status is Status.IN_PROGRESS, timeout=TIMEOUT_MS)
    assert (
        _visible_buttons(window) == expected() == {Action.TRANSFER, Action.PENDING, Action.RESOLVE}
    )
    # It left the queue tab; the agent keeps looking at it, not at the next one in the list.
    assert window.detail.ticket_id == tid

    qtbot.mouseClick(window.detail.buttons[Action.PENDING], Qt.MouseButton.LeftButton)
    dialog = window.detail.dialog
    assert isinstance(dialog, NoteDialog)
    dialog.note_edit.insertPlainText("等客户补充照片")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.detail.ticket.status is Status.PENDING, timeout=TIMEOUT_MS)
    assert (
        _visible_buttons(window) == expected() == {Action.TRANSFER, Action.RESUME, Action.RESOLVE}
    )
    qtbot.waitUntil(lambda: _headlines(window)[-1] == "AS1 set it pending", timeout=TIMEOUT_MS)
    assert window.detail.timeline.entries[-1].detail.text() == "等客户补充照片"

    # A change made elsewhere updates the buttons by itself.
    with qtbot.waitSignal(window.detail._state.ticket_changed, timeout=TIMEOUT_MS):
        org.admin.ok("POST", f"/tickets/{tid}/resolve", {"note": "主管处理"})
    qtbot.waitUntil(lambda: window.detail.ticket.status is Status.RESOLVED, timeout=TIMEOUT_MS)
    assert _visible_buttons(window) == expected() == {Action.REOPEN, Action.CLOSE}


def test_supervisor_assigns(qtbot: QtBot, org, open_window: OpenWindow) -> None:
    ticket = org.new_ticket("hl1", priority="urgent")
    window = open_window("sup")
    assert Inbox.ALL in window.inbox.pages
    window.inbox.show_inbox(Inbox.ALL)
    _open(qtbot, window, ticket["id"])
    assert Action.ASSIGN in _visible_buttons(window)
    qtbot.mouseClick(window.detail.buttons[Action.ASSIGN], Qt.MouseButton.LeftButton)
    dialog = window.detail.dialog
    assert isinstance(dialog, AssignDialog)
    assert dialog.model.rowCount() == 2  # the members of 售后
    dialog.select_member(org.users["as2"])
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.detail.ticket.assignee_id == org.users["as2"], timeout=TIMEOUT_MS
    )
    assert window.detail.ticket.status is Status.ASSIGNED
    qtbot.waitUntil(lambda: _headlines(window)[-1] == "SUP assigned it to AS2", timeout=TIMEOUT_MS)


def test_connection_state_is_shown(qtbot: QtBot, org, open_window: OpenWindow) -> None:
    window = open_window("as1")
    assert window.connection_label.text() == "● Live"
    live = window._session.live
    with qtbot.waitSignal(
        live.state_changed, timeout=TIMEOUT_MS, check_params_cb=lambda s: s == "reconnecting"
    ):
        live.drop_connection()
    assert window.connection_label.text().startswith("● Connection lost")
    qtbot.waitUntil(lambda: window.connection_label.text() == "● Live", timeout=TIMEOUT_MS)
    # A blip that mends at once does not shift the window with a banner.
    assert window.connection_banner.isHidden()


def test_ticket_assigned_to_an_online_agent_lands_in_my_tickets(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    """Online, as1 is eligible: the server's engine offers the new ticket to them, and it shows
    up under "My tickets", marked as waiting for them, with the time to accept it by."""
    window = MainWindow(make_session("as1", presence=Presence.ONLINE), settings)
    qtbot.addWidget(window)
    window.show()
    mine = window.inbox.pages[Inbox.MINE].model
    with qtbot.waitSignal(mine.rowsInserted, timeout=TIMEOUT_MS):
        ticket = org.new_ticket("hl1", title="请尽快回电")
    assert _titles(window, Inbox.MINE) == ["请尽快回电"]
    assert mine.index(0, Column.TITLE).data(Qt.ItemDataRole.FontRole).bold()
    assert window.statusBar().currentMessage() == f"New ticket for you: #{ticket['id']} 请尽快回电"
    window.inbox.show_inbox(Inbox.MINE)
    _open(qtbot, window, ticket["id"])
    labels = [
        window.detail.info.itemAt(row, window.detail.info.ItemRole.LabelRole).widget().text()
        for row in range(window.detail.info.rowCount())
    ]
    assert "Accept by" in labels
    assert Action.ACCEPT in _visible_buttons(window)


def test_a_supervisor_comes_back_to_the_mode_left_and_an_agent_to_the_inbox(
    qtbot: QtBot, org, open_window: OpenWindow
) -> None:
    first = open_window("sup")
    qtbot.waitUntil(lambda: "board" in first.modes.modes(), timeout=TIMEOUT_MS)
    first.modes.show_mode("board")
    first.close()
    again = open_window("sup")
    qtbot.waitUntil(lambda: again.modes.current() == "board", timeout=TIMEOUT_MS)
    again.close()
    agent = open_window("as1")  # the same workstation: an agent has no board
    qtbot.waitUntil(lambda: agent.windowTitle().startswith("AS1"), timeout=TIMEOUT_MS)
    assert agent.modes.current() == "inbox"
