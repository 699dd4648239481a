"""Item models over a live session: qtmodeltester, incremental updates, inbox filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models import (
    Column,
    GroupLoadModel,
    Inbox,
    InboxFilter,
    LoadColumn,
    MemberModel,
    TicketTableModel,
    TimelineModel,
    TimelineRole,
)
from ticketdesk.client.models.timeline import describe
from ticketdesk.common.enums import Action


def _titles(proxy: InboxFilter) -> list[str]:
    return [proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount())]


def test_ticket_table_model(qtbot: QtBot, qtmodeltester, org, make_session: MakeSession) -> None:
    org.new_ticket("hl1", title="第一张")
    session = make_session("as1")
    model = TicketTableModel(session.state)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 1
    assert model.headerData(Column.STATUS, Qt.Orientation.Horizontal) == "Status"
    assert model.index(0, Column.STATUS).data() == "Queued"  # a label, never "queued"
    assert model.index(0, Column.GROUP).data() == "售后"

    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    with qtbot.waitSignal(model.rowsInserted, timeout=TIMEOUT_MS):
        second = org.new_ticket("hl1", title="第二张")
    with qtbot.waitSignal(model.dataChanged, timeout=TIMEOUT_MS):
        org.as_("as2").ok("POST", f"/tickets/{second['id']}/accept")
    row = model.row_of(second["id"])
    assert model.index(row, Column.STATUS).data() == "In progress"
    assert model.index(row, Column.ASSIGNEE).data() == "AS2"
    assert resets == []  # live changes never reset the model
    qtmodeltester.check(model, force_py=True)


def test_inbox_filters(qtbot: QtBot, qtmodeltester, org, make_session: MakeSession) -> None:
    waiting = org.new_ticket("hl1", title="等待中")
    taken = org.new_ticket("hl1", title="已受理", priority="urgent")
    org.as_("as1").ok("POST", f"/tickets/{taken['id']}/accept")
    org.new_ticket("as1", title="我建的热线单", group="热线")
    session = make_session("as1")
    source = TicketTableModel(session.state)
    proxies = {}
    for inbox in Inbox:
        proxies[inbox] = InboxFilter(session.state, inbox)
        proxies[inbox].setSourceModel(source)
    # One model per tester: it checks every later signal against the model it was given.
    qtmodeltester.check(proxies[Inbox.QUEUES], force_py=True)

    assert _titles(proxies[Inbox.MINE]) == ["已受理"]
    assert _titles(proxies[Inbox.QUEUES]) == ["等待中"]
    assert _titles(proxies[Inbox.CREATED]) == ["我建的热线单"]
    queues = proxies[Inbox.QUEUES]
    queues.set_all_open(True)
    assert _titles(queues) == ["已受理", "等待中"]  # urgent first
    queues.set_text("等待")
    assert _titles(queues) == ["等待中"]
    queues.set_text(f"#{taken['id']}")
    assert _titles(queues) == ["已受理"]
    queues.set_text("")

    # Taking the waiting ticket moves it from the queue to "mine" without any reload.
    queues.set_all_open(False)
    with qtbot.waitSignal(proxies[Inbox.MINE].rowsInserted, timeout=TIMEOUT_MS):
        org.as_("as1").ok("POST", f"/tickets/{waiting['id']}/accept")
    assert _titles(proxies[Inbox.MINE]) == ["已受理", "等待中"]
    assert _titles(queues) == []


def test_timeline_model(qtbot: QtBot, qtmodeltester, org, make_session: MakeSession) -> None:
    ticket = org.new_ticket("hl1")
    session = make_session("as1")
    model = TimelineModel(session.state)
    with qtbot.waitSignal(session.open_ticket(ticket["id"]).succeeded, timeout=TIMEOUT_MS):
        pass
    model.set_ticket(ticket["id"])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    with qtbot.waitSignal(model.rowsInserted, timeout=TIMEOUT_MS):
        org.as_("hl1").ok(
            "POST", f"/tickets/{ticket['id']}/comments", {"body": "<b>客户</b>"}, status=201
        )
    last = model.index(model.rowCount() - 1, 0)
    assert last.data() == "HL1 commented"
    assert last.data(TimelineRole.DETAIL) == "<b>客户</b>"
    assert last.data(TimelineRole.TIME)
    qtmodeltester.check(model, force_py=True)


def test_transfer_is_described_with_both_groups(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    ticket = org.new_ticket("hl1")
    session = make_session("as1")
    reply = session.transfer(ticket["id"], org.groups["热线"], "错派")
    with qtbot.waitSignal(reply.succeeded, timeout=TIMEOUT_MS):
        pass
    events = list(session.state.timelines[ticket["id"]].values())
    transfer = next(e for e in events if e.kind == "transferred")
    assert describe(transfer, session.state) == "AS1 transferred it from 售后 to 热线"


@pytest.mark.parametrize("inbox", [Inbox.MINE, Inbox.CREATED, Inbox.ALL])
def test_other_inboxes_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester, org, make_session: MakeSession, inbox: Inbox
) -> None:
    org.new_ticket("as1")
    session = make_session("sup")
    proxy = InboxFilter(session.state, inbox)
    proxy.setSourceModel(TicketTableModel(session.state))
    qtmodeltester.check(proxy, force_py=True)
    with qtbot.waitSignal(session.state.ticket_added, timeout=TIMEOUT_MS):
        org.new_ticket("sup")
    qtmodeltester.check(proxy, force_py=True)


def test_group_load_model(qtmodeltester, org, make_session: MakeSession) -> None:
    org.new_ticket("hl1")
    session = make_session("sup")
    groups = GroupLoadModel(session.state, exclude=org.groups["售后"])
    qtmodeltester.check(groups, force_py=True)
    after_sales = groups.index(groups.row_of(org.groups["售后"]), 0)
    assert not after_sales.flags() & Qt.ItemFlag.ItemIsEnabled
    row = groups.row_of(org.groups["热线"])
    assert groups.index(row, LoadColumn.GROUP).data() == "热线"
    assert groups.index(row, LoadColumn.WAITING).data() == "0"


def test_member_model(qtmodeltester, org, make_session: MakeSession) -> None:
    org.new_ticket("hl1")
    session = make_session("sup")
    members = MemberModel(session.state, org.groups["售后"])
    qtmodeltester.check(members, force_py=True)
    assert [members.index(r, 0).data().split()[0] for r in range(members.rowCount())] == [
        "AS1",
        "AS2",
    ]
    assert session.state.allowed_actions(next(iter(session.state.tickets))) >= {Action.ASSIGN}
    assert members.rowCount(QModelIndex()) == 2
