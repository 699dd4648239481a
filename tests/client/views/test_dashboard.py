"""The KPI dashboard against the real server: the scripted day's hand-computed figures on
its tiles and in its agent table, today's figures moving live (one fetch for a burst), and
the export holding what the table shows."""

from __future__ import annotations

import csv
import time
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests import kpi_day
from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.kpis import COLUMN_KEYS, KpiRole
from ticketdesk.client.state import kpis as kpi_state
from ticketdesk.client.state.kpis import Period, PeriodKind
from ticketdesk.client.views.dashboard import DashboardView


@pytest.fixture
def view(qtbot: QtBot, make_session: MakeSession) -> DashboardView:
    widget = DashboardView(make_session("sup"))
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.kpis.report is not None and not widget.kpis.loading,
                    timeout=TIMEOUT_MS)
    return widget


def _settle(qtbot: QtBot, view: DashboardView) -> None:
    qtbot.waitUntil(lambda: not view.kpis.loading, timeout=TIMEOUT_MS)


def _table(view: DashboardView) -> dict[str, dict[str, str]]:
    """The agent table as on screen: name → column key → text."""
    proxy = view.proxy
    rows = {}
    for r in range(proxy.rowCount()):
        cells = {key: proxy.index(r, c).data() for c, key in enumerate(COLUMN_KEYS)}
        rows[cells["name"]] = cells
    return rows


def _tiles(view: DashboardView) -> dict[str, str]:
    return {key: tile.value.text() for key, tile in view.tiles.items()}


def test_the_scripted_day_shows_the_hand_computed_figures(
    qtbot: QtBot, org, pg_url, view: DashboardView, qtmodeltester
) -> None:
    day = kpi_day.script(pg_url, org)
    view.set_period(Period(PeriodKind.CUSTOM, day, day + timedelta(days=1)))
    _settle(qtbot, view)
    qtmodeltester.check(view.model)
    total = kpi_day.EXPECTED["total"]
    assert _tiles(view) == {
        "created": "6", "resolved": "5", "transferred_in": "1", "transferred_out": "1",
        "lapsed": "1", "reopened": "1",
        "first_response_median_seconds": "20 min",  # 1200 s
        "first_response_p90_seconds": "35 min",  # 2100 s
        "handling_median_seconds": "30 min",  # 1800 s
        "handling_p90_seconds": "1 h 36 min",  # 5760 s
        "sla_breaches": str(total["sla_first_response_breaches"]
                            + total["sla_resolution_breaches"]),
        "escalations": "0",  # (the scripted day runs no escalation scan)
        "backlog": "4",
    }
    assert view.tiles["sla_breaches"].detail.text() == "first response 2 · resolution 1"
    assert "first acceptance" in view.tiles["first_response_median_seconds"].toolTip()
    table = _table(view)
    assert set(table) == {"AS1", "AS2", "HL1", "HL2"}
    assert {k: table["AS1"][k] for k in (
        "assigned", "accepted", "resolved", "reopened", "lapsed", "transferred_out",
        "first_response_median_seconds", "first_response_p90_seconds",
        "handling_median_seconds", "handling_p90_seconds", "sla_first_response_breaches",
        "sla_resolution_breaches", "backlog", "online_seconds", "away_seconds",
        "offline_seconds")} == {
        "assigned": "3", "accepted": "3", "resolved": "3", "reopened": "1", "lapsed": "0",
        "transferred_out": "0", "first_response_median_seconds": "20 min",
        "first_response_p90_seconds": "40 min", "handling_median_seconds": "30 min",
        "handling_p90_seconds": "1 h 42 min", "sla_first_response_breaches": "1",
        "sla_resolution_breaches": "0", "backlog": "1", "online_seconds": "9 h",
        "away_seconds": "1 h", "offline_seconds": "14 h",
    }
    assert {k: table["AS2"][k] for k in (
        "assigned", "accepted", "resolved", "lapsed", "transferred_out",
        "first_response_median_seconds", "first_response_p90_seconds", "online_seconds",
        "away_seconds", "offline_seconds")} == {
        "assigned": "4", "accepted": "3", "resolved": "1", "lapsed": "1", "transferred_out": "1",
        "first_response_median_seconds": "12 min 30 s",  # 750 s
        "first_response_p90_seconds": "18 min 30 s",  # 1110 s
        "online_seconds": "14 h", "away_seconds": "0 s", "offline_seconds": "10 h",
    }
    assert (table["HL1"]["created"], table["HL1"]["handling_median_seconds"],
            table["HL1"]["offline_seconds"]) == ("6", "1 h", "24 h")
    # Who is behind: as1 (a late first response) and as2 (a lapsed offer), in red, on top;
    # both still hold a ticket of last week.
    assert table["AS1"]["behind"].startswith("SLA breaches: 1 · oldest open ")
    assert table["AS2"]["behind"].startswith("lapsed offers: 1 · oldest open ")
    assert table["HL1"]["behind"] == "" and table["HL2"]["behind"] == ""
    # (as1: 1 breach in 3 offers, as2: 1 lapse in 4, both over a tenth; and both hold a
    # ticket of last week)
    top = {view.proxy.index(r, 0).data() for r in (0, 1)}
    assert top == {"AS1", "AS2"}
    assert view.proxy.index(0, 0).data(KpiRole.BEHIND) is True
    assert view.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert view.proxy.index(3, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    # The charts hold the day: hourly volume, the backlog's ages, the first responses.
    labels, series = view.volume_chart.labels, view.volume_chart.series
    assert len(labels) == 24 and sum(series[0].values) == 6 and sum(series[1].values) == 5
    assert list(view.backlog_chart.series[0].values) == kpi_day.EXPECTED["backlog_age"]
    assert list(view.response_chart.series[0].values) == \
        kpi_day.EXPECTED["first_response_histogram"]
    assert view.backlog_chart.labels == ["<1 h", "1–4 h", "4 h–1 d", "1–3 d", ">3 d"]
    # Sorting by a figure sorts by the number, not its text ("1 h" after "40 min").
    view.table.sortByColumn(COLUMN_KEYS.index("first_response_p90_seconds"),
                            Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, 0).data() == "AS1"


def test_the_export_holds_the_table_as_shown(
    qtbot: QtBot, org, pg_url, view: DashboardView, tmp_path: Path
) -> None:
    day = kpi_day.script(pg_url, org)
    view.set_period(Period(PeriodKind.CUSTOM, day, day + timedelta(days=1)))
    _settle(qtbot, view)
    proxy = view.proxy
    shown = [[proxy.index(r, c).data() for c in range(proxy.columnCount())]
             for r in range(proxy.rowCount())]
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    for name in ("kpis.xlsx", "kpis.csv"):
        dialog = view.export_to(str(tmp_path / name))
        assert dialog is not None
        with qtbot.waitSignal(dialog.done, timeout=TIMEOUT_MS) as done:
            pass
        assert done.args == [str(tmp_path / name)]
        if name.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(tmp_path / name).active
            rows = [["" if v is None else str(v) for v in row]
                    for row in sheet.iter_rows(values_only=True)]
        else:
            with (tmp_path / name).open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
        assert rows[0] == headers
        assert rows[1:-1] == shown, name
        total = rows[-1]
        assert total[0] == "All chosen groups"
        assert total[COLUMN_KEYS.index("created")] == "6"
        assert total[COLUMN_KEYS.index("handling_p90_seconds")] == "1 h 36 min"


def test_todays_figures_move_live_and_a_burst_costs_one_fetch(
    qtbot: QtBot, org, view: DashboardView
) -> None:
    assert view.kpis.period.kind is PeriodKind.TODAY and view.kpis.live
    created = int(view.tiles["created"].value.text())
    fetches = view.kpis.fetches
    events: list[object] = []
    view._session.live.event_received.connect(events.append)
    started = time.monotonic()
    for _ in range(6):  # each ticket is several events: created, queued, …
        org.new_ticket()
    qtbot.waitUntil(lambda: view.tiles["created"].value.text() == str(created + 6),
                    timeout=TIMEOUT_MS)
    elapsed = time.monotonic() - started
    assert view.tiles["backlog"].value.text() == str(int(created) + 6)
    # A dozen or more events, and a fetch at most every few seconds, not one per event.
    interval = kpi_state.LIVE_MIN_INTERVAL_MS / 1000
    qtbot.waitUntil(lambda: len(events) >= 12, timeout=TIMEOUT_MS)
    assert view.kpis.fetches - fetches <= 1 + int(elapsed / interval) + 1
    assert "Live" in view.status.text()


def test_a_past_period_stays_put_and_groups_narrow_the_report(
    qtbot: QtBot, org, view: DashboardView
) -> None:
    view.period_box.setCurrentIndex(view.period_box.findData(PeriodKind.YESTERDAY.value))
    _settle(qtbot, view)
    assert not view.kpis.live and not view.from_date.isEnabled()
    assert view.from_date.date() == view.to_date.date()
    fetches = view.kpis.fetches
    with qtbot.waitSignal(view._session.live.event_received, timeout=TIMEOUT_MS):
        org.new_ticket()
    # The event came; a period that is over has nothing to fetch again for it.
    assert view.kpis.fetches == fetches and not view.kpis.refresh_pending
    view.choose_groups({org.groups["热线"]})
    _settle(qtbot, view)
    assert view.groups_button.text() == "热线"
    assert set(_table(view)) == {"HL1", "HL2"}
    view.period_box.setCurrentIndex(view.period_box.findData(PeriodKind.CUSTOM.value))
    assert view.from_date.isEnabled()


def test_supervisors_open_the_dashboard_with_ctrl_3(
    qtbot: QtBot, org, make_session: MakeSession, settings
) -> None:
    from PySide6.QtGui import QKeySequence

    from ticketdesk.client.views.main_window import MainWindow

    boss = MainWindow(make_session("sup"), settings, use_tray=False)
    qtbot.addWidget(boss)
    action = boss.modes.findChild(type(boss.audit_action), "mode_dashboard")
    assert action is not None and action.shortcut() == QKeySequence("Ctrl+3")
    action.trigger()
    page = boss.modes.page("dashboard")
    assert boss.modes.current() == "dashboard" and isinstance(page, DashboardView)
    qtbot.waitUntil(lambda: page.kpis.report is not None, timeout=TIMEOUT_MS)
    agent = MainWindow(make_session("hl1"), settings, use_tray=False)
    qtbot.addWidget(agent)
    assert "dashboard" not in agent.modes.modes()
