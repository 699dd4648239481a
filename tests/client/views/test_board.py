"""The dispatch board: its model against an oracle under random live streams, and the
board mode of a supervisor's main window against the real server."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.board import BoardColumn, BoardGroupsModel, BoardRole
from ticketdesk.client.models.board_agents import AgentColumn
from ticketdesk.client.models.board_queue import QueueColumn
from ticketdesk.client.state.cache import ClientState
from ticketdesk.client.views.board import BoardView
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Presence, Priority, Role, Status
from ticketdesk.common.models import GroupPublic, TicketPublic, UserPublic, WorkingHours

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
GROUPS = [3, 5, 8]


def _group(gid: int) -> GroupPublic:
    return GroupPublic(
        id=gid, name=f"组{gid}", description="", working_hours=WorkingHours.always(),
        accept_timeout_seconds=60, default_capacity=3, active=True,
    )


def _user(uid: int, groups: list[int], presence: Presence) -> UserPublic:
    return UserPublic(
        id=uid, username=f"u{uid}", display_name=f"客服{uid}", role=Role.AGENT, active=True,
        presence=presence, group_ids=groups,
    )


def _ticket(tid: int, version: int, rng: random.Random) -> TicketPublic:
    status = rng.choice(list(Status))
    return TicketPublic(
        id=tid, type_id=1, type_key="k", title=f"t{tid}", body="", fields={},
        group_id=rng.choice([*GROUPS, 99]), priority=rng.choice(list(Priority)), status=status,
        assignee_id=None, order_no=None, created_by_id=None, created_by_name="x",
        created_at=T0 + timedelta(minutes=rng.randrange(600)), updated_at=T0, version=version,
    )


def _oracle(state: ClientState, gid: int) -> list[str]:
    """What a supervisor should read, counted the plain way."""
    mine = [t for t in state.tickets.values() if t.group_id == gid]
    waiting = [t for t in mine if t.status in (Status.QUEUED, Status.HELD)]
    people = [u for u in state.users.values() if gid in u.group_ids and u.active]
    online = [u for u in people if u.presence is Presence.ONLINE]
    return [
        f"组{gid}",
        str(len(waiting)),
        str(sum(t.priority is Priority.URGENT for t in waiting)),
        str(sum(t.status is Status.ASSIGNED for t in mine)),
        str(sum(t.status is Status.IN_PROGRESS for t in mine)),
        str(sum(t.status is Status.PENDING for t in mine)),
        f"{len(online)} / {len(people)}",
    ]


def _shown(model: BoardGroupsModel, row: int) -> list[str]:
    columns = [c for c in BoardColumn if c is not BoardColumn.LONGEST_WAIT]
    return [model.index(row, c).data() for c in columns]


def test_board_model_matches_an_oracle_under_random_streams(qtbot: QtBot, qtmodeltester) -> None:
    for seed in range(5):
        rng = random.Random(seed)
        state = ClientState()
        state.set_groups([_group(g) for g in GROUPS])
        me = UserPublic(
            id=1, username="sup", display_name="主管", role=Role.SUPERVISOR, active=True,
            presence=Presence.ONLINE, overseen_group_ids=[8],
        )
        state.set_me(me)
        state.set_users([me, *(_user(u, rng.sample(GROUPS, 2), Presence.OFFLINE)
                               for u in range(10, 20))])
        model = BoardGroupsModel(state, lambda: T0 + timedelta(hours=12))
        qtmodeltester.check(model, force_py=True)
        assert model.group_id(0) == 8  # the overseen group first
        assert model.index(0, 0).data(BoardRole.OVERSEEN) is True
        versions: dict[int, int] = {}
        for _ in range(300):
            step = rng.random()
            if step < 0.7:
                tid = rng.randrange(1, 60)
                versions[tid] = versions.get(tid, 0) + rng.choice([1, 1, 1, -1])  # some stale
                with state.batch():
                    state.upsert_ticket(_ticket(tid, versions[tid], rng))
            elif step < 0.8 and state.tickets:
                tid = rng.choice(list(state.tickets))
                state.replace_tickets([t for t in state.tickets.values() if t.id != tid])
            else:
                state.set_presence(rng.randrange(10, 20), rng.choice(list(Presence)))
            if rng.random() < 0.2:
                model.recount()
                for row in range(model.rowCount()):
                    assert _shown(model, row) == _oracle(state, model.group_id(row)), seed
        qtbot.waitUntil(
            lambda m=model, s=state: all(
                _shown(m, r) == _oracle(s, m.group_id(r)) for r in range(m.rowCount())
            ),
            timeout=TIMEOUT_MS,
        )  # by itself, without recount(): the coalescing timer catches up
        qtmodeltester.check(model, force_py=True)


def test_a_supervisor_watches_the_board_live(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/supervisors/{org.users['sup']}")
    window = MainWindow(make_session("sup"), settings)
    qtbot.addWidget(window)
    window.show()
    assert window.modes.modes()[:2] == ["inbox", "board"]  # other modes follow
    assert window.modes.toolbar.isVisible()
    board = window.modes.show_mode("board")
    assert isinstance(board, BoardView)
    model = board.model
    row = model.row_of(org.groups["售后"])
    assert row == 0 and model.index(row, BoardColumn.WAITING).data() == "0"
    org.new_ticket("hl1", title="退款进度")
    org.new_ticket("hl1", title="换货")
    qtbot.waitUntil(
        lambda: model.index(model.row_of(org.groups["售后"]), BoardColumn.WAITING).data() == "2",
        timeout=TIMEOUT_MS,
    )
    # The summary is counted once per turn of the event loop, after the burst.
    qtbot.waitUntil(lambda: "2 tickets waiting" in board.summary.text(), timeout=TIMEOUT_MS)
    # The group's queue reads oldest first (both normal priority).
    board.select_group(org.groups["售后"])
    board.queue_model.refresh()
    titles = [board.queue_model.index(r, QueueColumn.TICKET).data() for r in range(2)]
    assert [t.split(" ", 1)[1] for t in titles] == ["退款进度", "换货"]
    board.filter_edit.setText("热")
    assert board.proxy.rowCount() == 1
    board.filter_edit.clear()
    board.only_mine.setChecked(True)
    assert board.proxy.rowCount() == 1
    assert board.proxy.index(0, 0).data() == "售后"


def test_an_agent_has_only_the_inbox(qtbot: QtBot, org, make_session, settings) -> None:
    window = MainWindow(make_session("as1"), settings)
    qtbot.addWidget(window)
    window.show()
    assert window.modes.modes() == ["inbox"]
    assert not window.modes.toolbar.isVisible()


def _board(qtbot: QtBot, make_session: MakeSession, settings: QSettings, org) -> BoardView:
    window = MainWindow(make_session("sup"), settings)
    qtbot.addWidget(window)
    window.show()
    board = window.modes.show_mode("board")
    assert isinstance(board, BoardView)
    board.select_group(org.groups["售后"])
    return board


def test_keyboard_only_dispatch_reaches_the_agents_inbox(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    from ticketdesk.client.models import Inbox

    tid = org.new_ticket("hl1", title="键盘派单")["id"]
    agent = MainWindow(make_session("as1"), settings)  # a second client: the agent's inbox
    qtbot.addWidget(agent)
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    board.tickets.setFocus()
    assert board.select_ticket(tid)
    qtbot.keyClick(board.tickets, Qt.Key.Key_A)
    dialog = board.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.select_member(org.users["as1"])
    with qtbot.waitSignal(dialog.assigned, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.members, Qt.Key.Key_Return)
    mine = agent.inbox.pages[Inbox.MINE].model
    qtbot.waitUntil(lambda: mine.rowCount() == 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: board.model.index(0, BoardColumn.OFFERED).data() == "1", timeout=TIMEOUT_MS
    )
    # The agent's row has it in hand, offered, with the time left to accept.
    agents = board.agents_model
    qtbot.waitUntil(lambda: agents.tickets_of(org.users["as1"]) == [tid], timeout=TIMEOUT_MS)
    row = agents.agent_index(org.users["as1"])
    assert agents.index(row.row(), AgentColumn.LOAD).data().startswith("1 / ")
    child = agents.index(0, AgentColumn.PRESENCE, row)
    assert child.data() == "Offered"
    assert "to accept" in agents.index(0, AgentColumn.TIME, row).data()
    assert board.queue_model.rowCount() == 0
    events = org.as_("sup").ok("GET", f"/tickets/{tid}")["events"]
    manual = [e for e in events if e["kind"] == "assigned"][-1]
    assert manual["actor_name"] == "SUP" and manual["data"].get("reason") == "manual"


def test_a_concurrent_change_is_told_not_overwritten(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    tid = org.new_ticket("hl1", title="同时派单")["id"]
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.select_ticket(tid), timeout=TIMEOUT_MS)
    dialog = board.open_assign()
    assert dialog is not None
    # Someone else is quicker: another supervisor gives it to AS2, who accepts it.
    org.as_("admin").ok("POST", f"/tickets/{tid}/assign", {"agent": org.users["as2"]})
    org.as_("as2").ok("POST", f"/tickets/{tid}/accept", {})
    dialog.select_member(org.users["as1"])
    dialog.assign_button.click()
    qtbot.waitUntil(lambda: "AS2 accepted it" in dialog.message.text(), timeout=TIMEOUT_MS)
    assert "s ago" in dialog.message.text()
    detail = org.as_("sup").ok("GET", f"/tickets/{tid}")
    assert (detail["status"], detail["assignee_id"]) == ("in_progress", org.users["as2"])


def test_an_agent_at_capacity_is_overridden_only_when_asked(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    from PySide6.QtWidgets import QMessageBox

    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['as1']}",
                 {"capacity": 0})
    tid = org.new_ticket("hl1", title="满负荷")["id"]
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.select_ticket(tid), timeout=TIMEOUT_MS)
    dialog = board.open_assign()
    assert dialog is not None
    dialog.select_member(org.users["as1"])
    dialog.assign_button.click()
    qtbot.waitUntil(lambda: dialog.override_question is not None, timeout=TIMEOUT_MS)
    question = dialog.override_question
    assert "AS1 takes no tickets in this group (capacity 0; 0 in hand)" in question.text()
    assert org.as_("sup").ok("GET", f"/tickets/{tid}")["status"] == "queued"  # not yet
    with qtbot.waitSignal(dialog.assigned, timeout=TIMEOUT_MS):
        question.button(QMessageBox.StandardButton.Yes).click()
    assert org.as_("sup").ok("GET", f"/tickets/{tid}")["assignee_id"] == org.users["as1"]


def test_one_column_per_group_scrolls_filters_and_steps_by_keyboard(qtbot: QtBot) -> None:
    """The board's layout on a cache of its own: a column per group (queue and agents
    together), as many as fit, the rest a scroll away; filtering narrows the columns;
    Ctrl+→ goes to the next group's queue, scrolling to it."""
    from ticketdesk.client.models.countdown import CountdownTicker
    from ticketdesk.client.state import ClientSession

    session = ClientSession()
    state = session.state
    groups = [_group(g) for g in range(1, 13)]
    me = UserPublic(id=1, username="sup", display_name="主管", role=Role.SUPERVISOR,
                    active=True, presence=Presence.ONLINE, overseen_group_ids=[7])
    agents = [_user(100 + g, [g], Presence.ONLINE) for g in range(1, 13)]
    rng = random.Random(3)
    state.set_me(me)
    state.set_users([me, *agents])
    state.set_groups(groups)
    with state.batch():
        for n in range(1, 61):
            state.upsert_ticket(_ticket(n, 1, rng).model_copy(
                update={"group_id": 1 + n % 12, "status": Status.QUEUED}))
    board = BoardView(session, CountdownTicker())
    qtbot.addWidget(board)
    board.resize(1500, 900)
    board.show()
    qtbot.waitExposed(board)
    columns = board.columns
    qtbot.waitUntil(lambda: len(columns.columns) == columns.fits() >= 3, timeout=TIMEOUT_MS)
    order = [7, 1, 10, 11, 12, 2, 3, 4, 5, 6, 8, 9]  # overseen first, then by name (组1, 组10…)
    assert columns.group_ids == order

    def shown() -> list[int | None]:
        return [c.group_id for c in columns.columns if c.isVisible()]

    def queue_ok(column) -> bool:
        want = sorted(t.id for t in state.tickets.values() if t.group_id == column.group_id)
        return sorted(column.queue_model.ticket_ids()) == want

    n = len(columns.columns)
    assert shown() == order[:n]
    assert all(queue_ok(c) for c in columns.columns)
    assert columns.columns[0].header.name.text() == "★ 组7"
    assert columns.columns[1].agents_model.agent_ids() == [101]
    assert columns.scroll.isVisible() and columns.scroll.maximum() == 12 - n
    columns.scroll.setValue(12 - n)  # to the end: the last groups, each its own queue
    assert shown() == order[-n:] and all(queue_ok(c) for c in columns.columns)
    # Filtering: only the groups whose name matches, no scroll bar when they fit.
    board.filter_edit.setText("组1")
    qtbot.waitUntil(lambda: shown() == [1, 10, 11, 12][:n], timeout=TIMEOUT_MS)
    board.filter_edit.clear()
    qtbot.waitUntil(lambda: columns.group_ids == order, timeout=TIMEOUT_MS)
    # The keyboard: from the last group in view, Ctrl+→ scrolls to the next one's queue.
    columns.scroll.setValue(0)
    last = columns.columns[n - 1]
    last.tickets.setFocus()
    qtbot.waitUntil(lambda: board.current is last, timeout=TIMEOUT_MS)
    qtbot.keyClick(last.tickets, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert columns.scroll.value() == 1
    assert board.current is not None and board.current.group_id == order[n]
    assert board.tickets.hasFocus() and board.queue_model.group_id == order[n]
    # A drag held over the scroll bar's right half turns the columns on, one group a beat;
    # moved off it, they stop.
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent
    from PySide6.QtWidgets import QApplication

    from ticketdesk.client.models.ticket_mime import tickets_mime

    mime = tickets_mime([state.tickets[1]])
    bar = columns.scroll.geometry()
    at = QPoint(bar.right() - 20, bar.center().y())
    move, left = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(columns, QDragEnterEvent(at, move, mime, left, none))
    QApplication.sendEvent(columns, QDragMoveEvent(at, move, mime, left, none))
    assert columns.scroll.value() == 2
    qtbot.waitUntil(lambda: columns.scroll.value() == 3, timeout=TIMEOUT_MS)
    QApplication.sendEvent(columns, QDragMoveEvent(QPoint(at.x(), 5), move, mime, left, none))
    QApplication.sendEvent(columns, QDragLeaveEvent())
    assert not columns._drag_timer.isActive()  # no further beat will turn them
