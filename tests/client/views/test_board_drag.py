"""Drag and drop on the dispatch board, against the real server: the drag is the view's
own (its QDrag and QMimeData, made from the selection as a mouse drag makes it); the drop
goes through the target view's own drag-enter/move/drop handling. (QDrag.exec cannot be
driven by synthetic mouse moves, a known limit of QTest: pytest-qt issue #260.)"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.board_agents import AgentColumn
from ticketdesk.client.views.board import BoardView
from ticketdesk.client.views.main_window import MainWindow

_MOVE = Qt.DropAction.MoveAction
_LEFT = Qt.MouseButton.LeftButton
_NONE = Qt.KeyboardModifier.NoModifier


def _board(qtbot: QtBot, make_session: MakeSession, settings: QSettings, org) -> BoardView:
    window = MainWindow(make_session("sup"), settings)
    qtbot.addWidget(window)
    window.resize(1300, 800)  # three columns: 售后 and 热线 side by side
    window.show()
    board = window.modes.show_mode("board")
    assert isinstance(board, BoardView)
    board.select_group(org.groups["售后"])
    return board


def _drag(qtbot: QtBot, view: QAbstractItemView, rows: list[int], parent=None) -> QMimeData:
    """Select ``rows`` as a user does (a click, then Ctrl+clicks) and start the view's drag."""
    model = view.model()
    for n, row in enumerate(rows):
        index = model.index(row, 0, parent) if parent is not None else model.index(row, 0)
        rect = view.visualRect(index)
        qtbot.mouseClick(view.viewport(), _LEFT,
                         Qt.KeyboardModifier.ControlModifier if n else _NONE, rect.center())
    drag = view.make_drag()  # type: ignore[attr-defined]
    assert drag is not None and not drag.pixmap().isNull()
    return drag.mimeData()


def _drop(view: QAbstractItemView, pos: QPoint, mime: QMimeData) -> bool:
    return _drop_on(view.viewport(), pos, mime)


def _drop_on(viewport: QWidget, pos: QPoint, mime: QMimeData) -> bool:
    enter = QDragEnterEvent(pos, _MOVE, mime, _LEFT, _NONE)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos, _MOVE, mime, _LEFT, _NONE)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), _MOVE, mime, _LEFT, _NONE)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def _agent_pos(board: BoardView, user_id: int) -> QPoint:
    index = board.agents_model.agent_index(user_id)
    return board.agents.visualRect(index).center()


def test_drag_to_an_agent_assigns_and_the_agents_inbox_sees_it(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    from ticketdesk.client.models import Inbox

    tid = org.new_ticket("hl1", title="拖给客服")["id"]
    agent = MainWindow(make_session("as1"), settings)  # a second client: the agent's inbox
    qtbot.addWidget(agent)
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: board.agents_model.rowCount() == 2, timeout=TIMEOUT_MS)
    mime = _drag(qtbot, board.tickets, [0])
    assert _drop(board.agents, _agent_pos(board, org.users["as1"]), mime)
    # The live echo of the move may fill the lists before the move's own answer says so.
    qtbot.waitUntil(lambda: board.agents_model.tickets_of(org.users["as1"]) == [tid]
                    and "1 ticket assigned to AS1" in board.message.text(), timeout=TIMEOUT_MS)
    assert board.queue_model.rowCount() == 0
    mine = agent.inbox.pages[Inbox.MINE].model
    qtbot.waitUntil(lambda: mine.rowCount() == 1, timeout=TIMEOUT_MS)
    events = org.as_("sup").ok("GET", f"/tickets/{tid}")["events"]
    manual = [e for e in events if e["kind"] == "assigned"][-1]
    assert manual["actor_name"] == "SUP" and manual["data"]["reason"] == "manual"

    # From AS1's hand onto the queue: taken back.
    row = board.agents_model.agent_index(org.users["as1"])
    mime = _drag(qtbot, board.agents, [0], parent=row)
    assert _drop(board.tickets, board.tickets.viewport().rect().center(), mime)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: mine.rowCount() == 0, timeout=TIMEOUT_MS)
    kinds = [e["kind"] for e in org.as_("sup").ok("GET", f"/tickets/{tid}")["events"]]
    assert kinds[-1] in ("unassigned", "queued")


def test_several_dragged_to_another_group_are_transferred_with_the_note(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    ids = [org.new_ticket("hl1", title=f"转派 {i}")["id"] for i in range(3)]
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 3, timeout=TIMEOUT_MS)
    mime = _drag(qtbot, board.tickets, [0, 2])
    # Onto 热线's column — its agents' list, which for another group's tickets means the
    # group, not one of them (and its own agents would be refused: not members of 售后).
    hotline = board.column_of(org.groups["热线"])
    assert hotline is not None and hotline is not board.current
    assert _drop(hotline.agents, hotline.agents.viewport().rect().center(), mime)
    dialog = board.mover.note_dialog
    assert dialog is not None and not dialog.ok_button.isEnabled()  # the note is required
    dialog.edit.setPlainText("客户要求热线回电")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    assert board.queue_model.ticket_ids() == [ids[1]]
    for tid in (ids[0], ids[2]):
        detail = org.as_("sup").ok("GET", f"/tickets/{tid}")
        assert detail["group_id"] == org.groups["热线"]
        moved = [e for e in detail["events"] if e["kind"] == "transferred"]
        said = [(e["actor_name"], e["data"]["note"]) for e in moved]
        assert said == [("SUP", "客户要求热线回电")]
    # The supervisor's own timeline of one of them says who moved it and why.
    from ticketdesk.client.models.timeline import TimelineModel, TimelineRole

    timeline = TimelineModel(board._state)
    with qtbot.waitSignal(board._session.open_ticket(ids[0]).succeeded, timeout=TIMEOUT_MS):
        pass
    timeline.set_ticket(ids[0])
    lines = [(timeline.index(r).data(TimelineRole.HEADLINE),
              timeline.index(r).data(TimelineRole.DETAIL)) for r in range(timeline.rowCount())]
    transfer = [line for line in lines if "热线" in line[0] and line[1] == "客户要求热线回电"]
    assert transfer and transfer[0][0].startswith("SUP"), lines


def test_at_capacity_asks_and_a_stale_one_moves_none(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['as1']}",
                 {"capacity": 1})
    first, second = (org.new_ticket("hl1", title=t)["id"] for t in ("满一", "满二"))
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 2, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: board.agents_model.rowCount() == 2, timeout=TIMEOUT_MS)
    # Both onto AS1 (capacity 1): the second would be over, so the server refuses the lot
    # and the board asks.
    mime = _drag(qtbot, board.tickets, [0, 1])
    assert _drop(board.agents, _agent_pos(board, org.users["as1"]), mime)
    qtbot.waitUntil(lambda: board.mover.override_question is not None, timeout=TIMEOUT_MS)
    question = board.mover.override_question
    assert "AS1 already has 1 of 1 tickets" in question.text()
    question.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: "at capacity" in board.message.text(), timeout=TIMEOUT_MS)
    assert {org.as_("sup").ok("GET", f"/tickets/{t}")["status"] for t in (first, second)} == {
        "queued"}  # none moved
    # Again, and this time yes: both go.
    mime = _drag(qtbot, board.tickets, [0, 1])
    assert _drop(board.agents, _agent_pos(board, org.users["as1"]), mime)
    qtbot.waitUntil(lambda: board.mover.override_question is not None, timeout=TIMEOUT_MS)
    board.mover.override_question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: len(board.agents_model.tickets_of(org.users["as1"])) == 2,
                    timeout=TIMEOUT_MS)
    load = board.agents_model.index(
        board.agents_model.agent_row(org.users["as1"]), AgentColumn.LOAD).data()
    assert load == "2 / 1"

    # Seen, then changed by someone else before the drop: nothing moves, the board says why.
    third, fourth = (org.new_ticket("hl1", title=t)["id"] for t in ("旧一", "旧二"))
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 2, timeout=TIMEOUT_MS)
    mime = _drag(qtbot, board.tickets, [0, 1])
    org.as_("admin").ok("POST", f"/tickets/{fourth}/assign", {"agent": org.users["as2"]})
    org.as_("as2").ok("POST", f"/tickets/{fourth}/accept", {})
    header = board.column_of(org.groups["热线"]).header  # onto 热线's column's header
    assert _drop_on(header, header.rect().center(), mime)
    dialog = board.mover.note_dialog
    assert dialog is not None
    dialog.edit.setPlainText("转热线")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "AS2 accepted it" in board.message.text(), timeout=TIMEOUT_MS)
    assert f"#{fourth}" in board.message.text() and "Nothing was moved" in board.message.text()
    detail = org.as_("sup").ok("GET", f"/tickets/{third}")
    assert (detail["status"], detail["group_id"]) == ("queued", org.groups["售后"])


def test_keyboard_bulk_take_back(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    ids = [org.new_ticket("hl1", title=f"收回 {i}")["id"] for i in range(2)]
    for tid in ids:
        org.as_("sup").ok("POST", f"/tickets/{tid}/assign", {"agent": org.users["as2"]})
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: len(board.agents_model.tickets_of(org.users["as2"])) == 2,
                    timeout=TIMEOUT_MS)
    row = board.agents_model.agent_index(org.users["as2"])
    _drag(qtbot, board.agents, [0, 1], parent=row)  # selects both, keyboard from here
    board.agents.setFocus()
    qtbot.keyClick(board.agents, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 2
                    and "2 tickets back in the queue" in board.message.text(), timeout=TIMEOUT_MS)


def test_the_board_shows_the_engines_decisions(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, qtmodeltester
) -> None:
    from ticketdesk.client.models.decisions import DecisionColumn

    org.as_("as1").ok("PUT", "/me/presence", {"presence": "online"})
    before = org.new_ticket("hl1", title="开机前")["id"]  # decided before the board opened
    board = _board(qtbot, make_session, settings, org)
    model = board.decisions_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT_MS)
    qtmodeltester.check(model, force_py=True)
    after = org.new_ticket("hl1", title="开机后")["id"]  # and one live
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=TIMEOUT_MS)
    rows = [[model.index(r, c).data() for c in DecisionColumn][1:] for r in range(2)]
    assert rows == [[f"#{after}", "AS1", "least loaded"], [f"#{before}", "AS1", "least loaded"]]
    assert "Considered" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    board.decisions_view.doubleClicked.emit(model.index(0, 0))
    assert board.selected_ticket() == after


def test_an_answer_after_the_board_is_gone_touches_nothing(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    """The window closed while a move was on its way: the late answer is dropped (the
    mover's local callbacks used to emit on a deleted mover, an exception in Qt's loop)."""
    import shiboken6

    ticket = org.new_ticket("hl1", title="晚到")["id"]
    window = MainWindow(make_session("sup"), settings)  # not qtbot's: this test deletes it
    window.show()
    board = window.modes.show_mode("board")
    assert isinstance(board, BoardView)
    board.select_group(org.groups["售后"])
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    version = board._state.tickets[ticket].version
    board.mover.assign([(ticket, version)], org.users["as1"])
    reply = board.mover.reply
    assert reply is not None
    shiboken6.delete(window)
    with qtbot.waitSignal(reply.finished, timeout=TIMEOUT_MS):
        pass
    # The move itself was made; nothing in the event loop complained about a deleted widget.
    assert org.as_("sup").ok("GET", f"/tickets/{ticket}")["assignee_id"] == org.users["as1"]


def test_keyboard_picks_for_several_show_the_routing_hints(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    """T and A with several tickets selected: the pick lists carry the routing hints (free
    places and hours per group; presence and load / capacity per member), and the pick moves
    them all."""
    from ticketdesk.client.models.routing import HintColumn, MemberHintColumn

    org.admin.ok("PUT", f"/groups/{org.groups['热线']}/members/{org.users['hl1']}",
                 {"capacity": 0})
    ids = [org.new_ticket("hl1", title=f"键盘 {i}")["id"] for i in range(3)]
    board = _board(qtbot, make_session, settings, org)
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 3, timeout=TIMEOUT_MS)
    _drag(qtbot, board.tickets, [0, 1])  # selects two, the keyboard from here
    board.tickets.setFocus()
    qtbot.keyClick(board.tickets, Qt.Key.Key_T)
    pick = board.dialog
    assert pick is not None and pick.isVisible()
    model = pick.model
    row = model.row_of(org.groups["热线"])
    qtbot.waitUntil(lambda: model.index(row, HintColumn.HOURS).data() not in (None, ""),
                    timeout=TIMEOUT_MS)
    assert model.headerData(HintColumn.FREE, Qt.Orientation.Horizontal) is not None
    pick.choose(org.groups["热线"])
    pick.buttons.button(pick.buttons.StandardButton.Ok).click()
    note = board.mover.note_dialog
    assert note is not None
    note.edit.setPlainText("键盘转派")
    note.ok_button.click()
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    moved = [org.as_("sup").ok("GET", f"/tickets/{t}")["group_id"] for t in ids[:2]]
    assert moved == [org.groups["热线"]] * 2
    # A with several in 热线: its members with load / capacity as the board says it.
    board.select_group(org.groups["热线"])
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 2, timeout=TIMEOUT_MS)
    _drag(qtbot, board.tickets, [0, 1])
    board.tickets.setFocus()
    qtbot.keyClick(board.tickets, Qt.Key.Key_A)
    pick = board.dialog
    assert pick is not None
    members = pick.model
    loads = lambda: {members.index(r, 0).data(): members.index(r, MemberHintColumn.LOAD).data()  # noqa: E731
                     for r in range(members.rowCount())}
    qtbot.waitUntil(lambda: loads().get("HL1") == "capacity 0", timeout=TIMEOUT_MS)
    pick.choose(org.users["hl2"])
    pick.buttons.button(pick.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: board.queue_model.rowCount() == 0
                    and "2 tickets assigned to HL2" in board.message.text(), timeout=TIMEOUT_MS)
