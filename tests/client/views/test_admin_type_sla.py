"""The SLA section of the ticket-type editor against the real server: the targets, the
clock, the warning point, the targets per priority and the automatic actions are saved as
the server's policy and shown again; the server's refusal (a notified group it does not
know) is said at the field and changes nothing."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.views.admin_type_sla import SlaPolicyEditor
from ticketdesk.client.views.admin_types import TypesAdmin
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Priority
from ticketdesk.common.models import GroupPublic


def _screen(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> TypesAdmin:
    window = MainWindow(make_session("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    window.admin_action.trigger()
    assert window.admin_window is not None
    return window.admin_window.types


def _pick(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _refund(org) -> dict:
    return org.admin.ok("GET", f"/ticket-types/{org.type_id}")


def test_the_sla_policy_is_edited_saved_and_shown_again(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    sla: SlaPolicyEditor = screen.sla
    assert screen.select_type(org.type_id)
    # The refund type as conftest made it: 30 min / 1 day, business hours, warn at 80 %.
    assert (sla.first_response_spin.value(), sla.resolution_spin.value()) == (30, 1440)
    assert sla.clock_combo.currentData() == "business"
    assert (sla.warn_kind_combo.currentData(), sla.warn_spin.value()) == ("percent", 80)
    assert sla.warn_spin.suffix() == " %"
    assert sla.on_breach.group_combo.currentData() is None

    sla.first_response_spin.setValue(20)
    _pick(sla.clock_combo, "calendar")
    _pick(sla.warn_kind_combo, "minutes")
    assert sla.warn_spin.suffix() == " min" and sla.warn_spin.maximum() > 99
    sla.warn_spin.setValue(5)
    _pick(sla.on_warning.priority_combo, "high")
    _pick(sla.on_breach.priority_combo, "urgent")
    _pick(sla.on_breach.group_combo, "热线")
    urgent_first, urgent_resolution = sla.by_priority[Priority.URGENT]
    assert urgent_first.text() == "type's"  # 0: the type's own target
    assert urgent_first.accessibleName() == "Urgent: first response target"
    assert sla.on_breach.group_combo.accessibleName() == "At the breach: notify"
    urgent_first.setValue(10)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.text().startswith("Saved"), timeout=TIMEOUT_MS)

    saved = _refund(org)
    assert saved["sla_first_response_minutes"] == 20
    policy = saved["sla_policy"]
    assert (policy["clock"], policy["warn_minutes_before"], policy["warn_percent"]) == (
        "calendar", 5, None)
    assert policy["on_warning"] == {"raise_priority": "high", "notify_group": None}
    assert policy["on_breach"] == {"raise_priority": "urgent", "notify_group": "热线"}
    assert policy["by_priority"] == {"urgent": {"first_response_minutes": 10,
                                                "resolution_minutes": None}}

    # Shown again as saved, after looking at a new type in between.
    screen.new_type()
    assert sla.clock_combo.currentData() == "business" and sla.warn_spin.value() == 80
    assert screen.select_type(org.type_id)
    assert sla.first_response_spin.value() == 20
    assert (sla.warn_kind_combo.currentData(), sla.warn_spin.value()) == ("minutes", 5)
    assert sla.on_warning.priority_combo.currentData() == "high"
    assert sla.on_breach.group_combo.currentData() == "热线"
    assert (urgent_first.value(), urgent_resolution.value()) == (10, 0)
    assert sla.by_priority[Priority.HIGH][0].value() == 0
    assert all(label.isHidden() for label in sla._errors())


def test_the_servers_refusal_is_said_at_the_field(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    sla: SlaPolicyEditor = screen.sla
    state = screen._state
    # A group this client still lists but the server no longer has under that name.
    gone = next(iter(state.groups.values())).model_copy(update={"id": 999, "name": "已撤销组"})
    state.set_groups([*state.groups.values(), GroupPublic.model_validate(gone)])
    assert screen.select_type(org.type_id)
    before = _refund(org)
    _pick(sla.on_breach.group_combo, "已撤销组")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not sla.on_breach.error.isHidden(), timeout=TIMEOUT_MS)
    assert "No group has this name" in sla.on_breach.error.text()
    assert sla.on_warning.error.isHidden() and sla.warn_error.isHidden()
    assert "SLA policy" in screen.message.text()
    assert _refund(org) == before  # nothing changed
    # Choosing a group the server knows clears the refusal on the next save.
    _pick(sla.on_breach.group_combo, "售后")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.text().startswith("Saved"), timeout=TIMEOUT_MS)
    assert sla.on_breach.error.isHidden()
    assert _refund(org)["sla_policy"]["on_breach"]["notify_group"] == "售后"
