"""A ticket reads as it was created, however its type has been edited since."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.conftest import REFUND_TYPE
from ticketdesk.client.views.main_window import MainWindow


def test_detail_shows_the_fields_of_the_tickets_own_version(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    ticket = org.new_ticket("hl1", fields={"order_no": "TD1001", "amount": 20, "reason": "发错货"})
    # The admin then renames the reason, drops the option used and the phone field.
    fields = [dict(f) for f in REFUND_TYPE["fields"] if f["key"] != "phone"]
    fields[2].update(label="退款原因", options=["质量问题", "其他"])
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {"fields": fields})

    window = MainWindow(make_session("as1"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.inbox.select_ticket(ticket["id"]), timeout=TIMEOUT_MS)
    detail = window.detail
    qtbot.waitUntil(lambda: "原因" in detail.info_text(), timeout=TIMEOUT_MS)
    shown = detail.info_text()
    assert shown["原因"] == "发错货"
    assert shown["电话"] == "—"  # version 1 still had the phone field
    assert "退款原因" not in shown

    # A ticket created now is shown by the new version.
    new = org.new_ticket("hl1", fields={"order_no": "TD1002", "amount": 5, "reason": "其他"})
    qtbot.waitUntil(lambda: window.inbox.select_ticket(new["id"]), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "退款原因" in detail.info_text(), timeout=TIMEOUT_MS)
    assert detail.info_text()["退款原因"] == "其他"
    assert "电话" not in detail.info_text()
