"""The administrator's groups screen against the real server: each mistake is named and saves
nothing; a schedule painted on the week grid, a member with a capacity and a supervisor reach
the server."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from PySide6.QtCore import QDate, QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import PASSWORD, HoldingProxy
from ticketdesk.client.models.group_admin import GroupColumn, GroupListModel, MembershipModel
from ticketdesk.client.models.hours import week_from_weekly, weekly_from_week
from ticketdesk.client.state.session import ClientSession
from ticketdesk.client.views.admin_groups import GroupsAdmin
from ticketdesk.client.views.hours_grid import HoursGrid
from ticketdesk.client.views.hours_summary import hours_summary
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.models import GroupUpdate, MembershipPublic


def _group(org, name: str) -> dict:
    return org.admin.ok("GET", f"/groups/{org.groups[name]}")


def _screen(qtbot: QtBot, make_session: MakeSession, settings: QSettings,
            session: ClientSession | None = None) -> GroupsAdmin:
    window = MainWindow(session or make_session("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    window.admin_action.trigger()
    assert window.admin_window is not None
    screen = window.admin_window.groups
    window.admin_window.tabs.setCurrentWidget(screen)
    return screen


def _edit(qtbot: QtBot, screen: GroupsAdmin, org, name: str) -> None:
    qtbot.waitUntil(lambda: screen.model.row_of(org.groups[name]) >= 0, timeout=TIMEOUT_MS)
    assert screen.select_group(org.groups[name])
    assert screen.name_edit.text() == name


def _click(qtbot: QtBot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_group_models(qtmodeltester, org, make_session: MakeSession) -> None:
    session = make_session("admin")
    groups = GroupListModel(session.state)
    qtmodeltester.check(groups, force_py=True)
    assert groups.rowCount() == 2
    members = MembershipModel(session.state)
    members.set_members(
        [MembershipPublic(group_id=1, user_id=org.users["hl1"], capacity=None),
         MembershipPublic(group_id=1, user_id=org.users["hl2"], capacity=3)],
        default_capacity=5,
    )
    qtmodeltester.check(members, force_py=True)
    assert members.data(members.index(0, 1)) == "5 (group default)"
    assert members.data(members.index(1, 1)) == "3"


def test_mistakes_are_named_and_save_nothing(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    _edit(qtbot, screen, org, "热线")
    before = _group(org, "热线")
    screen.name_edit.setText("   ")
    _click(qtbot, screen.save_button)
    assert screen.message.text() == "Enter a group name."
    screen.name_edit.setText("热线")
    screen.capacity_spin.setValue(0)
    _click(qtbot, screen.save_button)
    assert screen.message.text() == "The default capacity is a number from 1 to 1,000."
    screen.capacity_spin.setValue(before["default_capacity"])
    screen.timezone_combo.setCurrentText("Mars/Olympus")
    _click(qtbot, screen.save_button)
    assert screen.message.text() == "Choose a timezone from the list, e.g. Asia/Shanghai."
    # A member's capacity below zero is refused here, before anything is sent.
    members_before = org.admin.ok("GET", f"/groups/{org.groups['热线']}/members")
    qtbot.waitUntil(lambda: screen.member_model.rowCount() == 2, timeout=TIMEOUT_MS)
    screen.member_user_combo.setCurrentIndex(screen.member_user_combo.findData(org.users["as1"]))
    screen.member_capacity_edit.setText("-1")
    _click(qtbot, screen.add_member_button)
    assert screen.message.text().startswith("A capacity is a whole number from 0 to 1,000")
    assert org.admin.ok("GET", f"/groups/{org.groups['热线']}/members") == members_before
    assert _group(org, "热线") == before


def test_overlapping_shifts_are_refused(org) -> None:
    overlapping = {"weekly": {"mon": [{"start": "09:00", "end": "13:00"},
                                      {"start": "12:00", "end": "18:00"}]}}
    with pytest.raises(ValidationError, match="overlap"):
        GroupUpdate.model_validate({"working_hours": overlapping})
    before = _group(org, "热线")
    refused = org.admin.patch(f"/groups/{org.groups['热线']}", {"working_hours": overlapping})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"]
    assert _group(org, "热线") == before
    touching = {"mon": [{"start": "09:00", "end": "12:00"}, {"start": "12:00", "end": "18:00"}]}
    GroupUpdate.model_validate({"working_hours": {"weekly": touching}})  # back to back is fine


def _drag(qtbot: QtBot, grid: HoursGrid, start: tuple[int, int], end: tuple[int, int]) -> None:
    a, b = grid.cell_rect(*start).center(), grid.cell_rect(*end).center()
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(grid, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    qtbot.mouseMove(grid, b)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=b)


def test_painting_the_week_saves_that_schedule(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    _edit(qtbot, screen, org, "售后")
    screen.pages.setCurrentIndex(1)
    grid = screen.hours_grid
    qtbot.waitExposed(grid)
    # Erase the round-the-clock default: press on working time, drag over the whole week.
    _drag(qtbot, grid, (0, 0), (6, 47))
    assert grid.weekly() == {}
    _drag(qtbot, grid, (0, 18), (4, 35))  # Mon–Fri 09:00–18:00
    _drag(qtbot, grid, (0, 24), (4, 25))  # lunch off: 12:00–13:00 erased
    _drag(qtbot, grid, (5, 20), (5, 31))  # Sat 10:00–16:00
    _drag(qtbot, grid, (6, 44), (6, 47))  # Sun 22:00–24:00
    workday = [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]
    expected = {
        **{d: workday for d in ("mon", "tue", "wed", "thu", "fri")},
        "sat": [{"start": "10:00", "end": "16:00"}],
        "sun": [{"start": "22:00", "end": "24:00"}],
    }
    assert grid.weekly() == expected
    assert screen.summary_label.text() == (
        "Mon–Fri 09:00–12:00, 13:00–18:00 · Sat 10:00–16:00 · Sun 22:00–24:00 · 48 h a week"
    )
    # The keyboard: the cursor is on Sun 23:30 after the drag; up twice, space flips 22:30.
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert grid.weekly()["sun"] == [
        {"start": "22:00", "end": "22:30"}, {"start": "23:00", "end": "24:00"}
    ]
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    screen.holiday_date.set_text("2027-01-01")
    _click(qtbot, screen.add_holiday_button)
    before = _group(org, "售后")
    _click(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    after = _group(org, "售后")
    assert after["working_hours"]["weekly"] == expected
    assert after["working_hours"]["holidays"] == ["2027-01-01"]
    assert {k: v for k, v in after.items() if k not in ("working_hours", "load")} == {
        k: v for k, v in before.items() if k not in ("working_hours", "load")
    }
    # Saved again unchanged: nothing is sent.
    _click(qtbot, screen.save_button)
    assert screen.message.text() == "Nothing has changed."


def test_hours_round_trip() -> None:
    weekly = {"mon": [{"start": "00:00", "end": "08:30"}, {"start": "17:00", "end": "24:00"}],
              "wed": [{"start": "09:15", "end": "17:45"}]}
    week = week_from_weekly(weekly)
    assert weekly_from_week(week) == {
        "mon": weekly["mon"], "wed": [{"start": "09:00", "end": "18:00"}]
    }
    assert hours_summary({}) == "No working time: the group never opens."
    assert hours_summary({"mon": weekly["mon"], "tue": weekly["mon"]}) == (
        "Mon, Tue 00:00–08:30, 17:00–24:00 · closed Wed–Sun · 31 h a week"
    )


def test_settings_members_and_supervisors_reach_the_server(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    _edit(qtbot, screen, org, "热线")
    screen.description_edit.setText("电话热线")
    screen.timeout_spin.setValue(45)
    _click(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    group = _group(org, "热线")
    assert group["description"] == "电话热线" and group["accept_timeout_seconds"] == 45

    gid = org.groups["热线"]
    qtbot.waitUntil(lambda: screen.member_model.rowCount() == 2, timeout=TIMEOUT_MS)
    screen.member_user_combo.setCurrentIndex(screen.member_user_combo.findData(org.users["as1"]))
    screen.member_capacity_edit.setText("7")
    _click(qtbot, screen.add_member_button)
    qtbot.waitUntil(lambda: screen.member_model.rowCount() == 3, timeout=TIMEOUT_MS)
    members = {m["user_id"]: m["capacity"] for m in org.admin.ok("GET", f"/groups/{gid}/members")}
    assert members[org.users["as1"]] == 7

    screen.supervisor_combo.setCurrentIndex(screen.supervisor_combo.findData(org.users["sup"]))
    _click(qtbot, screen.add_supervisor_button)
    qtbot.waitUntil(lambda: screen.supervisor_list.count() == 1, timeout=TIMEOUT_MS)
    assert _group(org, "热线")["supervisor_ids"] == [org.users["sup"]]
    screen.supervisor_list.setCurrentRow(0)
    _click(qtbot, screen.remove_supervisor_button)
    qtbot.waitUntil(lambda: screen.supervisor_list.count() == 0, timeout=TIMEOUT_MS)
    assert _group(org, "热线")["supervisor_ids"] == []

    row = next(
        r for r in range(3) if screen.member_model.member_at(r).user_id == org.users["as1"]
    )
    screen.member_table.selectRow(row)
    _click(qtbot, screen.remove_member_button)
    qtbot.waitUntil(lambda: screen.member_model.rowCount() == 2, timeout=TIMEOUT_MS)
    members = {m["user_id"] for m in org.admin.ok("GET", f"/groups/{gid}/members")}
    assert org.users["as1"] not in members

    # A new group starts with office hours, and says so.
    screen.new_group()
    office = {d: [{"start": "09:00", "end": "18:00"}] for d in ("mon", "tue", "wed", "thu", "fri")}
    assert screen.hours_grid.weekly() == office
    assert screen.summary_label.text() == "Mon–Fri 09:00–18:00 · closed Sat, Sun · 45 h a week"
    screen.name_edit.setText("质量投诉")
    screen.pages.setCurrentIndex(1)
    assert screen.preset_label.isVisible()
    _click(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    created = next(g for g in org.admin.ok("GET", "/groups") if g["name"] == "质量投诉")
    assert created["working_hours"]["weekly"] == office
    assert not screen.preset_label.isVisible()  # an existing group shows its own hours

    # A new group with an empty week: created, never open.
    screen.new_group()
    screen.name_edit.setText("大客户")
    qtbot.waitExposed(screen.hours_grid)
    _drag(qtbot, screen.hours_grid, (0, 0), (6, 47))  # paints the whole week…
    _drag(qtbot, screen.hours_grid, (0, 0), (6, 47))  # …and erases it
    _click(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=TIMEOUT_MS)
    created = next(g for g in org.admin.ok("GET", "/groups") if g["name"] == "大客户")
    assert created["working_hours"]["weekly"] == {}
    assert screen.name_edit.text() == "大客户" and screen.pages.isTabEnabled(2)


def test_a_typed_holiday_is_added_with_enter_or_add(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    screen.pages.setCurrentIndex(1)
    edit = screen.holiday_date.edit
    qtbot.waitExposed(edit)
    qtbot.keyClicks(edit, "2026-10-01")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert screen.holidays() == ["2026-10-01"]
    assert edit.text() == ""  # ready for the next day
    qtbot.keyClicks(edit, "2026/9/30")  # the other ways people write a day
    _click(qtbot, screen.add_holiday_button)
    edit.insert("2026年10月2日")  # (typed through an input method: QTest sends no Chinese)
    qtbot.keyClick(edit, Qt.Key.Key_Enter)
    assert screen.holidays() == ["2026-09-30", "2026-10-01", "2026-10-02"]
    qtbot.keyClicks(edit, "2026-02-30")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert screen.message.text() == (
        "“2026-02-30” is not a date. Write it as year-month-day, e.g. 2026-10-01, "
        "or pick it on the calendar."
    )
    assert screen.holidays() == ["2026-09-30", "2026-10-01", "2026-10-02"]
    assert edit.text() == "2026-02-30"  # kept, to be corrected
    edit.clear()
    _click(qtbot, screen.add_holiday_button)
    assert screen.message.text() == "Type a date, e.g. 2026-10-01, or pick one."
    # Picking a day on the calendar adds it at once.
    screen.holiday_date.calendar.clicked.emit(QDate(2026, 12, 31))
    assert screen.holidays()[-1] == "2026-12-31"


def test_member_picker_lists_agents_by_pinyin(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    for username, name, role in (("zw", "张伟", "agent"), ("ln", "李娜", "agent"),
                                 ("aq", "阿强", "agent"), ("boss", "白主管", "supervisor")):
        org.admin.ok("POST", "/users", {"username": username, "display_name": name,
                                        "role": role, "password": PASSWORD}, status=201)
    screen = _screen(qtbot, make_session, settings)
    _edit(qtbot, screen, org, "热线")
    combo = screen.member_user_combo

    def names() -> list[str]:
        return [combo.itemText(i) for i in range(combo.count())]

    qtbot.waitUntil(lambda: "张伟 (zw)" in names(), timeout=TIMEOUT_MS)
    # Agents only (hl1, hl2 are members already), Chinese names by pinyin: a, l, z.
    assert names() == ["阿强 (aq)", "李娜 (ln)", "张伟 (zw)", "AS1 (as1)", "AS2 (as2)"]
    screen.member_all_roles_check.setChecked(True)
    assert names() == ["阿强 (aq)", "白主管 (boss, Supervisor)", "李娜 (ln)", "张伟 (zw)",
                       "Admin (admin, Admin)", "AS1 (as1)", "AS2 (as2)",
                       "SUP (sup, Supervisor)"]


def test_the_list_of_groups_counts_members_as_they_change(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    """Another admin (or this one, on the Members page) adds and removes a member: the
    Members column follows without a refresh."""
    screen = _screen(qtbot, make_session, settings)
    gid = org.groups["热线"]

    def listed() -> str:
        return screen.model.index(screen.model.row_of(gid), GroupColumn.MEMBERS).data()

    qtbot.waitUntil(lambda: screen.model.row_of(gid) >= 0 and listed() == "2",
                    timeout=TIMEOUT_MS)
    org.admin.ok("PUT", f"/groups/{gid}/members/{org.users['as1']}", {})
    qtbot.waitUntil(lambda: listed() == "3", timeout=TIMEOUT_MS)
    org.admin.ok("DELETE", f"/groups/{gid}/members/{org.users['as1']}", status=204)
    qtbot.waitUntil(lambda: listed() == "2", timeout=TIMEOUT_MS)


def test_the_members_follow_another_admin_and_never_go_back(
    qtbot: QtBot, org, proxy: HoldingProxy, make_session: MakeSession, settings: QSettings
) -> None:
    """Another admin adds a member while the list of members is being read (its answer held
    back, as on a slow connection): the list is read again and shows the new member, and the
    first answer, arriving last, does not take them away."""
    session = make_session("admin", address=proxy.address)
    screen = _screen(qtbot, make_session, settings, session)
    gid = org.groups["热线"]
    qtbot.waitUntil(lambda: screen.model.row_of(gid) >= 0, timeout=TIMEOUT_MS)
    proxy.hold(f"GET /api/v1/groups/{gid}/members".encode())
    assert screen.select_group(gid)
    qtbot.waitUntil(proxy.holding.is_set, timeout=TIMEOUT_MS)
    org.admin.ok("PUT", f"/groups/{gid}/members/{org.users['as1']}", {})
    qtbot.waitUntil(lambda: screen.member_model.rowCount() == 3, timeout=TIMEOUT_MS)
    proxy.release()
    qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)
    assert screen.member_model.rowCount() == 3
    assert org.users["as1"] in screen.member_model.user_ids()
