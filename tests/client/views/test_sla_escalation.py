"""An SLA warning reaches the supervisor of the ticket's group on the desktop, and the
timeline says it in words; other supervisors are not bothered."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.timeline import describe
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.models import EventPublic


def test_supervisor_is_told_of_a_warning_on_their_group(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    # Round the clock, a one-minute first-response target that warns at 1 % (0.6 s): the
    # dispatcher's timer round fires it almost at once.
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {
        "sla_first_response_minutes": 1,
        "sla_policy": {"clock": "calendar", "warn_percent": 1}})
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/supervisors/{org.users['sup']}", {})
    window = MainWindow(make_session("sup"), settings, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    shown: list[tuple[str, str]] = []
    window.notifier.shown.connect(lambda title, body: shown.append((title, body)))
    ticket = org.new_ticket("hl1", title="等待受理", group="售后")
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT_MS)
    title, body = shown[0]
    assert title == "SLA warning: first response due soon"
    assert body.startswith(f"#{ticket['id']} 等待受理") and "售后" in body

    events = org.admin.ok("GET", f"/tickets/{ticket['id']}")["events"]
    warning = next(e for e in events if e["kind"] == "sla_warning")
    text = describe(EventPublic.model_validate(warning), window._state)
    assert text.startswith("SLA warning: first response due at ")


def test_a_ticket_of_another_group_does_not_notify(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {
        "sla_first_response_minutes": 1,
        "sla_policy": {"clock": "calendar", "warn_percent": 1}})
    org.admin.ok("PUT", f"/groups/{org.groups['热线']}/supervisors/{org.users['sup']}", {})
    session = make_session("sup")
    warned: set[int] = set()
    session.live_event.connect(
        lambda e: warned.add(e.ticket_id) if e.kind == "sla_warning" else None)
    window = MainWindow(session, settings, use_tray=False)
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []
    window.notifier.shown.connect(lambda title, body: shown.append((title, body)))
    mine = org.new_ticket("hl1", title="热线的", group="热线")
    other = org.new_ticket("hl1", title="售后的", group="售后")
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT_MS)
    # Both warned on the record; only the supervised group's reached the desktop.
    # Both warnings reached this supervisor's client (the sup sees every ticket); the
    # notifications waiting in the coalescing window are then let out.
    qtbot.waitUntil(lambda: warned >= {mine["id"], other["id"]}, timeout=TIMEOUT_MS)
    window.news_feed.flush()
    assert [body.split("\n")[0] for _, body in shown] == [f"#{mine['id']} 热线的"]
