"""The ticket detail's order panel: the order as reported (customer, status, items, owner)
and the order's other tickets, newest first, one click from being shown."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.conftest import VALID_REFUND_FIELDS
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.order_panel import OrderPanel


def test_the_order_and_its_other_tickets_are_one_click_away(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.as_("sup").ok("PUT", "/orders/SO-5", {
        "customer_name": "陈女士", "customer_phone": "021-6234 5678", "status": "已发货",
        "owner": "as1", "amount": 1299.0,
        "items": [{"name": "空气净化器", "quantity": 1}, {"name": "滤网", "quantity": 2}]},
        status=201)
    fields = {**VALID_REFUND_FIELDS, "order_no": "SO-5"}
    first = org.new_ticket("hl1", fields=fields, title="第一次来电")
    second = org.new_ticket("hl1", fields=fields, title="第二次来电")
    third = org.new_ticket("hl1", fields=fields, title="第三次来电")
    window = MainWindow(make_session("sup"), settings)
    qtbot.addWidget(window)
    window.show()
    detail = window.detail
    qtbot.waitUntil(lambda: first["id"] in window._session.state.tickets, timeout=TIMEOUT_MS)
    detail.show_ticket(first["id"])
    panel = detail.order_panel
    qtbot.waitUntil(lambda: panel.order is not None, timeout=TIMEOUT_MS)
    assert panel.title() == "Order SO-5"
    assert panel.customer_label.text() == "陈女士  021-6234 5678"
    assert panel.order_status_label.text() == "已发货"
    assert panel.owner_label.text() == "AS1"
    assert panel.items_label.text() == "空气净化器 ×1\n滤网 ×2\nTotal 1,299.00"
    shown = [panel.others.item(i).text() for i in range(panel.others.count())]
    assert [s.split()[0] for s in shown] == [f"#{third['id']}", f"#{second['id']}"]
    item = panel.others.item(0)
    rect = panel.others.visualItemRect(item)
    qtbot.mouseClick(panel.others.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: detail.ticket_id == third["id"], timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.order is not None and panel.others.count() == 2,
                    timeout=TIMEOUT_MS)
    assert panel.others.item(1).text().startswith(f"#{first['id']}")


def test_an_answer_after_the_panel_is_gone_touches_nothing(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    """The window closed while the order was on its way: the late answer is dropped (it
    used to update a deleted label, an exception in Qt's event loop)."""
    ticket = org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": "SO-404"})
    session = make_session("sup")
    panel = OrderPanel(session)
    panel.show_for(ticket["id"], "SO-404")  # unknown to the order system: a 404 comes back
    reply = panel._reply
    assert reply is not None
    shiboken6.delete(panel)
    with qtbot.waitSignal(reply.finished, timeout=TIMEOUT_MS):
        pass
