"""Saved views in the inbox against the real server: counts that move as matching tickets
arrive, a view's filter, sort and columns applied, saving one, and a shared view its group's
members see but cannot change."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models import Column, Inbox
from ticketdesk.client.views.main_window import MainWindow


def _window(qtbot: QtBot, make_session: MakeSession, settings: QSettings, who: str) -> MainWindow:
    window = MainWindow(make_session(who), settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_views_count_follows_matching_tickets_live(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    after_sales = org.groups["售后"]
    org.new_ticket("hl1", priority="normal", group="售后")
    org.as_("as1").ok("POST", "/views", {
        "name": "售后加急", "filter": {"group": [after_sales], "priority": ["urgent"]},
        "sort_column": "number", "sort_descending": False,
        "columns": ["number", "title", "status", "age"],
    }, status=201)
    window = _window(qtbot, make_session, settings, "as1")
    views, bar = window.saved_views, window.inbox.views_bar
    assert bar is not None
    qtbot.waitUntil(lambda: bar.combo.count() == 2, timeout=TIMEOUT_MS)
    view = views.views[0]
    assert views.counts[view.id] == 0 and bar.combo.itemText(1) == "售后加急 (0)"

    # Another client (the hotline, over the API) makes a matching ticket: the count moves.
    first = org.new_ticket("hl1", priority="urgent", group="售后")
    qtbot.waitUntil(lambda: views.counts[view.id] == 1, timeout=TIMEOUT_MS)
    assert bar.combo.itemText(1) == "售后加急 (1)"
    second = org.new_ticket("hl1", priority="urgent", group="售后")
    qtbot.waitUntil(lambda: views.counts[view.id] == 2, timeout=TIMEOUT_MS)
    org.new_ticket("hl1", priority="urgent", group="热线")  # not the view's group
    org.new_ticket("hl1", priority="low", group="售后")
    qtbot.waitUntil(lambda: len(window.inbox.pages[Inbox.QUEUES].model._entries) == 4,
                    timeout=TIMEOUT_MS)
    assert views.counts[view.id] == 2

    # Chosen: the queues list only its tickets, in its order, in its columns.
    bar.choose(view.id)
    page = window.inbox.pages[Inbox.QUEUES]
    model = page.model
    assert [model.ticket_id(r) for r in range(model.rowCount())] == [first["id"], second["id"]]
    hidden = {c for c in Column if page.table.isColumnHidden(c)}
    assert hidden == {Column.TYPE, Column.GROUP, Column.PRIORITY, Column.ASSIGNEE, Column.SLA}
    assert page.table.horizontalHeader().sortIndicatorSection() == Column.NUMBER

    # A ticket leaving the view (sent to another group) leaves the count and the list.
    sup = org.as_("sup")
    sup.ok("POST", f"/tickets/{first['id']}/transfer", {"group": org.groups["热线"], "note": "x"})
    qtbot.waitUntil(lambda: views.counts[view.id] == 1, timeout=TIMEOUT_MS)
    assert [model.ticket_id(r) for r in range(model.rowCount())] == [second["id"]]

    bar.choose(None)  # all tickets again, every column
    assert model.rowCount() == 3 and not page.table.isColumnHidden(Column.SLA)


def test_save_the_current_filter_as_a_view(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    window = _window(qtbot, make_session, settings, "as1")
    bar = window.inbox.views_bar
    assert bar is not None
    window.filter_edit.setText("退款")
    window.inbox.current_page().table.sortByColumn(Column.AGE, Qt.SortOrder.AscendingOrder)
    dialog = bar.save_as_view()
    dialog.setTextValue(" 我的退款 ")
    dialog.accept()
    qtbot.waitUntil(lambda: bar.combo.count() == 2, timeout=TIMEOUT_MS)
    saved = org.as_("as1").ok("GET", "/views")[0]
    assert (saved["name"], saved["filter"]["q"]) == ("我的退款", "退款")
    assert saved["sort_column"] == "age"
    assert saved["sort_descending"] is False and saved["editable"]


def test_a_shared_view_is_seen_by_the_group_and_not_editable(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    after_sales = org.groups["售后"]
    org.admin.ok("PUT", f"/groups/{after_sales}/supervisors/{org.users['sup']}")
    org.as_("sup").ok("POST", "/views", {
        "name": "售后全部", "filter": {"group": [after_sales]}, "group_id": after_sales,
    }, status=201)
    window = _window(qtbot, make_session, settings, "as1")
    bar = window.inbox.views_bar
    assert bar is not None
    qtbot.waitUntil(lambda: bar.combo.count() == 2, timeout=TIMEOUT_MS)
    assert bar.combo.itemText(1).startswith("售后全部 (0)") and "售后" in bar.combo.itemText(1)
    bar.choose(window.saved_views.views[0].id)
    assert not bar.rename_action.isEnabled() and not bar.delete_action.isEnabled()
    assert bar.rename_view() is None and not bar.share_action.isVisible()


def test_the_palette_finds_and_opens_a_view_by_pinyin_initials(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.as_("as1").ok("POST", "/views", {"name": "加急工单", "filter": {"priority": ["urgent"]}},
                      status=201)
    window = _window(qtbot, make_session, settings, "as1")
    bar = window.inbox.views_bar
    assert bar is not None
    qtbot.waitUntil(lambda: bar.combo.count() == 2, timeout=TIMEOUT_MS)
    palette = window.open_palette()
    palette.edit.setText("jjgd")
    assert [e.text for e in palette.entries()] == ["加急工单"]
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert bar.current is not None and bar.current.name == "加急工单"
    assert bar.combo.currentText() == "加急工单 (0)"


def test_a_supervisor_shares_only_with_the_groups_they_keep(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    # The server refuses sharing elsewhere (403); the dialog does not offer it.
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/supervisors/{org.users['sup']}")
    org.as_("sup").ok("POST", "/views", {"name": "我的"}, status=201)
    window = _window(qtbot, make_session, settings, "sup")
    bar = window.inbox.views_bar
    assert bar is not None
    qtbot.waitUntil(lambda: bar.combo.count() == 2, timeout=TIMEOUT_MS)
    bar.choose(window.saved_views.views[0].id)
    dialog = bar.share_view()
    assert dialog is not None and dialog.comboBoxItems() == ["Nobody (my own)", "售后"]
    dialog.setTextValue("售后")
    dialog.accept()
    qtbot.waitUntil(lambda: window.saved_views.views[0].group_id == org.groups["售后"],
                    timeout=TIMEOUT_MS)
