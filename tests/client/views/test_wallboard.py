"""The wallboard against the real server: the right figures per group, live without a
refresh, type sized for a room at 1920×1080, and pages that turn when the groups do not fit."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import raw_cursor
from ticketdesk.client.models.wallboard import WallboardModel, WallColumn, WallRole
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.wallboard import ROWS_PER_PAGE, Wallboard


def _figures(board: Wallboard) -> dict[str, list[str]]:
    """What the room reads: per shown group, its figures left to right."""
    out = {}
    for band, cells in board.rows:
        if not band.isHidden():
            out[cells[0].text()] = [c.text() for c in cells[1:]]
    return out


def test_the_wallboard_shows_each_groups_figures_live(
    qtbot: QtBot, qtmodeltester, org, make_session: MakeSession, settings: QSettings, pg_url
) -> None:
    org.as_("as1").ok("PUT", "/me/presence", {"presence": "online"})
    org.new_ticket("hl1", group="热线")  # nobody online there: it waits
    offered = org.new_ticket("hl1")  # 售后: offered to as1 at once
    assert offered["assignee_id"] == org.users["as1"]
    session = make_session("sup")
    window = MainWindow(session, settings, use_tray=False)
    qtbot.addWidget(window)
    assert window.wallboard_action.isVisible()
    board = window.open_wallboard()
    assert board.isFullScreen()
    # The whole screen, even where no window manager would make it so (Xvfb showed that).
    assert board.geometry() == window.screen().geometry()
    board.showNormal()  # offscreen, full screen is the virtual screen's size: be the TV
    board.resize(1920, 1080)
    qtmodeltester.check(WallboardModel(session.state, board.today, session.clock.now),
                        force_py=True)
    qtbot.waitUntil(lambda: board.today.rows != {}, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: _figures(board)["热线"][0] == "1", timeout=TIMEOUT_MS)
    shown = _figures(board)
    assert list(shown) == ["售后", "热线"]
    #                       queue wait online busy resolved breaches
    assert shown["售后"][0] == "0" and shown["售后"][1] == "–"
    assert shown["售后"][2:] == ["1", "1", "0", "0"]
    assert shown["热线"][0] == "1" and shown["热线"][2:] == ["0", "0", "0", "0"]
    wait = board.model.index(1, WallColumn.LONGEST_WAIT)
    assert shown["热线"][1].startswith("0:")  # minutes:seconds, and it moves by itself
    seconds = wait.data(WallRole.VALUE)
    qtbot.waitUntil(lambda: wait.data(WallRole.VALUE) > seconds, timeout=TIMEOUT_MS)
    assert board.model.index(1, WallColumn.QUEUE).data(WallRole.LEVEL) == "alert"  # nobody on

    # Readable across a room: the figures are about a fourteenth of the screen tall.
    figure = board.rows[0][1][1]
    assert figure.font().pixelSize() >= 70, figure.font().pixelSize()
    assert board.rows[0][1][0].font().pixelSize() >= 40

    # Live, no refresh: a new ticket queues, as1 accepts theirs too late (its first-response
    # target is moved into the past: waiting half an hour is no test) and resolves it, hl1
    # comes online.
    with raw_cursor(pg_url) as cur:
        cur.execute("UPDATE tickets SET first_response_due_at = now() - interval '1 minute'"
                    " WHERE id = %s", (offered["id"],))
    org.new_ticket("hl2", group="热线")
    org.as_("as1").ok("POST", f"/tickets/{offered['id']}/accept", {})
    org.as_("as1").ok("POST", f"/tickets/{offered['id']}/resolve", {})
    qtbot.waitUntil(lambda: _figures(board)["热线"][0] == "2", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: _figures(board)["售后"][4] == "1", timeout=TIMEOUT_MS)
    assert _figures(board)["售后"][2:4] == ["1", "0"]  # online, no longer busy
    assert _figures(board)["售后"][5] == "1"  # the late first response
    assert board.model.index(0, WallColumn.BREACHES).data(WallRole.LEVEL) == "alert"
    org.as_("hl1").ok("PUT", "/me/presence", {"presence": "online"})
    qtbot.waitUntil(lambda: _figures(board)["热线"][2] == "1", timeout=TIMEOUT_MS)
    assert board.live_label.text() == "● Live"
    board.close()
    assert window.wallboard is None


def test_the_pages_turn_when_the_groups_do_not_fit(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    for n in range(ROWS_PER_PAGE):  # 2 + 6 groups: more than one page at 1920×1080
        org.admin.ok("POST", "/groups", {"name": f"组{n}"}, status=201)
    # The last is off today (a holiday): the room sees when it opens.
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    last = next(g for g in org.admin.ok("GET", "/groups") if g["name"] == f"组{ROWS_PER_PAGE - 1}")
    org.admin.ok("PATCH", f"/groups/{last['id']}", {"working_hours": {
        **last["working_hours"], "holidays": [today]}})
    board = Wallboard(make_session("sup"))
    qtbot.addWidget(board)
    board.rotate_ms = 300
    board.resize(1920, 1080)
    board.show()
    assert board.pages == 2
    first = board.shown_groups()
    assert first == ["售后", "热线", "组0", "组1", "组2", "组3"][: len(first)]
    assert len(first) == ROWS_PER_PAGE and board.page_label.text() == "Page 1 / 2"
    qtbot.waitUntil(lambda: board.page == 1, timeout=TIMEOUT_MS)
    assert board.shown_groups() == ["组4", "组5"]
    qtbot.waitUntil(lambda: board.notes[1].text().startswith("closed, opens "),
                    timeout=TIMEOUT_MS)
    assert board.notes[0].isHidden() and not board.notes[1].isHidden()
    assert board.page_label.text() == "Page 2 / 2"
    qtbot.waitUntil(lambda: board.page == 0, timeout=TIMEOUT_MS)  # and round again
    assert board.shown_groups() == first
