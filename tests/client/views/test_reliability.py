"""When the server goes away and comes back: the window says so, resumes without flicker,
and refuses what cannot be done now with words, never dropping what the agent wrote.

A second server process on the test database is the one the client talks to; stopping it
is the network going away, the first one meanwhile changes things as other people would.
(The client is told of no other server, so it waits for this one instead of failing over:
tests/client/net/test_failover.py covers that.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.conftest import VALID_REFUND_FIELDS
from tests.support import ServerProcess
from ticketdesk.client.models import Inbox, TicketRole
from ticketdesk.client.net.api import ApiError
from ticketdesk.client.net.live import LiveState
from ticketdesk.client.views import new_ticket
from ticketdesk.client.views.common import error_text
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Action, Status

RESTART_MS = 30_000


@pytest.fixture
def second(pg_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(pg_url).start()
    yield process
    process.stop()


@pytest.fixture
def window_on(qtbot: QtBot, make_session: MakeSession, settings: QSettings, second):
    def open_(username: str) -> MainWindow:
        session = make_session(username, address=second.address)
        session.failover.set_servers([])  # only the one server: no failover here
        window = MainWindow(session, settings, use_tray=False)
        qtbot.addWidget(window)
        window.show()
        return window

    return open_


def _wait_down(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: window._session.live.state is LiveState.RECONNECTING, timeout=TIMEOUT_MS
    )


def test_resumed_backlog_lands_without_flicker(
    qtbot: QtBot, org, window_on, second: ServerProcess
) -> None:
    ids = [org.new_ticket("hl1", title=f"排队工单 {n:02d}")["id"] for n in range(16)]
    window = window_on("sup")
    window.resize(1100, 480)
    window.inbox.show_inbox(Inbox.ALL)
    page = window.inbox.pages[Inbox.ALL]
    qtbot.waitUntil(lambda: page.model.rowCount() == 16, timeout=TIMEOUT_MS)
    selected = ids[8]
    assert window.inbox.select_ticket(selected)
    qtbot.waitUntil(
        lambda: window.detail.ticket_id == selected and len(window.detail.timeline.entries) == 2,
        timeout=TIMEOUT_MS,
    )
    bar = page.table.verticalScrollBar()
    assert bar.maximum() > 0, "the list must be long enough to scroll"
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()

    model, tab = window.inbox.model, page.model
    resets: list[str] = []
    for name, signal in (
        ("model", model.modelReset),
        ("tab", tab.modelReset),
        ("timeline", window.detail.timeline_model.modelReset),
    ):
        signal.connect(lambda name=name: resets.append(name))
    repainted: Counter[int] = Counter()
    model.dataChanged.connect(
        lambda tl, br, _roles=(): repainted.update(
            model.index(r, 0).data(TicketRole.TICKET_ID) for r in range(tl.row(), br.row() + 1)
        )
    )
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    loads: list[None] = []
    window._session.loaded.connect(lambda: loads.append(None))

    second.stop()
    _wait_down(qtbot, window)
    qtbot.waitUntil(window.connection_banner.isVisible, timeout=TIMEOUT_MS)
    assert "Reconnecting" in window.connection_banner.label.text()
    assert window.connection_label.text().startswith("● Connection lost, reconnecting")

    # Meanwhile, through the other server: several steps for a few tickets, one new ticket.
    busy = [selected, ids[2], ids[12]]
    for tid in busy:
        for n in range(3):
            org.as_("as1").ok("POST", f"/tickets/{tid}/comments", {"body": f"第{n}次"}, status=201)
    org.as_("as2").ok("POST", f"/tickets/{ids[5]}/accept")
    fresh = org.new_ticket("hl1", title="断线期间新建")["id"]

    second.start()
    qtbot.waitUntil(
        lambda: fresh in window._state.tickets and len(window.detail.timeline.entries) == 5,
        timeout=RESTART_MS,
    )
    qtbot.waitUntil(lambda: window.connection_banner.isHidden(), timeout=TIMEOUT_MS)
    live = window._session.live
    assert (live.state, live.connections) == (LiveState.ONLINE, 2)  # resumed, no reload
    assert loads == []
    assert resets == []
    # One repaint per changed row, however many steps it took; the others untouched.
    assert dict(repainted) == {selected: 1, ids[2]: 1, ids[12]: 1, ids[5]: 1}
    assert len(inserted) == 1
    assert window._state.tickets[ids[5]].status is Status.IN_PROGRESS
    # The agent's place is kept.
    assert window.detail.ticket_id == selected
    current = page.table.selectionModel().currentIndex()
    assert page.model.ticket_id(current.row()) == selected
    assert bar.value() == scrolled


def test_actions_while_the_server_is_away_are_refused_visibly(
    qtbot: QtBot, org, window_on, second: ServerProcess
) -> None:
    first = org.new_ticket("hl1", title="第一张")["id"]
    other = org.new_ticket("hl1", title="第二张")["id"]
    window = window_on("as1")
    window.inbox.show_inbox(Inbox.QUEUES)
    detail = window.detail
    assert window.inbox.select_ticket(first)
    qtbot.waitUntil(lambda: len(detail.timeline.entries) == 2, timeout=TIMEOUT_MS)

    second.stop()
    _wait_down(qtbot, window)
    detail.comment_edit.insertPlainText("客户下午三点再打来")
    qtbot.mouseClick(detail.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.message.isVisible(), timeout=TIMEOUT_MS)
    assert detail.message.text() == (
        "The comment was not sent; it is still in the box. "
        "The server cannot be reached. Check the network and try again."
    )
    assert detail.comment_edit.toPlainText() == "客户下午三点再打来"
    assert not detail.comment_edit.isReadOnly()
    assert detail.comment_button.isEnabled()

    qtbot.mouseClick(detail.buttons[Action.ACCEPT], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.message.text().startswith("Not done:"), timeout=TIMEOUT_MS)
    assert detail.buttons[Action.ACCEPT].isEnabled()

    # Looking at another ticket meanwhile keeps the draft for when the agent comes back.
    assert window.inbox.select_ticket(other)
    qtbot.waitUntil(lambda: detail.ticket_id == other, timeout=TIMEOUT_MS)
    assert detail.comment_edit.toPlainText() == ""
    assert window.inbox.select_ticket(first)
    qtbot.waitUntil(lambda: detail.ticket_id == first, timeout=TIMEOUT_MS)
    assert detail.comment_edit.toPlainText() == "客户下午三点再打来"

    assert detail.timeline.entries == []  # the record could not be loaded meanwhile

    second.start()
    # Back online, the record of the open ticket is loaded by itself.
    qtbot.waitUntil(lambda: len(detail.timeline.entries) == 2, timeout=RESTART_MS)
    qtbot.mouseClick(detail.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: len(detail.timeline.entries) == 3
        and detail.timeline.entries[-1].detail.text() == "客户下午三点再打来",
        timeout=TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: detail.comment_edit.toPlainText() == "", timeout=TIMEOUT_MS)


def _ticket_count(org) -> int:
    return len(org.admin.ok("GET", "/tickets")["data"])


def test_new_ticket_retries_with_one_idempotency_key(
    qtbot: QtBot, org, window_on, second: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_ticket.NewTicketDialog, "retry_delays_ms", (50, 50))
    window = window_on("hl1")
    dialog = window.open_new_ticket()
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    dialog.title_edit.setText("断网时提交")
    dialog.editor("order_no").set_value("TD1001")
    dialog.editor("amount").set_value("99.5")
    dialog.editor("reason").set_value("质量问题")

    second.stop()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=TIMEOUT_MS)
    assert dialog.message.text() == (
        "The ticket was not created: the server cannot be reached. Everything you entered "
        "is kept; press “Create ticket” to try again."
    )
    assert dialog.title_edit.text() == "断网时提交"
    key = dialog.submission_key
    assert key
    sent = dict(dialog._submitted or {})  # what the first try sent, as the retry must
    assert _ticket_count(org) == 0

    second.start()
    with qtbot.waitSignal(dialog.created, timeout=TIMEOUT_MS) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert _ticket_count(org) == 1
    # The retry went with the key of the first try: the server answers it with that ticket
    # (the same body: with another one the key would be refused as reused).
    replay = httpx.post(
        f"{second.base_url}/api/v1/tickets",
        json=sent,
        headers={"Authorization": f"Bearer {org.as_('hl1').token}", "Idempotency-Key": key},
        timeout=10,
    )
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == created.args[0]
    assert _ticket_count(org) == 1


def test_create_ticket_sends_the_idempotency_key(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    session = make_session("hl1", start=False)
    body = {"type": "refund", "title": "只建一张", "fields": dict(VALID_REFUND_FIELDS)}
    first = session.create_ticket(body, idempotency_key="key-1")
    with qtbot.waitSignal(first.succeeded, timeout=TIMEOUT_MS):
        pass
    again = session.create_ticket(body, idempotency_key="key-1")
    with qtbot.waitSignal(again.succeeded, timeout=TIMEOUT_MS):
        pass
    assert again.result.id == first.result.id
    assert (first.replayed, again.replayed) == (False, True)
    assert _ticket_count(org) == 1


def test_words_for_a_busy_server() -> None:
    restarting = ApiError(503, "database_unavailable", "try again", retry_after=2)
    assert error_text(restarting) == (
        "The server is restarting its database. Nothing was changed; try again in 2 s."
    )
    assert error_text(ApiError(503, "http_503", "HTTP 503")) == (
        "The server is busy or restarting. Nothing was changed; try again shortly."
    )
    assert restarting.is_transient
    assert not ApiError(409, "illegal_transition", "").is_transient
