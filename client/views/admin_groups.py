"""Administration of groups: settings, weekly working hours (a week grid), timezone,
holidays, members with their capacity, supervisors.

Settings and hours are saved together, sending only what changed, checked first with the wire
models the server checks (`GroupCreate`, `GroupUpdate`, `MembershipSet`): a mistake is named
here and nothing is sent. Members and supervisors are added and removed one at a time."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import available_timezones

from pydantic import ValidationError
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import Role
from ticketdesk.common.models import (
    GroupCreate,
    GroupPublic,
    GroupUpdate,
    MembershipPublic,
    MembershipSet,
    WorkingHours,
)

from ..collation import sorted_by_name
from ..labels import role_label
from ..models.group_admin import GroupColumn, GroupListModel, MembershipColumn, MembershipModel
from ..models.hours import week_from_weekly, weekly_from_week
from ..net.api import ApiError, ApiReply
from ..state.group_admin import GroupAdmin
from ..state.newest import NewestAnswer
from ..state.session import ClientSession
from .admin_rows import fit_columns, reselect_quietly, select_id, selected_row
from .common import MessageBar, error_text
from .date_entry import DateEntry
from .hours_grid import HoursGrid
from .hours_summary import hours_summary
from .retranslate import FollowsLanguage

_TIMEZONES = sorted(available_timezones())


def _table(parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    return table


class GroupsAdmin(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupsAdmin")
        self._state = session.state
        self._admin = GroupAdmin(session, self)
        self._group_id: int | None = None
        """The group being edited; None: a new one."""
        self._reply: ApiReply | None = None
        self._member_reply: ApiReply | None = None
        self._member_reads = NewestAnswer()

        self.model = GroupListModel(session.state, self)
        self.table = _table(self)
        self.table.setModel(self.model)
        fit_columns(self.table, GroupColumn.NAME)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._reselect)
        self.new_button = QPushButton(self)
        self.texts.set(self.new_button.setText, lambda: self.tr("New group"))
        self.new_button.clicked.connect(self.new_group)

        self.message = MessageBar(self)
        self.save_button = QPushButton(self)
        self.texts.set(self.save_button.setText, lambda: self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        self.pages = QTabWidget(self)
        self.texts.tab(self.pages, self._settings_page(), lambda: self.tr("Settings"))
        self.texts.tab(self.pages, self._hours_page(), lambda: self.tr("Working hours"))
        self._members_index = self.texts.tab(
            self.pages, self._members_page(), lambda: self.tr("Members"))
        self._supervisors_index = self.texts.tab(
            self.pages, self._supervisors_page(), lambda: self.tr("Supervisors"))
        self._state.groups_changed.connect(self._show_supervisors)
        self._state.groups_changed.connect(self._follow_members)
        self._state.users_changed.connect(self._fill_user_choices)

        # The list and the group's pages side by side, the split kept by the window; the
        # message wraps beside the Save button, under both.
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("groupsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([380, 900])  # until the admin moves it (then remembered)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(
            self.save_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        self.new_group()

    # ------------------------------------------------------------ pages

    def _settings_page(self) -> QWidget:
        page = QWidget(self)
        # The server's own limits, so nothing can be typed that it would refuse.
        self.name_edit = QLineEdit(page)
        self.name_edit.setMaxLength(limits.NAME_MAX)
        self.description_edit = QLineEdit(page)
        self.description_edit.setMaxLength(limits.DESCRIPTION_MAX)
        self.capacity_spin = QSpinBox(page)
        self.capacity_spin.setRange(0, 1_000)
        self.texts.set(self.capacity_spin.setToolTip, lambda: self.tr(
            "How many tickets a member works on at once, unless set for them."))
        self.timeout_spin = QSpinBox(page)
        self.timeout_spin.setRange(0, 86_400)
        self.texts.set(self.timeout_spin.setSuffix, lambda: self.tr(" s"))
        self.texts.set(self.timeout_spin.setToolTip, lambda: self.tr(
            "How long an agent has to accept an offered ticket before it moves on."))
        self.active_check = QCheckBox(page)
        self.texts.set(self.active_check.setText, lambda: self.tr("Active (receives new tickets)"))
        form = QFormLayout(page)
        label = self.texts.label
        form.addRow(label(lambda: self.tr("Name"), self.name_edit), self.name_edit)
        form.addRow(label(lambda: self.tr("Description"), self.description_edit),
                    self.description_edit)
        form.addRow(label(lambda: self.tr("Default capacity"), self.capacity_spin),
                    self.capacity_spin)
        form.addRow(label(lambda: self.tr("Accept timeout"), self.timeout_spin),
                    self.timeout_spin)
        form.addRow("", self.active_check)
        return page

    def _hours_page(self) -> QWidget:
        page = QWidget(self)
        self.timezone_combo = QComboBox(page)
        self.timezone_combo.setEditable(True)
        self.timezone_combo.addItems(_TIMEZONES)
        self.timezone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(_TIMEZONES, self.timezone_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "Shang" finds Asia/Shanghai
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.timezone_combo.setCompleter(completer)
        self.hours_grid = HoursGrid(page)
        self.hours_grid.changed.connect(self._show_summary)
        self.summary_label = QLabel(page)
        self.summary_label.setObjectName("hoursSummary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        hint = QLabel(page)
        self.texts.set(hint.setText, lambda: self.tr(
            "Drag to paint working time; drag from a working cell to erase."))
        hint.setWordWrap(True)
        self.preset_label = QLabel(page)
        self.texts.set(self.preset_label.setText, lambda: self.tr(
            "A new group starts with office hours: Monday to Friday, 09:00–18:00 in its "
            "timezone. Change them before saving if the group works other hours."))
        self.preset_label.setObjectName("hoursPreset")
        self.preset_label.setWordWrap(True)

        self.holiday_date = DateEntry(page)
        self.holiday_date.submitted.connect(self.add_holiday)
        self.add_holiday_button = QPushButton(page)
        self.texts.set(self.add_holiday_button.setText, lambda: self.tr("Add holiday"))
        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.holiday_list = QListWidget(page)
        self.holiday_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.remove_holiday_button = QPushButton(page)
        self.texts.set(self.remove_holiday_button.setText, lambda: self.tr("Remove holiday"))
        self.remove_holiday_button.clicked.connect(self.remove_holidays)

        top = QFormLayout()
        top.addRow(self.texts.label(lambda: self.tr("Timezone"), self.timezone_combo),
                   self.timezone_combo)
        grid_side = QVBoxLayout()
        grid_side.addLayout(top)
        grid_side.addWidget(self.preset_label)
        grid_side.addWidget(hint)
        grid_side.addWidget(self.hours_grid, 1)
        grid_side.addWidget(self.summary_label)
        holidays = QVBoxLayout()
        holidays.addWidget(self.texts.label(lambda: self.tr("Holidays (closed all day)"),
                                            self.holiday_date))
        holidays.addWidget(self.holiday_date)
        holidays.addWidget(self.add_holiday_button)
        holidays.addWidget(self.holiday_list, 1)
        holidays.addWidget(self.remove_holiday_button)
        layout = QHBoxLayout(page)
        layout.addLayout(grid_side, 3)
        layout.addLayout(holidays, 1)
        return page

    def _members_page(self) -> QWidget:
        page = QWidget(self)
        self.member_model = MembershipModel(self._state, self)
        self.member_table = _table(page)
        self.member_table.setModel(self.member_model)
        fit_columns(self.member_table, MembershipColumn.NAME)
        self.member_user_combo = QComboBox(page)
        self.member_user_combo.setMinimumContentsLength(16)
        self.member_user_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Tickets are handled by agents; a supervisor or admin who also takes tickets is the
        # exception, so they are listed only on request (and then marked with their role).
        self.member_all_roles_check = QCheckBox(page)
        self.texts.set(self.member_all_roles_check.setText,
                       lambda: self.tr("Also list supervisors and admins"))
        self.member_all_roles_check.toggled.connect(self._fill_user_choices)
        self.member_capacity_edit = QLineEdit(page)
        self.member_capacity_edit.setMaxLength(5)  # up to 1,000 (a longer number is refused)
        self.texts.set(self.member_capacity_edit.setPlaceholderText,
                       lambda: self.tr("group default"))
        self.add_member_button = QPushButton(page)
        self.texts.set(self.add_member_button.setText, lambda: self.tr("Add member"))
        self.add_member_button.clicked.connect(self.add_member)
        self.set_capacity_button = QPushButton(page)
        self.texts.set(self.set_capacity_button.setText, lambda: self.tr("Set capacity"))
        self.set_capacity_button.clicked.connect(self.set_capacity)
        self.remove_member_button = QPushButton(page)
        self.texts.set(self.remove_member_button.setText, lambda: self.tr("Remove member"))
        self.remove_member_button.clicked.connect(self.remove_member)
        row = QHBoxLayout()
        row.addWidget(self.member_user_combo, 2)
        row.addWidget(self.texts.label(lambda: self.tr("Capacity"), self.member_capacity_edit))
        row.addWidget(self.member_capacity_edit, 1)
        row.addWidget(self.add_member_button)
        row.addWidget(self.set_capacity_button)
        row.addWidget(self.remove_member_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.member_table, 1)
        layout.addLayout(row)
        layout.addWidget(self.member_all_roles_check)
        return page

    def _supervisors_page(self) -> QWidget:
        page = QWidget(self)
        self.supervisor_list = QListWidget(page)
        self.supervisor_combo = QComboBox(page)
        self.add_supervisor_button = QPushButton(page)
        self.texts.set(self.add_supervisor_button.setText, lambda: self.tr("Add supervisor"))
        self.add_supervisor_button.clicked.connect(self.add_supervisor)
        self.remove_supervisor_button = QPushButton(page)
        self.texts.set(self.remove_supervisor_button.setText,
                       lambda: self.tr("Remove supervisor"))
        self.remove_supervisor_button.clicked.connect(self.remove_supervisor)
        note = QLabel(page)
        self.texts.set(note.setText, lambda: self.tr(
            "Their dispatch board opens on this group. It grants no rights."))
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.supervisor_combo, 1)
        row.addWidget(self.add_supervisor_button)
        row.addWidget(self.remove_supervisor_button)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.supervisor_list, 1)
        layout.addLayout(row)
        return page

    def retranslate(self) -> None:
        """The fixed words, and those made from the group shown: the hours in words, the
        users' roles in the member choices."""
        super().retranslate()
        self._show_summary()
        self._fill_user_choices()

    # ------------------------------------------------------------ choosing

    def new_group(self) -> None:
        self.table.clearSelection()
        self._show(None)

    def select_group(self, group_id: int) -> bool:
        return select_id(self.table, self.model, group_id)

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = selected_row(self.table)
        if row is not None:
            self._show(self.model.group_at(row))

    def _reselect(self) -> None:
        reselect_quietly(self.table, self.model, self._group_id)

    def _current(self) -> GroupPublic | None:
        return self._state.groups.get(self._group_id) if self._group_id is not None else None

    def _show(self, group: GroupPublic | None) -> None:
        self._group_id = group.id if group else None
        self.message.clear_message()
        defaults = GroupCreate(name="-")
        self.name_edit.setText(group.name if group else "")
        self.description_edit.setText(group.description if group else "")
        self.capacity_spin.setValue(group.default_capacity if group else defaults.default_capacity)
        self.timeout_spin.setValue(
            group.accept_timeout_seconds if group else defaults.accept_timeout_seconds
        )
        self.active_check.setChecked(group.active if group else True)
        self.active_check.setEnabled(group is not None)
        # A new group starts from office hours, said so above the grid; round the clock (the
        # API's default) would hand out tickets at 3 a.m. to whoever forgot to go offline.
        hours = group.working_hours if group else WorkingHours.office()
        self.preset_label.setVisible(group is None)
        self.timezone_combo.setCurrentText(hours.timezone)
        self.hours_grid.set_weekly(hours.weekly)  # type: ignore[arg-type]
        self.holiday_list.clear()
        for day in sorted(hours.holidays):
            self._add_holiday_item(day)
        self._show_summary()
        self.pages.setTabEnabled(self._members_index, group is not None)
        self.pages.setTabEnabled(self._supervisors_index, group is not None)
        self.member_model.set_members([], group.default_capacity if group else 0)
        if group is not None:
            self._load_members()
        self._show_supervisors()

    def _show_summary(self) -> None:
        self.summary_label.setText(hours_summary(self.hours_grid.weekly()))

    # ------------------------------------------------------------ holidays

    def _add_holiday_item(self, day: date) -> None:
        item = QListWidgetItem(day.isoformat())
        item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
        self.holiday_list.addItem(item)

    def holidays(self) -> list[str]:
        return sorted(
            self.holiday_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.holiday_list.count())
        )

    def add_holiday(self) -> None:
        """Add the day typed (or picked); say why when the text is not a day."""
        text = self.holiday_date.text().strip()
        day = self.holiday_date.date()
        if day is None:
            if text:
                self.message.show_error(
                    lambda: self.tr(
                        "“{text}” is not a date. Write it as year-month-day, e.g. 2026-10-01, "
                        "or pick it on the calendar."
                    ).format(text=text)
                )
            else:
                self.message.show_error(
                    lambda: self.tr("Type a date, e.g. 2026-10-01, or pick one."))
            return
        self.message.clear_message()
        self.holiday_date.set_text("")
        if day.isoformat() in self.holidays():
            self.message.show_notice(
                lambda: self.tr("{day} is already a holiday.").format(day=day.isoformat())
            )
            return
        days = sorted([*self.holidays(), day.isoformat()])
        self.holiday_list.clear()
        for d in days:
            self._add_holiday_item(date.fromisoformat(d))
        self.holiday_list.setCurrentRow(days.index(day.isoformat()))

    def remove_holidays(self) -> None:
        for item in self.holiday_list.selectedItems():
            self.holiday_list.takeItem(self.holiday_list.row(item))

    # ------------------------------------------------------------ saving

    def _working_hours(self, group: GroupPublic | None) -> dict[str, Any] | None:
        """The hours as edited; None when they are as the group has them."""
        weekly: dict[str, Any] = self.hours_grid.weekly()
        timezone = self.timezone_combo.currentText().strip()
        holidays = self.holidays()
        if group is not None:
            current = group.working_hours
            stored = current.model_dump(mode="json")["weekly"]
            # Shifts off the half hour show widened on the grid; unchanged, they stay as stored.
            if weekly == weekly_from_week(week_from_weekly(stored)):
                weekly = stored
            same = (
                weekly == stored
                and timezone == current.timezone
                and holidays == sorted(d.isoformat() for d in current.holidays)
            )
            if same:
                return None
        return {"timezone": timezone, "weekly": weekly, "holidays": holidays}

    def save(self) -> None:
        """Check the form as the server would; send only what changed, and only if valid."""
        if self._reply is not None:
            return
        self.message.clear_message()
        group = self._current()
        fields: dict[str, Any] = {
            "name": self.name_edit.text(),
            "description": self.description_edit.text(),
            "default_capacity": self.capacity_spin.value(),
            "accept_timeout_seconds": self.timeout_spin.value(),
        }
        hours = self._working_hours(group)
        if hours is not None:
            fields["working_hours"] = hours
        try:
            if group is None:
                self._reply = self._admin.create_group(GroupCreate.model_validate(fields))
            else:
                fields["active"] = self.active_check.isChecked()
                was = group.model_dump(mode="json")
                changes = {k: v for k, v in fields.items() if k == "working_hours" or v != was[k]}
                if "name" in changes and changes["name"].strip() == group.name:
                    del changes["name"]
                update = GroupUpdate.model_validate(changes)
                if not changes:
                    self.message.show_notice(lambda: self.tr("Nothing has changed."))
                    return
                self._reply = self._admin.update_group(group.id, update)
        except ValidationError as invalid:
            problem = invalid  # (the ``as`` name is gone after the block; the words stay)
            self.message.show_error(lambda: self._invalid_text(problem))
            return
        self.save_button.setEnabled(False)
        self._reply.succeeded.connect(self._on_saved)
        self._reply.failed.connect(self._on_failed)
        self._reply.finished.connect(self._on_finished)

    def _invalid_text(self, invalid: ValidationError) -> str:
        error = invalid.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        if field == "name":
            return self.tr("Enter a group name.")
        if field == "description":
            return self.tr("The description is too long.")
        if field == "default_capacity":
            return self.tr("The default capacity is a number from 1 to 1,000.")
        if field == "accept_timeout_seconds":
            return self.tr("The accept timeout is 3 seconds to 24 hours.")
        if field == "working_hours":
            if "timezone" in error["loc"]:
                return self.tr("Choose a timezone from the list, e.g. Asia/Shanghai.")
            if "overlap" in error["msg"]:
                return self.tr("Two shifts of one day overlap.")
            return self.tr("The working hours are invalid.")
        return self.tr("Some entries are invalid.")

    def _on_saved(self, group: GroupPublic) -> None:
        self._group_id = group.id
        self.select_group(group.id)
        self._show(group)
        self.message.show_notice(lambda: self.tr("Saved."))

    def _on_failed(self, error: ApiError) -> None:
        if error.code == "group_name_taken":
            name = self.name_edit.text()
            self.message.show_error(lambda: self.tr("A group named “{name}” exists.").format(
                name=name))
        else:
            self.message.show_error(lambda: error_text(error))

    def _on_finished(self) -> None:
        self._reply = None
        self.save_button.setEnabled(True)

    # ------------------------------------------------------------ members

    # Replies are connected to bound methods, never closures: Qt drops the connection when
    # this screen goes, so a late answer cannot reach a deleted widget.

    def _load_members(self) -> None:
        group = self._current()
        if group is None:
            return
        reply = self._member_reads.asked(self._admin.members(group.id))
        reply.succeeded.connect(self._on_members)
        reply.failed.connect(self._on_side_failed)

    def _follow_members(self) -> None:
        # Another admin added or removed a member: the group's count moved, read it again.
        group = self._current()
        if (group is not None and group.load is not None and self._member_reply is None
                and group.load.members != self.member_model.rowCount()):
            self._load_members()

    def _on_members(self, members: list[MembershipPublic]) -> None:
        if not self._member_reads.is_newest(self.sender()):
            return  # read before a change, or for a group chosen before
        current = self._current()
        if current is not None and all(m.group_id == current.id for m in members):
            self.member_model.set_members(members, current.default_capacity)
            self._fill_user_choices()

    def _on_side_failed(self, error: ApiError) -> None:
        self.message.show_error(lambda: error_text(error))

    def _fill_user_choices(self) -> None:
        members = self.member_model.user_ids()
        chosen = self.member_user_combo.currentData()
        self.member_user_combo.clear()
        all_roles = self.member_all_roles_check.isChecked()
        users = sorted_by_name(
            (
                u
                for u in self._state.users.values()
                if u.active and u.id not in members and (all_roles or u.role is Role.AGENT)
            ),
            lambda u: u.display_name,
        )
        for user in users:
            if user.role is Role.AGENT:
                text = f"{user.display_name} ({user.username})"
            else:
                text = f"{user.display_name} ({user.username}, {role_label(user.role)})"
            self.member_user_combo.addItem(text, user.id)
        index = self.member_user_combo.findData(chosen)
        self.member_user_combo.setCurrentIndex(max(index, 0))
        self._show_supervisors()

    def _capacity(self) -> MembershipSet | None:
        text = self.member_capacity_edit.text().strip()
        try:
            return MembershipSet(capacity=int(text) if text else None)
        except (ValueError, ValidationError):
            self.message.show_error(
                lambda: self.tr(
                    "A capacity is a whole number from 0 to 1,000 "
                    "(0: no automatic assignment), or empty for the group's default."
                )
            )
            return None

    def _send_member(self, user_id: int) -> None:
        group = self._current()
        if group is None or self._member_reply is not None:
            return
        self.message.clear_message()
        data = self._capacity()
        if data is None:
            return
        self._member_reply = self._admin.set_member(group.id, user_id, data)
        self._member_done(self._member_reply)

    def _member_done(self, reply: ApiReply) -> None:
        reply.succeeded.connect(self._on_member_changed)
        reply.failed.connect(self._on_side_failed)
        reply.finished.connect(self._on_member_finished)

    def _on_member_changed(self, _result: object) -> None:
        self._load_members()
        self.message.show_notice(lambda: self.tr("Saved."))

    def _on_member_finished(self) -> None:
        self._member_reply = None

    def add_member(self) -> None:
        user_id = self.member_user_combo.currentData()
        if user_id is None:
            self.message.show_error(lambda: self.tr("Choose a user to add."))
            return
        self._send_member(int(user_id))

    def _selected_member(self) -> int | None:
        rows = self.member_table.selectionModel().selectedRows()
        member = self.member_model.member_at(rows[0].row()) if rows else None
        if member is None:
            self.message.show_error(lambda: self.tr("Choose a member in the list."))
            return None
        return member.user_id

    def set_capacity(self) -> None:
        user_id = self._selected_member()
        if user_id is not None:
            self._send_member(user_id)

    def remove_member(self) -> None:
        group = self._current()
        user_id = self._selected_member()
        if group is None or user_id is None or self._member_reply is not None:
            return
        self.message.clear_message()
        self._member_reply = self._admin.remove_member(group.id, user_id)
        self._member_done(self._member_reply)

    # ------------------------------------------------------------ supervisors

    def _show_supervisors(self) -> None:
        group = self._current()
        ids = set(group.supervisor_ids) if group else set()
        self.supervisor_list.clear()
        users = self._state.users
        for user_id in sorted_by_name(
            ids, lambda i: users[i].display_name if i in users else ""
        ):
            user = users.get(user_id)
            item = QListWidgetItem(user.display_name if user else f"#{user_id}")
            item.setData(Qt.ItemDataRole.UserRole, user_id)
            self.supervisor_list.addItem(item)
        self.supervisor_combo.clear()
        overseers = sorted_by_name(
            (
                u
                for u in users.values()
                if u.active and u.role in (Role.SUPERVISOR, Role.ADMIN) and u.id not in ids
            ),
            lambda u: u.display_name,
        )
        for user in overseers:
            self.supervisor_combo.addItem(f"{user.display_name} ({user.username})", user.id)

    def add_supervisor(self) -> None:
        group = self._current()
        user_id = self.supervisor_combo.currentData()
        if group is None or user_id is None or self._member_reply is not None:
            return
        self.message.clear_message()
        self._member_reply = self._admin.set_supervisor(group.id, int(user_id))
        self._member_done(self._member_reply)

    def remove_supervisor(self) -> None:
        group = self._current()
        item = self.supervisor_list.currentItem()
        if group is None or item is None or self._member_reply is not None:
            return
        self.message.clear_message()
        self._member_reply = self._admin.remove_supervisor(
            group.id, int(item.data(Qt.ItemDataRole.UserRole))
        )
        self._member_done(self._member_reply)
