"""One ticket in full: header, the actions the state machine allows this user, its fields,
description, the whole record, and a box to comment."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import Action, FieldKind, Status
from ticketdesk.common.models import TicketPublic

from ..labels import action_label, action_tooltip, priority_label, status_label
from ..models.countdown import URGENT_SECONDS, CountdownTicker
from ..models.timeline import TimelineModel
from ..net.api import ApiError, ApiReply
from ..net.live import LiveState
from ..state import Session
from ..timefmt import format_clock, format_countdown, format_time, seconds_left
from .assign import AssignDialog
from .common import MessageBar, error_text, plain_label
from .note import NoteDialog
from .timeline_view import TimelineView
from .transfer import TransferDialog

BUTTON_ORDER = (
    Action.ACCEPT,
    Action.RESUME,
    Action.TRANSFER,
    Action.PENDING,
    Action.RESOLVE,
    Action.REOPEN,
    Action.CLOSE,
    Action.ASSIGN,
)
"""Action buttons left to right; comments have their own box."""

_NOTE_ACTIONS = {Action.PENDING, Action.RESOLVE, Action.REOPEN, Action.CLOSE}


class TicketDetailView(QWidget):
    ticket_shown = Signal(int)
    notice = Signal(str)
    """Something the user should read that concerns a ticket no longer shown here (a comment
    on it that could not be sent); the window shows it in its status bar."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        ticker: CountdownTicker | None = None,
    ) -> None:
        """``ticker``: the beat of the accept countdowns, shared with the inbox so that both
        show the same second."""
        super().__init__(parent)
        self.setObjectName("ticketDetail")
        self._session = session
        self._state = session.state
        self.ticket_id: int | None = None
        self._comment_reply: ApiReply | None = None
        self._comment_ticket: int | None = None
        """The ticket the comment on its way is for."""
        self._comment_text = ""
        self._drafts: dict[int, str] = {}
        """Comments begun on tickets the agent switched away from, kept until they return."""
        self._action_reply: ApiReply | None = None
        self._action_ticket: int | None = None
        self._dialog: QDialog | None = None
        self._record_missing = False
        """The shown ticket's record could not be loaded (the server was away)."""
        self._record_error = ""
        self._info_keys: list[str] = []
        self._info_values: list[QLabel] = []
        self.timeline_model = TimelineModel(session.state, self)
        self._ticker = ticker or CountdownTicker(session.clock.now, self)
        self._ticker.tick.connect(self._update_countdown)

        self._stack = QStackedWidget(self)
        self.placeholder = plain_label(
            self.tr("Select a ticket to see it here."), self, object_name="placeholder"
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        state = session.state
        state.ticket_changed.connect(self._on_ticket_changed)
        state.ticket_added.connect(self._on_ticket_changed)
        state.ticket_removed.connect(self._on_ticket_removed)
        state.types_changed.connect(self._refresh)
        state.groups_changed.connect(self._refresh)
        state.users_changed.connect(self._refresh)
        state.me_changed.connect(self._refresh)
        session.live.state_changed.connect(self._on_live_state)

    # ------------------------------------------------------------ layout

    def _build_content(self) -> QWidget:
        content = QWidget(self)
        self.title_label = plain_label("", content, selectable=True, object_name="ticketTitle")
        self.status_chip = plain_label("", content, wrap=False, object_name="statusChip")
        self.priority_chip = plain_label("", content, wrap=False, object_name="priorityChip")
        self.where_label = plain_label("", content, object_name="ticketWhere")
        meta = QHBoxLayout()
        meta.setSpacing(8)
        meta.addWidget(self.status_chip)
        meta.addWidget(self.priority_chip)
        meta.addWidget(self.where_label, 1)

        self.buttons: dict[Action, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for action in BUTTON_ORDER:
            button = QPushButton(action_label(action), content)
            button.setObjectName(f"action_{action.value}")
            button.setToolTip(action_tooltip(action))
            button.clicked.connect(lambda _=False, a=action: self._on_action(a))
            button.hide()
            self.buttons[action] = button
            actions.addWidget(button)
        # How long is left to accept an offer; ticks, and turns urgent near the end.
        self.countdown_label = plain_label("", content, wrap=False, object_name="acceptCountdown")
        self.countdown_label.hide()
        actions.addWidget(self.countdown_label)
        actions.addStretch(1)

        self.message = MessageBar(content)

        self.info = QFormLayout()
        self.info.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.info.setHorizontalSpacing(16)
        self.info.setVerticalSpacing(4)
        self.body_label = plain_label("", content, selectable=True, object_name="ticketBody")
        self.timeline = TimelineView(self.timeline_model, content)

        inner = QWidget(content)
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 8, 0)
        inner_layout.setSpacing(8)
        inner_layout.addLayout(self.info)
        inner_layout.addWidget(
            plain_label(self.tr("Description"), inner, object_name="sectionTitle")
        )
        inner_layout.addWidget(self.body_label)
        inner_layout.addWidget(plain_label(self.tr("Record"), inner, object_name="sectionTitle"))
        inner_layout.addWidget(self.timeline)
        inner_layout.addStretch(1)
        self.scroll = QScrollArea(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(inner)
        # Follow the record as it grows: new steps appear at the bottom.
        self._follow_record = False
        self.timeline_model.rowsInserted.connect(self._scroll_to_end_later)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._on_scroll_range)

        self.comment_edit = QPlainTextEdit(content)
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setPlaceholderText(self.tr("Write a comment… (Ctrl+Enter sends)"))
        self.comment_edit.setFixedHeight(64)
        self.comment_edit.setTabChangesFocus(True)
        self.comment_button = QPushButton(self.tr("Add comment"), content)
        self.comment_button.setObjectName("commentButton")
        self.comment_button.clicked.connect(self._send_comment)
        self.comment_edit.textChanged.connect(self._update_comment_button)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.comment_edit)
        send.setContext(Qt.ShortcutContext.WidgetShortcut)
        send.activated.connect(self._send_comment)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment_edit, 1)
        comment_row.addWidget(self.comment_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addLayout(meta)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(comment_row)
        return content

    def _scroll_to_end_later(self) -> None:
        # The scroll range grows only once the new entry is laid out; follow it then.
        self._follow_record = True

    def _on_scroll_range(self, _minimum: int, maximum: int) -> None:
        if self._follow_record:
            self._follow_record = False
            self.scroll.verticalScrollBar().setValue(maximum)

    # ------------------------------------------------------------ which ticket

    def show_ticket(self, ticket_id: int | None) -> None:
        if ticket_id == self.ticket_id:
            return
        if self.ticket_id is not None:
            self._session.close_ticket(self.ticket_id)
            self._keep_draft(self.ticket_id)
        self._close_dialog()
        self.ticket_id = ticket_id
        self.message.clear_message()
        self.comment_edit.setPlainText(self._drafts.pop(ticket_id, "") if ticket_id else "")
        self.timeline_model.set_ticket(ticket_id)
        if ticket_id is None:
            self._update_countdown()
            self._stack.setCurrentIndex(0)
            return
        self._load_record(ticket_id)
        self._refresh()
        self._stack.setCurrentIndex(1 if ticket_id in self._state.tickets else 0)
        self.ticket_shown.emit(ticket_id)

    def _load_record(self, ticket_id: int) -> None:
        self._record_missing = False
        reply = self._session.open_ticket(ticket_id)
        reply.failed.connect(lambda error, t=ticket_id: self._on_open_failed(t, error))

    def _on_open_failed(self, ticket_id: int, error: ApiError) -> None:
        if ticket_id == self.ticket_id:
            self._record_missing = True  # loaded again once the server is back
            self._record_error = error_text(error)
            self.message.show_error(self._record_error)

    def _on_live_state(self) -> None:
        if (
            self._record_missing
            and self.ticket_id is not None
            and self._session.live.state is LiveState.ONLINE
        ):
            if self.message.text() == self._record_error:
                self.message.clear_message()
            self._load_record(self.ticket_id)

    def _on_ticket_changed(self, ticket_id: int) -> None:
        if ticket_id == self.ticket_id:
            self._stack.setCurrentIndex(1)
            self._refresh()

    def _on_ticket_removed(self, ticket_id: int) -> None:
        if ticket_id == self.ticket_id:
            self.show_ticket(None)

    @property
    def ticket(self) -> TicketPublic | None:
        return self._state.tickets.get(self.ticket_id) if self.ticket_id is not None else None

    # ------------------------------------------------------------ showing it

    def _refresh(self) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        state = self._state
        self.title_label.setText(f"#{ticket.id}  {ticket.title}")
        self.status_chip.setText(status_label(ticket.status))
        self._set_style_property(self.status_chip, "status", ticket.status.value)
        self.priority_chip.setText(priority_label(ticket.priority))
        self._set_style_property(self.priority_chip, "priority", ticket.priority.value)
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
        self._fill_info(ticket)
        self._update_countdown()
        self.body_label.setText(ticket.body.strip() or self.tr("(no description)"))
        allowed = state.allowed_actions(ticket.id)
        primary = next(
            (a for a in (Action.ACCEPT, Action.RESUME, Action.RESOLVE) if a in allowed), None
        )
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
            self._set_style_property(button, "primary", action is primary)
        can_comment = Action.COMMENT in allowed
        self.comment_edit.setEnabled(can_comment)
        self.comment_edit.setReadOnly(self._sending_comment_here)
        self.comment_edit.setPlaceholderText(
            self.tr("Write a comment… (Ctrl+Enter sends)")
            if can_comment
            else self.tr("You cannot comment on this ticket.")
        )
        self._update_comment_button()

    @staticmethod
    def _set_style_property(widget: QWidget, name: str, value: Any) -> None:
        if widget.property(name) != value:
            widget.setProperty(name, value)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _fill_info(self, ticket: TicketPublic) -> None:
        rows = self._info_rows(ticket)
        keys = [label for label, _value, _alert in rows]
        if keys != self._info_keys:
            # Other rows than before (another ticket, a deadline came or went): lay them out
            # anew. Otherwise only the values change, in place, without any flicker.
            while self.info.rowCount():
                self.info.removeRow(0)
            self._info_values = []
            for label, _value, _alert in rows:
                name = plain_label(label, wrap=False, object_name="infoLabel")
                value = plain_label("", selectable=True, object_name="infoValue")
                self.info.addRow(name, value)
                self._info_values.append(value)
            self._info_keys = keys
        for (_label, text, alert), value in zip(rows, self._info_values, strict=True):
            if value.text() != text:
                value.setText(text)
            self._set_style_property(value, "alert", alert)

    def _info_rows(self, ticket: TicketPublic) -> list[tuple[str, str, bool]]:
        """(label, value, overdue) for each line of the ticket's particulars."""
        state = self._state
        rows: list[tuple[str, str, bool]] = []
        ticket_type = state.types.get(ticket.type_id)
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
        now = self._session.clock.now()
        if ticket.status is Status.ASSIGNED and ticket.accept_deadline:
            # Not accepted by then, the engine offers it to someone else.
            rows.append((self.tr("Accept by"), format_clock(ticket.accept_deadline), False))
        if ticket.status is Status.HELD and ticket.held_until:
            rows.append((self.tr("Held until"), format_time(ticket.held_until), False))
        if ticket.first_response_due_at and ticket.first_response_at is None:
            late = now > ticket.first_response_due_at
            rows.append(
                (
                    self.tr("First response due"),
                    self._due_text(format_time(ticket.first_response_due_at), late),
                    late,
                )
            )
        if ticket.resolution_due_at and ticket.resolved_at is None:
            late = now > ticket.resolution_due_at
            rows.append(
                (
                    self.tr("Resolution due"),
                    self._due_text(format_time(ticket.resolution_due_at), late),
                    late,
                )
            )
        known = {spec.key for spec in specs}
        for spec in specs:
            rows.append((spec.label, _field_text(ticket.fields.get(spec.key)), False))
        for key, value in ticket.fields.items():
            if key not in known:  # a field the type no longer has: still part of the ticket
                rows.append((key, _field_text(value), False))
        return rows

    def _due_text(self, time: str, late: bool) -> str:
        return self.tr("{time} — overdue").format(time=time) if late else time

    def info_text(self) -> dict[str, str]:
        """The particulars as shown: label → value."""
        return {
            key: value.text() for key, value in zip(self._info_keys, self._info_values, strict=True)
        }

    # ------------------------------------------------------------ accept countdown

    def _update_countdown(self) -> None:
        ticket = self.ticket
        label = self.countdown_label
        if ticket is None or ticket.status is not Status.ASSIGNED or not ticket.accept_deadline:
            label.hide()
            self._ticker.want(self, False)
            return
        self._ticker.want(self, True)
        seconds = seconds_left(ticket.accept_deadline, self._ticker.now)
        me = self._state.me
        mine = me is not None and ticket.assignee_id == me.id
        if mine:
            text = self.tr("Accept within {time}").format(time=format_countdown(seconds))
        else:
            text = self.tr("{agent} has {time} to accept").format(
                agent=self._state.user_name(ticket.assignee_id), time=format_countdown(seconds)
            )
        if label.text() != text:
            label.setText(text)
        label.setToolTip(
            self.tr("Not accepted by {time}, it is offered to someone else.").format(
                time=format_clock(ticket.accept_deadline)
            )
        )
        self._set_style_property(label, "urgent", mine and seconds <= URGENT_SECONDS)
        label.show()

    # ------------------------------------------------------------ acting

    def _on_action(self, action: Action) -> None:
        ticket_id = self.ticket_id
        if ticket_id is None or action not in self._state.allowed_actions(ticket_id):
            return
        self.message.clear_message()
        parent = self.window()
        if action is Action.TRANSFER:
            self._open_dialog(TransferDialog(self._session, ticket_id, parent))
        elif action is Action.ASSIGN:
            self._open_dialog(AssignDialog(self._session, ticket_id, parent))
        elif action in _NOTE_ACTIONS:
            self._open_dialog(NoteDialog(self._session, ticket_id, action, parent))
        elif self._action_reply is None:
            self._action_ticket = ticket_id
            self._action_reply = self._session.act(ticket_id, action)
            self._action_reply.failed.connect(self._on_action_failed)
            self._action_reply.finished.connect(self._on_action_finished)
            for button in self.buttons.values():
                button.setEnabled(False)

    def _on_action_failed(self, error: ApiError) -> None:
        text = self.tr("Not done: {reason}").format(reason=error_text(error))
        if self._action_ticket == self.ticket_id:
            self.message.show_error(text)
        else:
            self.notice.emit(
                self.tr("Ticket #{number}: {text}").format(number=self._action_ticket, text=text)
            )

    def _on_action_finished(self) -> None:
        self._action_reply = None
        self._action_ticket = None
        for button in self.buttons.values():
            button.setEnabled(True)

    @property
    def dialog(self) -> QDialog | None:
        """The action dialog open right now, if any."""
        return self._dialog

    def _open_dialog(self, dialog: QDialog) -> None:
        self._close_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        self._dialog = dialog
        dialog.open()

    def _forget_dialog(self) -> None:
        self._dialog = None

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.reject()
            self._dialog = None

    # ------------------------------------------------------------ commenting

    @property
    def _sending_comment_here(self) -> bool:
        return self._comment_reply is not None and self._comment_ticket == self.ticket_id

    def _keep_draft(self, ticket_id: int) -> None:
        text = self.comment_edit.toPlainText()
        if text.strip():
            self._drafts[ticket_id] = text
        else:
            self._drafts.pop(ticket_id, None)

    def _update_comment_button(self) -> None:
        text = self.comment_edit.toPlainText().strip()
        self.comment_button.setEnabled(
            self.comment_edit.isEnabled() and bool(text) and self._comment_reply is None
        )
        self.comment_button.setText(
            self.tr("Sending…") if self._sending_comment_here else self.tr("Add comment")
        )

    def _send_comment(self) -> None:
        text = self.comment_edit.toPlainText().strip()
        if not self.comment_button.isEnabled() or self.ticket_id is None or not text:
            return
        if len(text) > limits.COMMENT_MAX:
            self.message.show_error(
                self.tr("The comment is too long (at most {max} characters).").format(
                    max=limits.COMMENT_MAX
                )
            )
            return
        self.message.clear_message()
        self._comment_ticket = self.ticket_id
        self._comment_text = text
        self._comment_reply = self._session.comment(self.ticket_id, text)
        self._comment_reply.succeeded.connect(self._on_comment_sent)
        self._comment_reply.failed.connect(self._on_comment_failed)
        self._comment_reply.finished.connect(self._on_comment_finished)
        # The text stays where it is, unchangeable, until the server has it: if it cannot
        # be sent, nothing the agent wrote is lost.
        self.comment_edit.setReadOnly(True)
        self._update_comment_button()

    def _on_comment_sent(self, _ticket: object) -> None:
        ticket_id = self._comment_ticket
        if ticket_id == self.ticket_id:
            self.comment_edit.clear()
            return
        # Sent while the agent looked elsewhere: the draft kept for it is done with.
        draft = self._drafts.get(ticket_id or 0, "")
        if ticket_id is not None and draft.strip() == self._comment_text:
            del self._drafts[ticket_id]

    def _on_comment_failed(self, error: ApiError) -> None:
        text = self.tr("The comment was not sent; it is still in the box. {reason}").format(
            reason=error_text(error)
        )
        if self._comment_ticket == self.ticket_id:
            self.message.show_error(text)
        else:
            self.notice.emit(
                self.tr("Ticket #{number}: {text}").format(number=self._comment_ticket, text=text)
            )

    def _on_comment_finished(self) -> None:
        sent_here = self._comment_ticket == self.ticket_id
        self._comment_reply = None
        self._comment_ticket = None
        self.comment_edit.setReadOnly(False)
        self._update_comment_button()
        if sent_here and self.comment_edit.isEnabled():
            self.comment_edit.setFocus()


def _field_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
