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
    InboxModel,
    LoadColumn,
    MemberModel,
    TicketPresenter,
    TicketTableModel,
    TimelineModel,
    TimelineRole,
)
from ticketdesk.client.models.timeline import describe
from ticketdesk.client.timefmt import format_time
from ticketdesk.common.enums import Action, Presence


def _titles(model: InboxModel) -> list[str]:
    return [model.index(r, Column.TITLE).data() for r in range(model.rowCount())]


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
    tabs = {inbox: InboxModel(source.presenter, inbox) for inbox in Inbox}
    # One model per tester: it checks every later signal against the model it was given.
    qtmodeltester.check(tabs[Inbox.QUEUES], force_py=True)

    assert _titles(tabs[Inbox.MINE]) == ["已受理"]
    assert _titles(tabs[Inbox.QUEUES]) == ["等待中"]
    assert _titles(tabs[Inbox.CREATED]) == ["我建的热线单"]
    queues = tabs[Inbox.QUEUES]
    queues.set_all_open(True)
    assert _titles(queues) == ["已受理", "等待中"]  # urgent first
    queues.set_text("等待")
    assert _titles(queues) == ["等待中"]
    queues.set_text(f"#{taken['id']}")
    assert _titles(queues) == ["已受理"]
    queues.set_text("")

    # Taking the waiting ticket moves it from the queue to "mine" without any reload.
    queues.set_all_open(False)
    with qtbot.waitSignal(tabs[Inbox.MINE].rowsInserted, timeout=TIMEOUT_MS):
        org.as_("as1").ok("POST", f"/tickets/{waiting['id']}/accept")
    assert _titles(tabs[Inbox.MINE]) == ["已受理", "等待中"]
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
    presenter = TicketPresenter(session.state)
    tab = InboxModel(presenter, inbox)
    qtmodeltester.check(tab, force_py=True)
    with qtbot.waitSignal(session.state.ticket_added, timeout=TIMEOUT_MS):
        org.new_ticket("sup")
    qtmodeltester.check(tab, force_py=True)


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


def _lines(model: TimelineModel) -> list[tuple[str, str, str]]:
    return [
        (
            model.index(r, 0).data(TimelineRole.HEADLINE),
            model.index(r, 0).data(TimelineRole.EXPLANATION),
            model.index(r, 0).data(TimelineRole.DETAIL),
        )
        for r in range(model.rowCount())
    ]


def test_timeline_explains_assignment(
    qtbot: QtBot, qtmodeltester, org, make_session: MakeSession
) -> None:
    """Who was chosen and why: the order's owner first, with the agents considered; a
    supervisor's change of hands; taking it back to the queue."""
    org.admin.ok(
        "PUT", "/orders/TD1001", {"customer_name": "张先生", "owner": "as2"}, status=201
    )
    org.as_("as2").ok("PUT", "/me/presence", {"presence": "online"})
    session = make_session("as1", presence=Presence.ONLINE)
    tid = org.new_ticket("hl1")["id"]  # its order is TD1001, owned by as2
    qtbot.waitUntil(
        lambda: session.state.tickets.get(tid) is not None
        and session.state.tickets[tid].assignee_id == org.users["as2"],
        timeout=TIMEOUT_MS,
    )
    model = TimelineModel(session.state)
    with qtbot.waitSignal(session.open_ticket(tid).succeeded, timeout=TIMEOUT_MS):
        pass
    model.set_ticket(tid)
    qtmodeltester.check(model, force_py=True)
    assert _lines(model)[2] == (
        "Assigned to AS2 automatically: owner of the order",
        "Candidates (load/capacity): AS1 0/5, AS2 0/5",
        "",
    )

    org.admin.ok("POST", f"/tickets/{tid}/assign", {"agent": "as1"})
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=TIMEOUT_MS)
    assert _lines(model)[3] == ("Admin reassigned it from AS2 to AS1", "", "")
    org.admin.ok("POST", f"/tickets/{tid}/assign", {"agent": None, "note": "<i>先放回</i>"})
    qtbot.waitUntil(lambda: model.rowCount() >= 5, timeout=TIMEOUT_MS)
    assert _lines(model)[4] == ("Admin took it back from AS1 to the queue", "", "<i>先放回</i>")
    qtmodeltester.check(model, force_py=True)


def test_timeline_says_until_when_a_ticket_is_held(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    always = {d: [{"start": "00:00", "end": "24:00"}] for d in
              ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    org.admin.ok(
        "PATCH",
        f"/groups/{org.groups['售后']}",
        {"working_hours": {"timezone": "Asia/Shanghai", "weekly": always, "holidays": [today]}},
    )
    session = make_session("as1")
    tid = org.new_ticket("hl1")["id"]
    with qtbot.waitSignal(session.open_ticket(tid).succeeded, timeout=TIMEOUT_MS):
        pass
    model = TimelineModel(session.state)
    model.set_ticket(tid)
    held = session.state.tickets[tid].held_until
    assert held is not None
    assert _lines(model)[1][0] == (
        f"Held until {format_time(held)}: 售后 is outside working hours"
    )


def test_every_event_kind_has_words(qapp) -> None:
    """Every kind the server sends has a name, and every ticket step a sentence of its own
    (none falls through to the generic one)."""
    from datetime import UTC, datetime

    from ticketdesk.client.labels import event_kind_label
    from ticketdesk.client.state import ClientState
    from ticketdesk.common.enums import EventKind
    from ticketdesk.common.models import EventPublic

    state = ClientState()
    ticket_kinds = list(EventKind)[: list(EventKind).index(EventKind.UPDATED) + 1]
    for kind in EventKind:
        assert event_kind_label(kind) and event_kind_label(kind) != kind.value
        event = EventPublic(
            id=1,
            kind=kind,
            ticket_id=1,
            actor_id=None,
            actor_name="李娜",
            created_at=datetime.now(UTC),
            data={"group": "售后", "agent": "张伟"},
        )
        generic = f"李娜: {event_kind_label(kind)}"
        assert (describe(event, state) == generic) is (kind not in ticket_kinds), kind
    released = EventPublic(
        id=2, kind=EventKind.RELEASED, ticket_id=1, actor_id=None, actor_name="",
        created_at=datetime.now(UTC), data={"group": "售后"},
    )
    assert describe(released, state) == "Released: 售后's shift started"
    assigned = EventPublic(
        id=3, kind=EventKind.ASSIGNED, ticket_id=1, actor_id=None, actor_name="",
        created_at=datetime.now(UTC),
        data={"reason": "order_owner", "rule": "order_owner", "agent": "Zhang Wei"},
    )
    assert describe(assigned, state) == "Assigned to Zhang Wei automatically: owner of the order"
