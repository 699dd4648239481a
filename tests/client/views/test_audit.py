"""The audit search view against the real server: filters, paging on scroll, admin changes
shown readably, a ticket's timeline from a result, and an export holding the screen's rows."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.export import neutralise
from ticketdesk.client.models.audit import AuditResultsModel
from ticketdesk.client.state import audit as audit_state
from ticketdesk.client.views.audit import AuditView

HOURS = {
    "timezone": "Asia/Shanghai",
    "weekly": {d: [{"start": "08:30", "end": "17:30"}] for d in ("mon", "tue")},
}


@pytest.fixture
def view(qtbot: QtBot, make_session: MakeSession) -> AuditView:
    widget = AuditView(make_session("sup"))
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    return widget


def _choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


def _search(qtbot: QtBot, view: AuditView) -> None:
    view.run_search()
    qtbot.waitUntil(lambda: not view.search.loading and view.search.kind is not None,
                    timeout=TIMEOUT_MS)


def _column(model: AuditResultsModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_who_changed_the_after_sales_hours(qtbot: QtBot, org, view: AuditView, qtmodeltester
                                           ) -> None:
    org.admin.ok("PATCH", f"/groups/{org.groups['售后']}", {"working_hours": HOURS})
    org.admin.ok("PATCH", f"/groups/{org.groups['热线']}", {"accept_timeout_seconds": 30})
    qtbot.waitUntil(lambda: view.group_box.findData(org.groups["售后"]) >= 0,
                    timeout=TIMEOUT_MS)
    _choose(view.group_box, org.groups["售后"])
    _choose(view.kind_box, "group_updated")
    today = QDate.currentDate()
    view.from_date.setDate(today.addDays(-7))
    view.to_date.setDate(today)
    _search(qtbot, view)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1
    assert _column(view.model, 1) == ["Group changed"]
    assert _column(view.model, 3) == [org.admin.ok("GET", "/me")["display_name"]]
    what = _column(view.model, 4)[0]
    assert "changed group 售后: working hours:" in what
    assert what.endswith("→ mon–tue 08:30–17:30")
    assert view.summary.text() == "1 found"
    # Every other admin change reads as who did what too, e.g. who oversees a group.
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/supervisors/{org.users['sup']}")
    _choose(view.kind_box, "supervisor_set")
    _search(qtbot, view)
    assert _column(view.model, 4) == [
        f"{_column(view.model, 3)[0]} made SUP a supervisor of 售后"]


def test_who_changed_the_refund_template(qtbot: QtBot, org, view: AuditView) -> None:
    reply = org.admin.ok("POST", "/quick-replies", {
        "name": "退款到账", "body": "退款已退回。", "group_id": org.groups["售后"]}, status=201)
    org.admin.ok("PATCH", f"/quick-replies/{reply['id']}", {"body": "退款三日内到账。"})
    view.text_edit.setText("退款到账")
    _search(qtbot, view)
    admin = org.admin.ok("GET", "/me")["display_name"]
    assert _column(view.model, 1) == ["Quick reply changed", "Quick reply created"]
    assert _column(view.model, 4) == [
        f"{admin} changed quick reply “退款到账” of 售后: text: 退款已退回。 → 退款三日内到账。",
        f"{admin} created quick reply “退款到账” of 售后",
    ]


def test_results_page_in_on_scroll_without_gaps(
    qtbot: QtBot, org, view: AuditView, monkeypatch
) -> None:
    monkeypatch.setattr(audit_state, "PAGE_SIZE", 5)
    made = [org.new_ticket("hl1", title=f"第{i}单", group="热线") for i in range(30)]
    _choose(view.scope, "tickets")
    _choose(view.status_box, "queued")
    view.resize(900, 260)
    _search(qtbot, view)
    first = view.model.rowCount()
    assert 5 <= first < 30  # the first pages fill the table, no more
    while view.search.has_more:
        bar = view.table.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda: not view.search.loading, timeout=TIMEOUT_MS)
    numbers = _column(view.model, 0)
    assert numbers == [f"#{t['id']}" for t in reversed(made)]


def test_each_criterion_reaches_the_server(qtbot: QtBot, org, view: AuditView) -> None:
    a = org.new_ticket("hl1", title="空调不制冷", order_no="SO-77", group="热线")
    org.new_ticket("as1", title="电视黑屏", group="售后")
    org.as_("hl1").ok("POST", f"/tickets/{a['id']}/comments", {"body": "已联系安装师傅"},
                      status=201)
    qtbot.waitUntil(lambda: view.actor_box.findData(org.users["hl1"]) >= 0, timeout=TIMEOUT_MS)
    view.text_edit.setText("安装师傅")
    _search(qtbot, view)
    assert _column(view.model, 2) == [f"#{a['id']}"]
    assert _column(view.model, 4) == ["HL1 commented: 已联系安装师傅"]
    view.text_edit.clear()
    view.order_edit.setText("SO-77")
    _choose(view.actor_box, org.users["hl1"])
    _search(qtbot, view)
    assert sorted(_column(view.model, 1)) == ["Comment", "Created", "Queued"]
    _choose(view.scope, "tickets")
    _choose(view.actor_box, None)
    view.order_edit.clear()
    view.ticket_edit.setText(str(a["id"]))
    _search(qtbot, view)
    assert _column(view.model, 1) == ["空调不制冷"]
    view.ticket_edit.setText("12a")
    view.run_search()
    assert view.message.text() == "A ticket number is digits only."
    for digits in ("²", "٣", "７"):  # isdigit() took them, then int() raised in the slot
        view.message.clear_message()
        view.ticket_edit.setText(digits)
        view.run_search()
        assert view.message.text() == "A ticket number is digits only."


def test_a_result_opens_the_tickets_whole_timeline(qtbot: QtBot, org, view: AuditView) -> None:
    t = org.new_ticket("hl1", title="退款进度查询", group="热线")
    org.as_("hl1").ok("POST", f"/tickets/{t['id']}/comments", {"body": "客户再次来电"},
                      status=201)
    _choose(view.kind_box, "commented")
    _search(qtbot, view)
    dialog = view.open_ticket_at(0)
    assert dialog is not None
    detail = dialog.detail
    qtbot.waitUntil(lambda: len(detail.timeline.entries) >= 3, timeout=TIMEOUT_MS)
    headlines = [e.headline.text() for e in detail.timeline.entries]
    assert headlines[0].startswith("HL1 created the ticket for 热线")
    assert "HL1 commented" in headlines
    dialog.close()


def test_export_holds_the_rows_on_screen(qtbot: QtBot, org, view: AuditView, tmp_path: Path,
                                         monkeypatch) -> None:
    monkeypatch.setattr(audit_state, "PAGE_SIZE", 4)
    for i in range(9):
        org.new_ticket("hl1", title=f"=HYPERLINK(\"x\") 第{i}单", group="热线")
    _choose(view.scope, "tickets")
    _search(qtbot, view)
    while view.search.has_more:  # the whole result on screen, to compare
        view.search.load_more()
        qtbot.waitUntil(lambda: not view.search.loading, timeout=TIMEOUT_MS)
    screen = view.model.rows
    assert len(screen) == 9
    for name in ("audit.csv", "audit.xlsx"):
        dialog = view.export_to(str(tmp_path / name))
        assert dialog is not None
        with qtbot.waitSignal(dialog.done, timeout=TIMEOUT_MS):
            pass
    with open(tmp_path / "audit.csv", newline="", encoding="utf-8-sig") as f:
        text = list(csv.reader(f))
    assert text[0] == ["Ticket", "Title", "Status", "Group", "Assignee", "Order", "Created"]
    assert [r[:3] for r in text[1:]] == [[str(r[0]), neutralise(r[1]), r[2]] for r in screen]
    book = openpyxl.load_workbook(tmp_path / "audit.xlsx", read_only=True)
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)][1:]
    book.close()
    assert [r[:4] for r in sheet] == [[r[0], neutralise(r[1]), r[2], r[3]] for r in screen]
    assert all(r[6] is not None for r in sheet)


def test_events_export_holds_the_rows_on_screen(qtbot: QtBot, org, view: AuditView,
                                                tmp_path: Path, monkeypatch) -> None:
    """The events are streamed (GET /events/export), not paged: the file holds the rows
    the screen pages through, formula-looking descriptions neutralised."""
    monkeypatch.setattr(audit_state, "PAGE_SIZE", 3)
    ticket = org.new_ticket("hl1", title="退款", group="热线")
    # A name a spreadsheet would run as a formula: each event records its actor's name.
    org.admin.ok("PATCH", f"/users/{org.users['sup']}", {"display_name": "@SUM(1) 主管"})
    sup = org.as_("sup")
    for i in range(7):
        sup.ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"=1+{i} 第{i}条"},
               status=201)
    _choose(view.scope, "events")
    _choose(view.kind_box, "commented")
    _search(qtbot, view)
    while view.search.has_more:
        view.search.load_more()
        qtbot.waitUntil(lambda: not view.search.loading, timeout=TIMEOUT_MS)
    screen = view.model.rows
    assert len(screen) == 7
    for name in ("events.csv", "events.xlsx"):
        dialog = view.export_to(str(tmp_path / name))
        assert dialog is not None
        with qtbot.waitSignal(dialog.done, timeout=TIMEOUT_MS):
            pass
    shown = [[neutralise(c) if isinstance(c, str) else c for c in r[1:]] for r in screen]
    assert {r[2] for r in shown} == {"'@SUM(1) 主管"}  # the actor column, neutralised
    with open(tmp_path / "events.csv", newline="", encoding="utf-8-sig") as f:
        text = list(csv.reader(f))
    assert len(text) == 8
    assert [r[1:] for r in text[1:]] == [[str(c) for c in r] for r in shown]
    book = openpyxl.load_workbook(tmp_path / "events.xlsx", read_only=True)
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)][1:]
    book.close()
    assert [r[1:] for r in sheet] == shown
    assert all(r[0] is not None for r in sheet)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "events.xlsx"]


def test_supervisors_open_the_audit_search_from_the_main_window(
    qtbot: QtBot, org, make_session: MakeSession, settings
) -> None:
    from ticketdesk.client.views.main_window import MainWindow

    agent = MainWindow(make_session("hl1"), settings, use_tray=False)
    qtbot.addWidget(agent)
    assert not agent.audit_action.isVisible()
    boss = MainWindow(make_session("sup"), settings, use_tray=False)
    qtbot.addWidget(boss)
    assert boss.audit_action.isVisible()
    boss.audit_action.trigger()
    assert boss.modes.current() == "audit"
    window = boss.modes.page("audit")
    assert isinstance(window, AuditView) and window.isVisibleTo(boss)
    assert "audit" not in agent.modes.modes()
    _search(qtbot, window)
    assert window.model.rowCount() > 0
