"""The new-ticket form: generated from the type, validated inline, refused fields mapped back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.new_ticket import NewTicketDialog
from ticketdesk.common.enums import Priority


@pytest.fixture
def window(qtbot: QtBot, org, make_session: MakeSession, settings: QSettings) -> MainWindow:
    window = MainWindow(make_session("hl1"), settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> NewTicketDialog:
    dialog = window.open_new_ticket()
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    return dialog


def _ticket_count(org) -> int:
    return len(org.admin.ok("GET", "/tickets")["data"])


def _fill_valid(dialog: NewTicketDialog) -> None:
    dialog.title_edit.setText("客户要求退款")
    dialog.editor("order_no").set_value("TD1001")
    dialog.editor("amount").set_value("99.5")
    dialog.editor("reason").set_value("发错货")


def test_form_follows_the_type(org, dialog: NewTicketDialog) -> None:
    assert dialog.ticket_type is not None and dialog.ticket_type.key == "refund"
    assert list(dialog._editors) == ["order_no", "amount", "reason", "phone"]
    assert isinstance(dialog.editor("reason").input, QComboBox)
    assert dialog.editor("reason").raw_value() is None  # a choice is never made for the agent
    assert dialog.body_edit.toPlainText() == "客户诉求：\n"
    assert dialog.group_combo.currentData() == org.groups["售后"]
    assert dialog.priority_combo.currentData() == Priority.NORMAL.value
    assert dialog.form.isRowVisible(dialog._order_row) is False  # the type asks for it itself


def test_invalid_field_is_refused_inline(qtbot: QtBot, org, dialog: NewTicketDialog) -> None:
    before = _ticket_count(org)
    amount = dialog.editor("amount")
    qtbot.keyClicks(amount.input, "abc")
    amount.input.editingFinished.emit()  # leaving the field checks it
    assert amount.error_label.text() == "Must be a number"
    assert not amount.error_label.isHidden()

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.editor("reason").error_label.text() == "Required"
    assert dialog.editor("order_no").error_label.text() == "Required"
    assert dialog.title_error.text() == "Required"
    assert dialog.message.text() == "Please correct the marked fields."
    assert dialog.result() == 0 and dialog.isVisible()
    assert _ticket_count(org) == before  # nothing was sent

    amount.set_value("12")  # fixing a marked field clears its mark as you type
    assert amount.error_label.isHidden()
    dialog.editor("phone").set_value("call me maybe")
    dialog.editor("phone").input.editingFinished.emit()
    assert dialog.editor("phone").error_label.text() == (
        "Must be a phone number (digits, spaces, dashes)"
    )


def test_valid_ticket_is_created(
    qtbot: QtBot, org, window: MainWindow, dialog: NewTicketDialog
) -> None:
    _fill_valid(dialog)
    dialog.priority_combo.setCurrentIndex(dialog.priority_combo.findData("high"))
    with qtbot.waitSignal(dialog.created, timeout=TIMEOUT_MS) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    ticket_id = created.args[0]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT_MS)
    ticket = org.admin.ok("GET", f"/tickets/{ticket_id}")
    assert ticket["fields"] == {"order_no": "TD1001", "amount": 99.5, "reason": "发错货"}
    assert ticket["priority"] == "high"
    assert ticket["order_no"] == "TD1001"
    assert ticket["created_by_name"] == "HL1"
    # The window shows what was just created.
    qtbot.waitUntil(lambda: window.detail.ticket_id == ticket_id, timeout=TIMEOUT_MS)


def test_server_refusal_is_mapped_onto_the_field(
    qtbot: QtBot, org, dialog: NewTicketDialog
) -> None:
    # The admin tightens the template while the agent is typing: only the server knows.
    fields = org.admin.ok("GET", f"/ticket-types/{org.type_id}")["fields"]
    for field in fields:
        if field["key"] == "amount":
            field["max_value"] = 50
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {"fields": fields})
    _fill_valid(dialog)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    amount = dialog.editor("amount")
    qtbot.waitUntil(lambda: not amount.error_label.isHidden(), timeout=TIMEOUT_MS)
    assert amount.error_label.text() == "Must be at most 50"
    assert dialog.message.text() == "The server refused some fields; see the marks."
    assert dialog.isVisible() and dialog.create_button.isEnabled()


def test_default_type_is_one_of_the_agents_groups(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    # 预约 sorts after 退款 (by pinyin and by code point alike), so only the agent's group
    # can put it first: hl1 (热线) starts on it, as1 (售后) on 退款 (售后's type).
    org.admin.ok("POST", "/ticket-types", {"key": "booking", "name": "预约",
                                           "default_group": org.groups["热线"]}, status=201)
    for username, expected in (("hl1", "booking"), ("as1", "refund")):
        window = MainWindow(make_session(username), settings)
        qtbot.addWidget(window)
        window.show()
        dialog = window.open_new_ticket()
        qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
        assert [dialog.type_combo.itemText(i) for i in range(dialog.type_combo.count())] == [
            "退款申请", "预约"
        ]
        assert dialog.ticket_type is not None and dialog.ticket_type.key == expected, username
        dialog.reject()
