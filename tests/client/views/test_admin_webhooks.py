"""The webhooks screen against the real server and a real receiver on loopback: an
endpoint is registered with its secret shown once (the receiver verifies with it), its
deliveries show their state; a dead letter is shown with its last error and redelivered."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.webhook_receiver import Receiver
from ticketdesk.client.models.webhooks import (
    DeliveryColumn,
    DeliveryTableModel,
    EndpointColumn,
    WebhookTableModel,
)
from ticketdesk.client.state.webhooks import WebhookList
from ticketdesk.client.views.admin_webhooks import WebhooksAdmin
from ticketdesk.client.views.main_window import MainWindow


def _screen(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> WebhooksAdmin:
    window = MainWindow(make_session("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    window.admin_action.trigger()
    assert window.admin_window is not None
    screen = window.admin_window.webhooks
    window.admin_window.tabs.setCurrentWidget(screen)
    screen.confirm = lambda title, text: True  # the admin says yes
    return screen


def _click(qtbot: QtBot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _tick(box, text: str) -> None:
    item = box.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)


def test_models(qtmodeltester, org, qtbot, make_session: MakeSession) -> None:
    r = Receiver().start()
    try:
        made = org.admin.ok("POST", "/webhooks", {"url": r.url, "kinds": ["created"],
                                                  "groups": [org.groups["售后"]]}, status=201)
        r.secret = made["secret"]
        org.new_ticket()
        session = make_session("admin")
        hooks = WebhookList(session)
        endpoints = WebhookTableModel(hooks, session.state.group_name)
        deliveries = DeliveryTableModel(hooks, "deliveries")
        hooks.load()
        qtbot.waitUntil(lambda: endpoints.rowCount() == 1, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: bool(r.delivered()), timeout=TIMEOUT_MS)
        hooks.load_deliveries(made["id"])
        qtbot.waitUntil(lambda: deliveries.rowCount() == 1, timeout=TIMEOUT_MS)
        qtmodeltester.check(endpoints, force_py=True)
        qtmodeltester.check(deliveries, force_py=True)
        assert endpoints.index(0, EndpointColumn.GROUPS).data() == "售后"
        assert endpoints.index(0, EndpointColumn.EVENTS).data() == "Created"
        assert deliveries.index(0, DeliveryColumn.MESSAGE).data() == "ticket.created"
    finally:
        r.stop()


def test_register_see_deliveries_and_redeliver_a_dead_letter(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    answer = {"status": 500}
    r = Receiver(status=lambda n: answer["status"]).start()
    try:
        screen = _screen(qtbot, make_session, settings)
        screen.url_edit.setText("http://10.0.0.9/hook")
        _click(qtbot, screen.create_button)
        qtbot.waitUntil(lambda: "refuses this receiver" in screen.message.text(),
                        timeout=TIMEOUT_MS)
        assert org.admin.ok("GET", "/webhooks") == []

        screen.url_edit.setText(r.url)
        _tick(screen.kinds_list, "Created")
        _tick(screen.groups_list, "售后")
        _click(qtbot, screen.create_button)
        qtbot.waitUntil(lambda: screen.shown_box.isVisible(), timeout=TIMEOUT_MS)
        r.secret = screen.secret_edit.text()
        assert r.secret.startswith("whsec_")
        qtbot.waitUntil(lambda: screen.selected_endpoint() is not None, timeout=TIMEOUT_MS)

        org.new_ticket()  # the receiver fails it until the test budget (2.5 s) runs out
        screen.delivery_tabs.setCurrentIndex(1)

        def dead_shown() -> bool:
            screen.refresh()
            return screen.dead_model.rowCount() == 1 and screen.model.index(
                0, EndpointColumn.DEAD).data() == 1

        qtbot.waitUntil(dead_shown, timeout=TIMEOUT_MS)
        assert screen.dead_model.index(0, DeliveryColumn.LAST_ERROR).data() == "HTTP 500"
        assert screen.dead_model.index(0, DeliveryColumn.STATE).data() == "Dead letter"
        assert all(m.verified for m in r.snapshot())  # signed with the secret shown

        answer["status"] = 200
        assert screen.redeliver_all_button.isEnabled()
        _click(qtbot, screen.redeliver_all_button)
        qtbot.waitUntil(lambda: "1 dead letters sent again" in screen.message.text(),
                        timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: bool(r.delivered()), timeout=TIMEOUT_MS)

        def delivered_shown() -> bool:
            screen.refresh()
            # The two lists are two reads, answered in either order.
            return (screen.deliveries_model.rowCount() == 1 and screen.deliveries_model.index(
                0, DeliveryColumn.STATE).data() == "Delivered"
                and screen.dead_model.rowCount() == 0)

        qtbot.waitUntil(delivered_shown, timeout=TIMEOUT_MS)

        _click(qtbot, screen.enable_button)  # Disable
        qtbot.waitUntil(lambda: screen.model.index(0, EndpointColumn.STATUS).data()
                        == "Disabled", timeout=TIMEOUT_MS)
        assert screen.enable_button.text() == "Enable"
        assert org.admin.ok("GET", "/webhooks")[0]["enabled"] is False
    finally:
        r.stop()


def test_answers_after_the_list_is_gone_touch_nothing(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    """The screen closed while its deliveries and a change were on their way: the late
    answers are dropped (they used to emit a signal of the deleted list, "Signal source has
    been deleted", and reload through it)."""
    r = Receiver().start()
    try:
        made = org.admin.ok("POST", "/webhooks", {"url": r.url}, status=201)
        session = make_session("admin")
        hooks = WebhookList(session)
        asked = hooks.load_deliveries(made["id"])
        changed = hooks.set_enabled(made["id"], False)
        assert asked is not None
        shiboken6.delete(hooks)
        with qtbot.waitSignals([asked.finished, changed.finished], timeout=TIMEOUT_MS):
            pass
        assert org.admin.ok("GET", f"/webhooks/{made['id']}")["enabled"] is False
    finally:
        r.stop()
