"""What a ticket is: its header (title, status, priority, where it stands) and its
particulars (type, creation, deadlines, the type's fields)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ticketdesk.common.enums import FieldKind, Status
from ticketdesk.common.models import TicketPublic

from ..labels import priority_label, status_label
from ..models import sla
from ..state import ClientState
from ..timefmt import format_clock, format_time, format_wait
from .common import plain_label, set_style_property


class TicketHeader(QWidget):
    """``#12  Title`` over the status and priority chips and its group and agent."""

    def __init__(self, state: ClientState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.title_label = plain_label("", self, selectable=True, object_name="ticketTitle")
        self.status_chip = plain_label("", self, wrap=False, object_name="statusChip")
        self.priority_chip = plain_label("", self, wrap=False, object_name="priorityChip")
        self.where_label = plain_label("", self, object_name="ticketWhere")
        meta = QHBoxLayout()
        meta.setSpacing(8)
        meta.addWidget(self.status_chip)
        meta.addWidget(self.priority_chip)
        meta.addWidget(self.where_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addLayout(meta)

    def show_ticket(self, ticket: TicketPublic) -> None:
        state = self._state
        self.title_label.setText(f"#{ticket.id}  {ticket.title}")
        self.status_chip.setText(status_label(ticket.status))
        set_style_property(self.status_chip, "status", ticket.status.value)
        self.priority_chip.setText(priority_label(ticket.priority))
        set_style_property(self.priority_chip, "priority", ticket.priority.value)
        if ticket.assignee_id is not None:
            self.where_label.setText(
                self.tr("{group} · handled by {agent}").format(
                    group=state.group_name(ticket.group_id),
                    agent=state.user_name(ticket.assignee_id),
                )
            )
        else:
            self.where_label.setText(
                self.tr("{group} · not assigned yet").format(
                    group=state.group_name(ticket.group_id)
                )
            )


class TicketFacts(QWidget):
    """The ticket's particulars, one labelled line each; overdue deadlines stand out."""

    type_version_wanted = Signal(int, int)
    """(type id, version): the ticket was created with a version of its type the cache does
    not hold; its fields are shown by key until it comes."""

    def __init__(
        self, state: ClientState, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        """``now``: the server's time, against which deadlines are overdue."""
        super().__init__(parent)
        self._state = state
        self._now = now
        self._keys: list[str] = []
        self._values: list[QLabel] = []
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(4)

    def show_ticket(self, ticket: TicketPublic) -> None:
        rows = self._rows(ticket)
        keys = [label for label, _value, _alert in rows]
        if keys != self._keys:
            # Other rows than before (another ticket, a deadline came or went): lay them out
            # anew. Otherwise only the values change, in place, without any flicker.
            while self.form.rowCount():
                self.form.removeRow(0)
            self._values = []
            for label, _value, _alert in rows:
                name = plain_label(label, wrap=False, object_name="infoLabel")
                value = plain_label("", selectable=True, object_name="infoValue")
                self.form.addRow(name, value)
                self._values.append(value)
            self._keys = keys
        for (_label, text, alert), value in zip(rows, self._values, strict=True):
            if value.text() != text:
                value.setText(text)
            set_style_property(value, "alert", alert)

    def text(self) -> dict[str, str]:
        """The particulars as shown: label → value."""
        return {key: value.text() for key, value in zip(self._keys, self._values, strict=True)}

    def _rows(self, ticket: TicketPublic) -> list[tuple[str, str, bool]]:
        """(label, value, overdue) for each line of the ticket's particulars."""
        state = self._state
        rows: list[tuple[str, str, bool]] = []
        # The fields as the ticket's own version of its type had them (labels, which fields):
        # a later edit of the type never changes how an existing ticket reads.
        ticket_type = state.type_of(ticket)
        if ticket_type is None:
            self.type_version_wanted.emit(ticket.type_id, ticket.type_version)
        rows.append((self.tr("Type"), state.type_name(ticket.type_id), False))
        rows.append(
            (
                self.tr("Created"),
                self.tr("{time} by {name}").format(
                    time=format_time(ticket.created_at), name=ticket.created_by_name
                ),
                False,
            )
        )
        specs = ticket_type.fields if ticket_type else []
        order_fields = {
            str(ticket.fields.get(spec.key)) for spec in specs if spec.kind is FieldKind.ORDER_NO
        }
        if ticket.order_no and ticket.order_no not in order_fields:
            # (When the type's own order-number field holds it, that line says it already.)
            rows.append((self.tr("Linked order"), ticket.order_no, False))
        if ticket.transfer_count:
            rows.append((self.tr("Transfers"), str(ticket.transfer_count), False))
        now = self._now()
        if ticket.status is Status.ASSIGNED and ticket.accept_deadline:
            # Not accepted by then, the engine offers it to someone else.
            rows.append((self.tr("Accept by"), format_clock(ticket.accept_deadline), False))
        if ticket.status is Status.HELD and ticket.held_until:
            rows.append((self.tr("Held until"), format_time(ticket.held_until), False))
        deadlines = (
            (self.tr("First response due"), ticket.first_response_due_at,
             ticket.first_response_warn_at, ticket.first_response_at),
            (self.tr("Resolution due"), ticket.resolution_due_at, ticket.resolution_warn_at,
             ticket.resolved_at),
        )
        hours = sla.working_hours(state, ticket)  # the clock the SLA column counts on
        for label, due, warn, met in deadlines:
            if due and met is None:
                late = now > due
                soon = not late and warn is not None and now >= warn
                left = None if late else format_wait(sla.seconds_left(due, now, hours))
                rows.append((label, self._due_text(format_time(due), late, soon, left), late))
        ttype = state.types.get(ticket.type_id)
        if (ticket.status is Status.PENDING and ticket.resolution_due_at is None
                and ttype is not None and ttype.sla_resolution_minutes):
            # The SLA clock waits with the ticket; it runs on again when work resumes.
            rows.append((self.tr("Resolution due"), self.tr("paused while pending"), False))
        known = {spec.key for spec in specs}
        for spec in specs:
            rows.append((spec.label, _field_text(ticket.fields.get(spec.key)), False))
        for key, value in ticket.fields.items():
            if key not in known:  # a field the type no longer has: still part of the ticket
                rows.append((key, _field_text(value), False))
        return rows

    def _due_text(self, time: str, late: bool, soon: bool = False,
                  left: str | None = None) -> str:
        if late:
            return self.tr("{time} — overdue").format(time=time)
        if soon:  # past the type's warning point
            if left is not None:
                return self.tr("{time} — due soon, {left} left").format(time=time, left=left)
            return self.tr("{time} — due soon").format(time=time)
        if left is not None:
            return self.tr("{time} — {left} left").format(time=time, left=left)
        return time


def _field_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
