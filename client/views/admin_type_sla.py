"""The SLA section of the ticket-type editor: the two targets, which clock counts them
(the holding group's working hours, or round the clock), the warning point (a share of the
target, or minutes before the breach), and what the server does by itself at the warning
and at the breach (raise the priority, notify a group's supervisors) — the policy the
server keeps in ``sla_policy`` (docs/sla.md).

Targets per priority replace the type's own for tickets of that priority ("type's" — 0 —
falls back to them, as the server does). A refusal, ours or the server's, is said under the
field it concerns (``show_error`` takes the location pydantic or the server gives:
``sla_policy.on_breach.notify_group`` …)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ticketdesk.common.enums import Priority
from ticketdesk.common.models import SlaClock, SlaPolicy, TicketTypePublic

from ..collation import sorted_by_name
from ..labels import priority_label
from ..state.cache import ClientState
from .common import Words, plain_label
from .retranslate import FollowsLanguage, Texts

SLA_MAX_MINUTES = 525_600
"""The server's bound on a target (a year of minutes)."""
PERCENT, MINUTES = "percent", "minutes"
ACTIONS = ("on_warning", "on_breach")


class _ActionRow(QWidget):
    """One automatic action: raise the priority to …, notify group …"""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.priority_combo = QComboBox(self)
        self.group_combo = QComboBox(self)
        self.error = plain_label("", self, object_name="fieldError")
        self.error.hide()
        self.raise_label = QLabel(self)
        self.notify_label = QLabel(self)
        self.raise_label.setBuddy(self.priority_combo)
        self.notify_label.setBuddy(self.group_combo)
        for combo in (self.priority_combo, self.group_combo):
            # Narrow enough for the editor's pane whatever the group names' lengths.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.raise_label, 0, 0)
        grid.addWidget(self.priority_combo, 0, 1)
        grid.addWidget(self.notify_label, 1, 0)
        grid.addWidget(self.group_combo, 1, 1)
        grid.addWidget(self.error, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)

    def value(self) -> dict[str, Any] | None:
        priority, group = self.priority_combo.currentData(), self.group_combo.currentData()
        if priority is None and group is None:
            return None
        return {"raise_priority": priority, "notify_group": group}


class SlaPolicyEditor(FollowsLanguage, QGroupBox):
    def __init__(self, state: ClientState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slaPolicyEditor")
        self._state = state
        self._refusals = Texts()
        """The refusals shown under the fields, said again in a new language."""
        self.first_response_spin = self._minutes_spin()
        self.resolution_spin = self._minutes_spin()
        self.targets_error = plain_label("", self, object_name="fieldError")
        self.clock_combo = QComboBox(self)
        self.clock_combo.addItem("", SlaClock.BUSINESS.value)
        self.clock_combo.addItem("", SlaClock.CALENDAR.value)
        self.warn_kind_combo = QComboBox(self)
        self.warn_kind_combo.addItem("", PERCENT)
        self.warn_kind_combo.addItem("", MINUTES)
        self.warn_spin = QSpinBox(self)
        self.warn_spin.setMinimumWidth(80)
        for combo in (self.clock_combo, self.warn_kind_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.warn_error = plain_label("", self, object_name="fieldError")
        self.warn_kind_combo.currentIndexChanged.connect(self._warn_kind_changed)
        self.on_warning = _ActionRow(self)
        self.on_breach = _ActionRow(self)
        # Per priority: (first response, resolution) spins; 0 means "the type's own".
        self.by_priority: dict[Priority, tuple[QSpinBox, QSpinBox]] = {
            p: (self._minutes_spin(), self._minutes_spin()) for p in Priority}
        self._priority_labels = {p: QLabel(self) for p in Priority}
        self._column_labels = (QLabel(self), QLabel(self))
        self.by_priority_error = plain_label("", self, object_name="fieldError")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self._column_labels[0], 0, 1)
        grid.addWidget(self._column_labels[1], 0, 2)
        for row, priority in enumerate(Priority, start=1):
            first, resolution = self.by_priority[priority]
            self._priority_labels[priority].setBuddy(first)
            grid.addWidget(self._priority_labels[priority], row, 0)
            grid.addWidget(first, row, 1)
            grid.addWidget(resolution, row, 2)
        grid.addWidget(self.by_priority_error, len(Priority) + 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self._by_priority_label = QLabel(self)
        for error in (self.targets_error, self.warn_error, self.by_priority_error):
            error.hide()

        warn_row = QHBoxLayout()
        warn_row.setContentsMargins(0, 0, 0, 0)
        warn_row.addWidget(self.warn_spin)
        warn_row.addWidget(self.warn_kind_combo, 1)
        self.form = QFormLayout(self)
        self._labels = [QLabel(self) for _ in range(5)]
        for label, field in zip(self._labels, (
            self.first_response_spin, self.resolution_spin, self.clock_combo,
            self.warn_spin, self.on_warning.priority_combo), strict=True):
            label.setBuddy(field)
        self.form.addRow(self._labels[0], self.first_response_spin)
        self.form.addRow(self._labels[1], self.resolution_spin)
        self.form.addRow("", self.targets_error)
        self.form.addRow(self._by_priority_label, grid)
        self.form.addRow(self._labels[2], self.clock_combo)
        self.form.addRow(self._labels[3], warn_row)
        self.form.addRow("", self.warn_error)
        self.form.addRow(self._labels[4], self.on_warning)
        self._breach_label = QLabel(self)
        self._breach_label.setBuddy(self.on_breach.priority_combo)
        self.form.addRow(self._breach_label, self.on_breach)
        self.retranslate()
        self.fill_groups()
        state.groups_changed.connect(self.fill_groups)
        self.show_type(None)

    def retranslate(self) -> None:
        """The section's words (also when the language changes while it is open)."""
        self.setTitle(self.tr("SLA policy"))
        for label, text in zip(self._labels, (
            self.tr("First response target"), self.tr("Resolution target"),
            self.tr("Counted in"), self.tr("Warn"), self.tr("At the warning")), strict=True):
            label.setText(text)
        self._breach_label.setText(self.tr("At the breach"))
        self.clock_combo.setItemText(0, self.tr("the holding group's working hours"))
        self.clock_combo.setItemText(1, self.tr("calendar minutes (round the clock)"))
        self.warn_kind_combo.setItemText(0, self.tr("of the target used"))
        self.warn_kind_combo.setItemText(1, self.tr("before the breach"))
        for spin in (self.first_response_spin, self.resolution_spin):
            spin.setSuffix(self.tr(" min"))
            spin.setSpecialValueText(self.tr("none"))
        self._by_priority_label.setText(self.tr("By priority"))
        self._column_labels[0].setText(self.tr("first response"))
        self._column_labels[1].setText(self.tr("resolution"))
        for priority, label in self._priority_labels.items():
            label.setText(priority_label(priority))
        for priority, pair in self.by_priority.items():
            for spin in pair:
                spin.setSuffix(self.tr(" min"))
                spin.setSpecialValueText(self.tr("type's"))
                spin.setToolTip(self.tr("0: the type's own target"))
            # A screen reader names a grid cell by what its row and column say together.
            pair[0].setAccessibleName(self.tr("{priority}: first response target").format(
                priority=priority_label(priority)))
            pair[1].setAccessibleName(self.tr("{priority}: resolution target").format(
                priority=priority_label(priority)))
        self.warn_spin.setAccessibleName(self.tr("Warn"))
        self.warn_kind_combo.setAccessibleName(self.tr("Warn: measured as"))
        self._warn_kind_changed()
        for row, when in ((self.on_warning, self.tr("At the warning")),
                          (self.on_breach, self.tr("At the breach"))):
            row.raise_label.setText(self.tr("raise priority to"))
            row.notify_label.setText(self.tr("notify"))
            row.priority_combo.setAccessibleName(
                self.tr("{when}: raise priority to").format(when=when))
            row.group_combo.setAccessibleName(self.tr("{when}: notify").format(when=when))
        self._fill_priorities()
        self.fill_groups()
        self._refusals.retranslate()

    def _minutes_spin(self) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, SLA_MAX_MINUTES)
        # Its size hint is made for "525600 min"; let the pane be narrower than that.
        spin.setMinimumWidth(80)
        return spin

    def _warn_kind_changed(self) -> None:
        percent = self.warn_kind_combo.currentData() == PERCENT
        value = self.warn_spin.value()
        self.warn_spin.setRange(1, 99 if percent else SLA_MAX_MINUTES)
        self.warn_spin.setSuffix(" %" if percent else self.tr(" min"))
        self.warn_spin.setValue(value)

    def _fill_priorities(self) -> None:
        for row in (self.on_warning, self.on_breach):
            current = row.priority_combo.currentData()
            row.priority_combo.clear()
            row.priority_combo.addItem(self.tr("— no change —"), None)
            for priority in Priority:
                if priority is not Priority.LOW:  # raising to the lowest never does anything
                    row.priority_combo.addItem(priority_label(priority), priority.value)
            row.priority_combo.setCurrentIndex(max(row.priority_combo.findData(current), 0))

    def fill_groups(self) -> None:
        """The groups an action may notify, by name (the policy names them so)."""
        names = self._group_names()
        for row in (self.on_warning, self.on_breach):
            self._set_groups(row.group_combo, names, row.group_combo.currentData())

    def _group_names(self) -> list[str]:
        return [g.name for g in sorted_by_name(self._state.groups.values(), lambda g: g.name)]

    def _set_groups(self, combo: QComboBox, names: Sequence[str], current: str | None) -> None:
        combo.clear()
        combo.addItem(self.tr("— nobody —"), None)
        for name in names:
            combo.addItem(name, name)
        if current is not None and combo.findData(current) < 0:
            # A group the policy names that is not (or no longer) known here: kept, and
            # shown as it is, so saving does not silently drop it.
            combo.addItem(current, current)
        combo.setCurrentIndex(max(combo.findData(current), 0))

    # ------------------------------------------------------------ a type in, a policy out

    def show_type(self, ticket_type: TicketTypePublic | None) -> None:
        self.clear_errors()
        policy = ticket_type.sla_policy if ticket_type is not None else SlaPolicy()
        first = ticket_type.sla_first_response_minutes if ticket_type else None
        resolution = ticket_type.sla_resolution_minutes if ticket_type else None
        self.first_response_spin.setValue(first or 0)
        self.resolution_spin.setValue(resolution or 0)
        self.clock_combo.setCurrentIndex(self.clock_combo.findData(policy.clock.value))
        minutes = policy.warn_minutes_before
        self.warn_kind_combo.setCurrentIndex(self.warn_kind_combo.findData(
            MINUTES if minutes is not None else PERCENT))
        self.warn_spin.setValue(minutes if minutes is not None else policy.warn_percent or 80)
        for name, row in zip(ACTIONS, (self.on_warning, self.on_breach), strict=True):
            action = getattr(policy, name)
            priority = action.raise_priority.value if action and action.raise_priority else None
            row.priority_combo.setCurrentIndex(max(row.priority_combo.findData(priority), 0))
            group = action.notify_group if action else None
            self._set_groups(row.group_combo, self._group_names(), group)
        for priority, (first_spin, resolution_spin) in self.by_priority.items():
            targets = policy.by_priority.get(priority)
            first_spin.setValue(targets.first_response_minutes or 0 if targets else 0)
            resolution_spin.setValue(targets.resolution_minutes or 0 if targets else 0)

    def targets(self) -> dict[str, int | None]:
        """The type's targets as the request sends them (null: no target)."""
        return {"sla_first_response_minutes": self.first_response_spin.value() or None,
                "sla_resolution_minutes": self.resolution_spin.value() or None}

    def policy(self) -> dict[str, Any]:
        """The policy as the request sends it."""
        out: dict[str, Any] = {"clock": self.clock_combo.currentData()}
        by_priority = {}
        for priority, (first_spin, resolution_spin) in self.by_priority.items():
            targets = {k: spin.value() for k, spin in (("first_response_minutes", first_spin),
                                                       ("resolution_minutes", resolution_spin))
                       if spin.value()}
            if targets:
                by_priority[priority.value] = targets
        if by_priority:
            out["by_priority"] = by_priority
        if self.warn_kind_combo.currentData() == PERCENT:
            out["warn_percent"] = self.warn_spin.value()
        else:
            out["warn_minutes_before"] = self.warn_spin.value()
        for name, row in zip(ACTIONS, (self.on_warning, self.on_breach), strict=True):
            value = row.value()
            if value is not None:
                out[name] = {k: v for k, v in value.items() if v is not None}
        return out

    # ------------------------------------------------------------ refusals at the field

    def clear_errors(self) -> None:
        self._refusals = Texts()
        for label in self._errors():
            label.clear()
            label.hide()

    def _errors(self) -> list[QLabel]:
        return [self.targets_error, self.warn_error, self.by_priority_error,
                self.on_warning.error, self.on_breach.error]

    def error_label(self, loc: Sequence[str | int]) -> QLabel | None:
        """The label under the input a refusal's location names; None: not this section."""
        parts = [str(p) for p in loc if p != "body"]
        if not parts:
            return None
        if parts[0] in ("sla_first_response_minutes", "sla_resolution_minutes"):
            return self.targets_error
        if parts[0] != "sla_policy":
            return None
        if len(parts) > 1 and parts[1] in ACTIONS:
            return self.on_warning.error if parts[1] == "on_warning" else self.on_breach.error
        if len(parts) > 1 and parts[1] == "by_priority":
            return self.by_priority_error
        return self.warn_error

    def show_error(self, loc: Sequence[str | int], text: Words) -> bool:
        """Say ``text`` under the input ``loc`` names; False when it is not in this section."""
        label = self.error_label(loc)
        if label is None:
            return False
        self._refusals.set(label.setText, text if callable(text) else lambda: text)
        label.show()
        return True
