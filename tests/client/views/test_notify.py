"""Desktop notifications against the real server: what is news for me (a new assignment, a
transfer into my group, a comment on my ticket, an SLA warning on it), do-not-disturb,
bursts, clicking through to the ticket, and the per-kind settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.state.news import NewsKind, NotifyPrefs
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.notify_settings import NotifyPage
from ticketdesk.common.enums import Action, Presence


class Told:
    """The messages a window gave, as (title, body)."""

    def __init__(self, window: MainWindow) -> None:
        self.messages: list[tuple[str, str]] = []
        self.sounds = 0
        window.notifier.shown.connect(lambda t, b: self.messages.append((t, b)))
        window.notifier.sounded.connect(self._sounded)

    def _sounded(self) -> None:
        self.sounds += 1


@pytest.fixture
def window_for(qtbot: QtBot, make_session: MakeSession, settings: QSettings):
    def open_(username: str, presence: Presence | None = Presence.ONLINE) -> MainWindow:
        window = MainWindow(make_session(username, presence=presence), settings, use_tray=False)
        qtbot.addWidget(window)
        window.show()
        return window

    return open_


def _to_after_sales(org) -> dict[str, object]:
    return {"group": org.groups["售后"], "note": "转"}


def _go_away(qtbot: QtBot, org, window: MainWindow, username: str) -> None:
    window.set_presence(Presence.AWAY)
    qtbot.waitUntil(lambda: org.as_(username).ok("GET", "/me")["presence"] == "away",
                    timeout=TIMEOUT_MS)


def test_assignment_comment_and_transfer_in_each_notify(qtbot: QtBot, org, window_for) -> None:
    window = window_for("as1")  # the only one online in 售后: its tickets are offered to as1
    told = Told(window)

    ticket = org.new_ticket("hl1", title="新分配的")
    qtbot.waitUntil(lambda: len(told.messages) == 1, timeout=TIMEOUT_MS)
    assert told.messages[0][0] == "New ticket for you"
    assert told.messages[0][1].startswith(f"#{ticket['id']} 新分配的\n")
    assert told.sounds == 1

    # My own step is not news; a colleague's comment on my ticket is.
    window._session.act(ticket["id"], Action.ACCEPT)
    qtbot.waitUntil(lambda: window._state.tickets[ticket["id"]].status == "in_progress",
                    timeout=TIMEOUT_MS)
    window._session.comment(ticket["id"], "我自己写的")
    org.as_("hl1").ok("POST", f"/tickets/{ticket['id']}/comments",
                      {"body": "客户又来电话了，\n请尽快处理"}, status=201)
    qtbot.waitUntil(lambda: len(told.messages) == 2, timeout=TIMEOUT_MS)
    assert told.messages[1] == (
        "Comment from HL1", f"#{ticket['id']} 新分配的\n客户又来电话了， 请尽快处理")
    assert told.sounds == 1  # comments are silent unless the agent wants a sound

    # Away, so the engine offers nothing: a ticket transferred into my group from outside.
    _go_away(qtbot, org, window, "as1")
    other = org.new_ticket("hl1", title="转过来的", group="热线")
    org.as_("hl1").ok("POST", f"/tickets/{other['id']}/transfer",
                      {"group": org.groups["售后"], "note": "这是售后的问题"})
    qtbot.waitUntil(lambda: len(told.messages) == 3, timeout=TIMEOUT_MS)
    assert told.messages[2] == (
        "Transferred to 售后", f"#{other['id']} 转过来的\nFrom 热线, by HL1\n这是售后的问题")
    assert window.notifier.last_ticket_id == other["id"]


def test_sla_warning_on_my_ticket(qtbot: QtBot, org, window_for) -> None:
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {
        "sla_first_response_minutes": 1,
        "sla_policy": {"clock": "calendar", "warn_percent": 1}})
    window = window_for("as1")
    told = Told(window)
    ticket = org.new_ticket("hl1", title="快超时了")
    # The offer and, 0.6 s later, the warning: one message each or one for both, but the
    # warning is told (the offer may already be the SLA's message when they come together).
    qtbot.waitUntil(lambda: any(t.startswith("SLA warning") for t, _ in told.messages),
                    timeout=TIMEOUT_MS)
    title, body = next((t, b) for t, b in told.messages if t.startswith("SLA warning"))
    assert title == "SLA warning: first response due soon"
    assert body == f"#{ticket['id']} 快超时了\n售后"


@pytest.mark.qt_log_ignore("This plugin does not support raise", "propagateSizeHints")
def test_do_not_disturb_holds_counts_and_clicking_opens_the_ticket(
    qtbot: QtBot, org, window_for
) -> None:
    window = window_for("as1", presence=Presence.AWAY)
    told = Told(window)
    button = window.notify_controls.dnd_button
    assert button is not None and button.text() == "Do not disturb"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.news_feed.do_not_disturb and window.notify_controls.dnd_action.isChecked()
    assert button.text() == "Do not disturb: on"

    first = org.new_ticket("hl1", title="第一张", group="热线")
    second = org.new_ticket("hl1", title="第二张", group="热线")
    for t in (first, second):
        org.as_("hl1").ok("POST", f"/tickets/{t['id']}/transfer", _to_after_sales(org))
    qtbot.waitUntil(lambda: window.news_feed.held_count == 2, timeout=TIMEOUT_MS)
    assert button.text() == "Do not disturb: 2 held"
    window.news_feed.flush()  # (what a burst would have told by now: nothing, held)
    assert told.messages == []

    # Off (from the menu's action this time): one message counting what came.
    window.notify_controls.dnd_action.trigger()
    assert button.text() == "Do not disturb" and not button.isChecked()
    assert told.messages == [(
        "While you were not to be disturbed: 2 notifications",
        f"Transferred in: #{first['id']} 第一张\nTransferred in: #{second['id']} 第二张",
    )]
    assert told.sounds == 0  # the agent asked for quiet; the summary comes without a chime

    # Clicking the message (the tray's messageClicked) opens the ticket it names first.
    window.notifier.message_clicked()
    qtbot.waitUntil(lambda: window.detail.ticket_id == first["id"], timeout=TIMEOUT_MS)


def test_a_reconnect_backlog_makes_one_message(
    qtbot: QtBot, org, window_for, server
) -> None:
    window = window_for("as1", presence=Presence.AWAY)
    told = Told(window)
    session = window._session
    ticket = org.new_ticket("hl1", title="先来一张", group="热线")
    org.as_("hl1").ok("POST", f"/tickets/{ticket['id']}/transfer", _to_after_sales(org))
    qtbot.waitUntil(lambda: len(told.messages) == 1, timeout=TIMEOUT_MS)

    # Offline for a while; meanwhile six tickets are transferred to my group.
    cursor = session.live.cursor
    session.live.stop()
    moved = []
    for n in range(6):
        t = org.new_ticket("hl1", title=f"积压{n}", group="热线")
        org.as_("hl1").ok("POST", f"/tickets/{t['id']}/transfer", _to_after_sales(org))
        moved.append(t["id"])
    session.live.start(server.base_url, session.api.token, cursor)
    qtbot.waitUntil(lambda: all(i in window._state.tickets for i in moved), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: len(told.messages) == 2, timeout=TIMEOUT_MS)
    window.news_feed.flush()  # nothing more was waiting to be told
    assert len(told.messages) == 2
    title, body = told.messages[1]
    assert title == "6 notifications"
    assert body.splitlines()[-1] == "and 3 more"


def test_settings_choose_kinds_and_sounds(qtbot: QtBot, settings: QSettings) -> None:
    prefs = NotifyPrefs(settings)
    assert prefs.shows(NewsKind.COMMENT) and not prefs.sounds(NewsKind.COMMENT)
    page = NotifyPage(prefs, supervisor=lambda: False, sound_available=False)
    qtbot.addWidget(page)
    page.show()
    assert NewsKind.ESCALATION not in page.offered()  # an agent supervises no group
    assert page.show_boxes[NewsKind.ESCALATION].isHidden()
    assert not page.sound_note.isHidden()
    page.show_boxes[NewsKind.COMMENT].setChecked(False)
    assert not page.sound_boxes[NewsKind.COMMENT].isEnabled()
    page.sound_boxes[NewsKind.TRANSFER].setChecked(False)
    settings.sync()  # kept as chosen, nothing to confirm
    again = NotifyPrefs(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert not again.shows(NewsKind.COMMENT)
    assert again.shows(NewsKind.TRANSFER) and not again.sounds(NewsKind.TRANSFER)
    assert again.sounds(NewsKind.OFFER)


def test_notification_settings_are_a_page_of_the_settings(
    qtbot: QtBot, org, window_for, settings: QSettings
) -> None:
    """The menu's "Notification settings…" opens the one settings dialog at its page; a
    supervisor is offered the escalations too; a box unticked there holds at once."""
    window = window_for("sup")
    window.notify_controls.settings_action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    page = dialog.stack.currentWidget()
    assert isinstance(page, NotifyPage)
    assert dialog.list.currentItem().text() == "Notifications"
    assert not page.show_boxes[NewsKind.ESCALATION].isHidden()
    page.show_boxes[NewsKind.TRANSFER].setChecked(False)
    assert not window.news_feed.prefs.shows(NewsKind.TRANSFER)
    dialog.close()


def test_a_kind_switched_off_does_not_notify(
    qtbot: QtBot, org, window_for, settings: QSettings
) -> None:
    NotifyPrefs(settings).set_shows(NewsKind.COMMENT, False)
    window = window_for("as1")
    told = Told(window)
    ticket = org.new_ticket("hl1", title="不要评论提醒")
    qtbot.waitUntil(lambda: len(told.messages) == 1, timeout=TIMEOUT_MS)  # the offer
    before = window._state.tickets[ticket["id"]].version
    org.as_("hl1").ok("POST", f"/tickets/{ticket['id']}/comments", {"body": "嗨"}, status=201)
    qtbot.waitUntil(lambda: window._state.tickets[ticket["id"]].version > before,
                    timeout=TIMEOUT_MS)
    window.news_feed.flush()
    assert len(told.messages) == 1


def test_the_policy_notifying_a_group_tells_that_groups_supervisor(
    qtbot: QtBot, org, window_for
) -> None:
    # sup oversees 热线 only; the 售后 ticket's policy notifies 热线 at the warning.
    org.admin.ok("PUT", f"/groups/{org.groups['热线']}/supervisors/{org.users['sup']}", {})
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {
        "sla_first_response_minutes": 1,
        "sla_policy": {"clock": "calendar", "warn_percent": 1,
                       "on_warning": {"notify_group": "热线"}}})
    window = window_for("sup", presence=None)
    told = Told(window)
    ticket = org.new_ticket("hl1", title="要升级了")
    qtbot.waitUntil(lambda: any(f"#{ticket['id']}" in b for _, b in told.messages),
                    timeout=TIMEOUT_MS)
    events = org.admin.ok("GET", f"/tickets/{ticket['id']}")["events"]
    assert any(e["kind"] == "sla_notified" for e in events)
