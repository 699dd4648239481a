"""Assisted routing in the pickers, against the real server: the transfer dialog, the assign
dialog and the new-ticket form show each group's queue, who is online, its free capacity and
hours, the order's owner and previous handlers marked, and the engine's pick with its rule —
and keep them current from the live feed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.routing import (
    GroupHintModel,
    HintColumn,
    MemberHintColumn,
    MemberHintModel,
)
from ticketdesk.client.views.assign import AssignDialog
from ticketdesk.client.views.new_ticket import NewTicketDialog
from ticketdesk.client.views.transfer import TransferDialog
from ticketdesk.common.enums import Presence

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _put_order(org, owner: str) -> None:
    body = {"customer_name": "张先生", "status": "已签收", "owner": owner}
    assert org.admin.put("/orders/TD1001", body).status_code in (200, 201)


def _cell(model, group_id: int, column: int) -> str:
    return model.index(model.row_of(group_id), column).data()


def test_transfer_dialog_shows_figures_hours_and_the_pick_live(
    qtbot: QtBot, qtmodeltester, org, make_session: MakeSession
) -> None:
    _put_order(org, "hl2")
    org.as_("hl2").ok("PUT", "/me/presence", {"presence": "online"})
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    night = org.admin.ok("POST", "/groups", {"name": "夜班", "working_hours": {
        "timezone": "Asia/Shanghai", "holidays": [today],
        "weekly": {d: [{"start": "00:00", "end": "24:00"}] for d in WEEK}}}, status=201)["id"]
    ticket = org.new_ticket("as1")  # 售后, order TD1001; nobody there is online: queued
    session = make_session("as1")
    dialog = TransferDialog(session, ticket["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    # The same model, owned by the test (the dialog's goes with the dialog before the
    # tester's teardown): it sees every change the dialog's does.
    qtmodeltester.check(GroupHintModel(session.state, dialog.hints, now=session.clock.now,
                                       exclude=org.groups["售后"]), force_py=True)
    hotline = org.groups["热线"]
    qtbot.waitUntil(lambda: _cell(model, hotline, HintColumn.PICK) != "", timeout=TIMEOUT_MS)
    assert _cell(model, hotline, HintColumn.PICK) == "HL2 · owner of the order"
    assert _cell(model, hotline, HintColumn.ONLINE) == "1 of 2"
    assert _cell(model, hotline, HintColumn.FREE) == "5"
    assert _cell(model, hotline, HintColumn.HOURS) == "open"
    assert _cell(model, hotline, HintColumn.GROUP) == "热线 ★ order owner"
    assert _cell(model, night, HintColumn.HOURS).startswith("closed, opens ")
    assert _cell(model, night, HintColumn.PICK) == "held until it opens"
    assert _cell(model, org.groups["售后"], HintColumn.GROUP) == "售后 (current group)"
    assert _cell(model, org.groups["售后"], HintColumn.WAITING) == "1"
    assert dialog.order_label.text() == "Order TD1001 · owner HL2 (热线)"
    dialog.select_group(hotline)
    assert dialog.pick_label.text() == "In 热线 now: HL2 · owner of the order"

    # Live: the owner goes away, a colleague comes online — the pick and figures follow.
    org.as_("hl1").ok("PUT", "/me/presence", {"presence": "online"})
    org.as_("hl2").ok("PUT", "/me/presence", {"presence": "away"})
    qtbot.waitUntil(
        lambda: _cell(model, hotline, HintColumn.PICK) == "HL1 · least loaded", timeout=TIMEOUT_MS
    )
    assert _cell(model, hotline, HintColumn.ONLINE) == "1 of 2"
    assert dialog.pick_label.text() == "In 热线 now: HL1 · least loaded"


def test_assign_dialog_marks_the_owner_and_the_engines_pick(
    qtbot: QtBot, qtmodeltester, org, make_session: MakeSession
) -> None:
    _put_order(org, "as2")  # the owner is offline: the engine gives it to as1
    org.as_("as1").ok("PUT", "/me/presence", {"presence": "online"})
    ticket = org.new_ticket("hl1")
    assert ticket["assignee_id"] == org.users["as1"]
    session = make_session("sup")
    dialog = AssignDialog(session, ticket["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    qtmodeltester.check(
        MemberHintModel(session.state, dialog.hints, org.groups["售后"]), force_py=True
    )

    def rows() -> dict[str, tuple[str, str, str]]:
        return {
            model.index(r, MemberHintColumn.NAME).data(): tuple(
                model.index(r, c).data() for c in MemberHintColumn if c is not MemberHintColumn.NAME
            )
            for r in range(model.rowCount())
        }

    qtbot.waitUntil(lambda: rows().get("AS2", ("",) * 3)[2] != "", timeout=TIMEOUT_MS)
    assert rows() == {
        "AS1": ("Online", "1 / 5", "engine's pick (least loaded)"),
        "AS2": ("Offline", "0 / 5", "order owner"),
    }
    assert dialog.routing_label.text() == (
        "Order TD1001 · owner AS2 (售后)\nThe engine would now choose: AS1 · least loaded"
    )


def test_new_ticket_form_follows_the_order_number(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    _put_order(org, "as2")
    org.as_("as2").ok("PUT", "/me/presence", {"presence": "online"})
    session = make_session("hl1", presence=Presence.ONLINE)
    dialog = NewTicketDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_type("refund")  # its default group is 售后
    qtbot.waitUntil(lambda: "· open" in dialog.group_combo.currentText(), timeout=TIMEOUT_MS)
    assert dialog.group_combo.currentText() == "售后 · queue 0 · online 1 · free 5 · open"
    assert dialog.group_hint.text() == "Would go to: AS2 · least loaded"

    dialog.editor("order_no").input.setText("TD1001")
    qtbot.waitUntil(lambda: "owner" in dialog.group_hint.text(), timeout=TIMEOUT_MS)
    assert dialog.group_hint.text() == (
        "Would go to: AS2 · owner of the order\nOrder TD1001 · owner AS2 (售后)"
    )
    # Another group: its own figures and pick.
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findData(org.groups["热线"]))
    assert dialog.group_combo.currentText() == "热线 · queue 0 · online 1 · free 5 · open"
    assert dialog.group_hint.text().startswith("Would go to: HL1 · least loaded")
