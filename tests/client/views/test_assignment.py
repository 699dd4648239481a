"""The agent's side of the assignment engine, against the real server: offers counting down in
the inbox and the detail, a lapsed offer leaving live, the desktop notification, presence."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import ServerProcess
from ticketdesk.client.models import Column, Inbox, TicketRole
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Action, Presence, Status


@pytest.fixture
def window_for(qtbot: QtBot, make_session: MakeSession, settings: QSettings):
    def open_(username: str, presence: Presence | None = Presence.ONLINE) -> MainWindow:
        window = MainWindow(make_session(username, presence=presence), settings, use_tray=False)
        qtbot.addWidget(window)
        window.show()
        return window

    return open_


def _status_cells(window: MainWindow) -> list[str]:
    rows = window.inbox.pages[Inbox.MINE].model
    return [rows.index(r, Column.STATUS).data() for r in range(rows.rowCount())]


def test_offer_counts_down_and_lapses_to_the_next_agent(
    qtbot: QtBot, qtmodeltester, org, window_for
) -> None:
    org.admin.ok("PATCH", f"/groups/{org.groups['售后']}", {"accept_timeout_seconds": 3})
    org.as_("as2").ok("PUT", "/me/presence", {"presence": "online"})
    window = window_for("as1")
    model = window.inbox.model
    qtmodeltester.check(model, force_py=True)  # and every signal from here on
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    changes: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, _roles=(): changes.append((tl.row(), tl.column(), br.row(), br.column()))
    )
    shown: list[tuple[str, str]] = []
    window.notifier.shown.connect(lambda title, body: shown.append((title, body)))
    mine = window.inbox.pages[Inbox.MINE].model

    # Both online and equally idle; as1 has waited as long and comes first.
    with qtbot.waitSignal(mine.rowsInserted, timeout=TIMEOUT_MS):
        ticket = org.new_ticket("hl1", title="请三秒内受理")
    tid = ticket["id"]
    row = model.row_of(tid)
    status = model.index(row, Column.STATUS)
    assert re.fullmatch(r"Assigned · 0:0[0-3]", status.data()), status.data()
    assert 0 <= status.data(TicketRole.ACCEPT_SECONDS) <= 3
    assert status.data(TicketRole.URGENT)  # three seconds is the last few seconds
    assert status.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(row, Column.TITLE).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "Accept by" in status.data(Qt.ItemDataRole.ToolTipRole)

    # It ticks: the status cell alone is repainted, second by second.
    with qtbot.waitSignal(
        model.dataChanged,
        timeout=TIMEOUT_MS,
        check_params_cb=lambda tl, br, *_: (tl, br) == (status, status),
    ):
        pass

    # The detail shows the same countdown, urgent.
    window.inbox.show_inbox(Inbox.MINE)
    assert window.inbox.select_ticket(tid)
    qtbot.waitUntil(lambda: window.detail.ticket_id == tid, timeout=TIMEOUT_MS)
    label = window.detail.countdown_label
    assert label.isVisible()
    assert re.fullmatch(r"Accept within 0:0[0-3]", label.text()), label.text()
    assert label.property("urgent") is True

    # The desktop hears of it once.
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT_MS)
    assert shown[0][0] == "New ticket for you"
    assert shown[0][1].startswith(f"#{tid} 请三秒内受理\n")

    # Not accepted in time: the engine offers it to as2 and it leaves my tickets, live.
    with qtbot.waitSignal(mine.rowsRemoved, timeout=TIMEOUT_MS):
        pass
    cached = window._state.tickets[tid]
    assert (cached.status, cached.assignee_id) == (Status.ASSIGNED, org.users["as2"])
    assert model.countdowns == 0
    assert model.index(model.row_of(tid), Column.STATUS).data() == "Assigned"
    # The open ticket says who has it now, and the record says why.
    qtbot.waitUntil(
        lambda: window.detail.timeline.entries
        and window.detail.timeline.entries[-1].headline.text()
        == "AS1 did not accept in time; reassigned to AS2 (least loaded)",
        timeout=TIMEOUT_MS,
    )
    assert re.fullmatch(r"AS2 has 0:0[0-3] to accept", label.text()), label.text()
    assert label.property("urgent") is False
    assert resets == []
    countdown_ticks = [c for c in changes if c[0] == c[2] and c[1] == c[3]]
    assert countdown_ticks and all(c[1] == Column.STATUS for c in countdown_ticks)
    assert len(shown) == 1


def test_accepting_an_offer(qtbot: QtBot, org, window_for) -> None:
    window = window_for("as1")
    mine = window.inbox.pages[Inbox.MINE].model
    with qtbot.waitSignal(mine.rowsInserted, timeout=TIMEOUT_MS):
        tid = org.new_ticket("hl1", title="马上受理")["id"]
    window.inbox.show_inbox(Inbox.MINE)
    assert window.inbox.select_ticket(tid)
    qtbot.waitUntil(lambda: window.detail.countdown_label.isVisible(), timeout=TIMEOUT_MS)
    assert re.fullmatch(r"Accept within [12]:\d\d", window.detail.countdown_label.text())
    assert window.detail.countdown_label.property("urgent") is False  # two minutes to go
    qtbot.mouseClick(window.detail.buttons[Action.ACCEPT], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.detail.ticket.status is Status.IN_PROGRESS, timeout=TIMEOUT_MS
    )
    assert not window.detail.countdown_label.isVisible()
    assert window.inbox.model.countdowns == 0
    assert _status_cells(window) == ["In progress"]
    # The record explains the engine's choice, with whom it considered.
    qtbot.waitUntil(lambda: len(window.detail.timeline.entries) >= 4, timeout=TIMEOUT_MS)
    entries = window.detail.timeline.entries
    assigned = next(e for e in entries if e.headline.text().startswith("Assigned to AS1"))
    assert assigned.headline.text() == "Assigned to AS1 automatically: least loaded"
    assert assigned.explanation.text() == "Candidates (load/capacity): AS1 0/5"
    assert assigned.explanation.isVisibleTo(window)


# ---------------------------------------------------------------- presence


def test_presence_switcher_follows_the_server(qtbot: QtBot, org, window_for) -> None:
    window = window_for("as1")
    combo = window.presence_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Online", "Away", "Offline"]
    qtbot.waitUntil(lambda: combo.currentData() == "online", timeout=TIMEOUT_MS)
    assert combo.property("presence") == "online"

    # Chosen here: the server has it, and nothing needs saying.
    combo.setCurrentIndex(combo.findData("away"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(
        lambda: org.as_("as1").ok("GET", "/me")["presence"] == "away", timeout=TIMEOUT_MS
    )
    qtbot.waitUntil(lambda: combo.property("presence") == "away", timeout=TIMEOUT_MS)
    assert window.presence_banner.isHidden()

    # Set in another window of mine: the switcher follows, and says so.
    with qtbot.waitSignal(
        window._state.my_presence_event,
        timeout=TIMEOUT_MS,
        check_params_cb=lambda event: event.data.get("to") == "offline",
    ):
        org.as_("as1").ok("PUT", "/me/presence", {"presence": "offline"})
    assert combo.currentData() == "offline"
    assert combo.currentText() == "Offline"
    assert window.presence_banner.isVisible()
    assert window.presence_banner.label.text() == "Your status was set to “Offline” elsewhere."

    # The banner's button brings me back online.
    qtbot.mouseClick(window.presence_banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: combo.currentData() == "online", timeout=TIMEOUT_MS)
    assert window.presence_banner.isHidden()


@pytest.fixture
def sweeper(pg_url: str) -> Iterator[ServerProcess]:
    """A second server on the same database whose dispatcher takes anyone offline who has
    not been heard of for a second (the live heartbeat comes every ten)."""
    process = ServerProcess(
        pg_url,
        env={
            "TICKETDESK_PRESENCE_GRACE_SECONDS": "1",
            "TICKETDESK_DISPATCH_TICK_SECONDS": "0.2",
        },
    )
    yield process
    process.stop()


def test_swept_offline_is_shown_with_the_reason(
    qtbot: QtBot, org, window_for, sweeper: ServerProcess
) -> None:
    window = window_for("as1")
    combo = window.presence_combo
    qtbot.waitUntil(lambda: combo.currentData() == "online", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(
        window._state.my_presence_event,
        timeout=30_000,
        check_params_cb=lambda event: event.data.get("reason") == "connection_lost",
    ):
        sweeper.start()
    sweeper.stop()
    assert combo.currentData() == "offline"
    assert window.presence_banner.label.text().startswith(
        "TicketDesk set you offline: the connection to the server was lost for too long."
    )
    assert window.presence_banner.button.text() == "Go online"
    qtbot.mouseClick(window.presence_banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: combo.currentData() == "online", timeout=TIMEOUT_MS)


def test_a_failed_presence_change_goes_back(
    qtbot: QtBot, org, window_for, server: ServerProcess
) -> None:
    window = window_for("as1")
    combo = window.presence_combo
    qtbot.waitUntil(lambda: combo.currentData() == "online", timeout=TIMEOUT_MS)
    window._session.api.set_server("127.0.0.1:9")  # nothing listens there
    window._session.api.token = "still-set"
    combo.setCurrentIndex(combo.findData("away"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Your status was not changed"),
        timeout=TIMEOUT_MS,
    )
    assert combo.currentData() == "online"  # what the server still says
    window._session.api.set_server(server.address)


def test_notifications_are_plain_text_in_the_tray() -> None:
    from ticketdesk.client.plaintext import notification_body, plain_tooltip

    raw = "<b>x</b> & <script>"
    assert notification_body(raw, "linux") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"
    assert notification_body(raw, "win32") == raw
    assert plain_tooltip(raw) == (
        "<p style='white-space:pre-wrap'>&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;</p>"
    )
    assert plain_tooltip("") is None
