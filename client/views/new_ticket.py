"""The new-ticket form, generated from the chosen ticket type's template; beside the group, its
queue, who is online, whether it works now and whom the engine would give the ticket to."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import FieldKind, Priority
from ticketdesk.common.fields import ORDER_NO_RE
from ticketdesk.common.models import TicketDetail, TicketTypePublic

from ..collation import sorted_by_name
from ..labels import field_error_text, priority_label
from ..models.routing import GroupHintModel, HintColumn, order_line, pick_text
from ..net.api import ApiError, ApiReply
from ..plaintext import plain_tooltip
from ..state import ClientSession
from ..state.routing import RoutingHintsSource
from ..timefmt import format_wait
from .common import MessageBar, caption_name, error_text, plain_label, transient_reason
from .field_editors import FieldEditor, align_label, insert_field_rows
from .retranslate import FollowsLanguage

RETRY_DELAYS_MS = (1000, 3000, 6000)
"""Automatic retries of a submission the server did not take (unreachable, no answer in time,
database restarting): each after this long, or after the server's Retry-After if longer."""
RETRY_AFTER_MAX_MS = 15_000
ORDER_HINT_DELAY_MS = 500
"""The routing hints follow the order number once the agent pauses typing it."""


class NewTicketDialog(FollowsLanguage, QDialog):
    created = Signal(int)
    """The new ticket's number, once the server has accepted it."""

    retry_delays_ms: tuple[int, ...] = RETRY_DELAYS_MS

    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state = session.state
        self._editors: dict[str, FieldEditor] = {}
        self._template = ""
        self._ask_order = True
        self._reply: ApiReply | None = None
        self._prefill: dict[FieldKind, str | None] = {}
        self.submission_key: str | None = None
        """The idempotency key of the submission under way or last refused for a passing
        reason; sent again with the same form, so the server never makes two tickets."""
        self._submitted: dict[str, Any] | None = None
        self._attempt = 0
        self._retry_timer = QTimer(self, singleShot=True)
        self._retry_timer.timeout.connect(self._send)
        self.texts.set(self.setWindowTitle, lambda: self.tr("New ticket"))
        self.setObjectName("newTicketDialog")

        self.message = MessageBar(self)
        self.type_combo = QComboBox(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(limits.TITLE_MAX)
        self.texts.set(self.title_edit.setPlaceholderText,
                       lambda: self.tr("One line that says what it is about"))
        self.title_error = plain_label("", self, object_name="fieldError")
        self.title_error.hide()
        self.hints = RoutingHintsSource(session, parent=self)
        self.group_model = GroupHintModel(
            self._state, self.hints, now=session.clock.now, parent=self
        )
        self.group_combo = QComboBox(self)
        self.group_combo.setObjectName("groupCombo")
        self.group_hint = plain_label("", self, object_name="routingPick")
        self._order_timer = QTimer(self, singleShot=True, interval=ORDER_HINT_DELAY_MS)
        self._order_timer.timeout.connect(self._follow_order)
        self.priority_combo = QComboBox(self)
        for priority in Priority:
            self.priority_combo.addItem(priority_label(priority), priority.value)
        self.order_edit = QLineEdit(self)
        self.texts.set(self.order_edit.setPlaceholderText,
                       lambda: self.tr("optional, e.g. TD2026110100123"))
        self.order_error = plain_label("", self, object_name="fieldError")
        self.order_error.hide()
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setMinimumHeight(110)

        # One form, so every label lines up; the type's own fields go in the middle.
        content = QWidget(self)
        self.form = QFormLayout(content)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._add_row(lambda: self.tr("Ticket &type"), self.type_combo)
        self._add_row(lambda: self.tr("T&itle *"), self.title_edit, self.title_error)
        self._add_row(lambda: self.tr("&Group"), self.group_combo, self.group_hint)
        self._add_row(lambda: self.tr("&Priority"), self.priority_combo)
        self._fields_heading = plain_label("", content, object_name="sectionTitle")
        self.texts.set(self._fields_heading.setText, lambda: self.tr("Details for this type"))
        self.form.addRow(self._fields_heading)
        self._order_row = self._add_row(
            lambda: self.tr("Linked &order"), self.order_edit, self.order_error)
        self._add_row(lambda: self.tr("&Description"), self.body_edit)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.buttons = QDialogButtonBox(self)
        self.create_button = QPushButton(self)  # its words: `_name_create_button`
        self._name_create_button()
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 680)

        self._fill_types()
        self._fill_groups()
        self.type_combo.currentIndexChanged.connect(self._on_type_chosen)
        self.title_edit.textChanged.connect(self._recheck_title)
        self.order_edit.textChanged.connect(self._recheck_order)
        self.order_edit.textChanged.connect(lambda _text: self._order_timer.start())
        self.group_combo.currentIndexChanged.connect(self._show_group_hint)
        self.hints.changed.connect(self._show_group_hint)
        self._on_type_chosen()
        self.title_edit.setFocus()

    def retranslate(self) -> None:
        """The fixed words, and those made from what is entered: the priorities, the type's
        fields' placeholders and errors, the routing hint, the marks of the title and order."""
        super().retranslate()
        for row in range(self.priority_combo.count()):
            self.priority_combo.setItemText(
                row, priority_label(Priority(self.priority_combo.itemData(row))))
        for editor in self._editors.values():
            editor.retranslate()
        self._name_create_button()
        self._show_group_hint()
        self._recheck_title()
        self._recheck_order()

    def _name_create_button(self) -> None:
        sending = self._reply is not None or self._retry_timer.isActive()
        self.create_button.setText(self.tr("Creating…") if sending else self.tr("Create ticket"))

    def _add_row(
        self, text: Callable[[], str], edit: QWidget, error: QWidget | None = None
    ) -> QWidget:
        """A labelled row (``text`` makes the caption, in the language installed); with
        ``error``, the input has an error line under it."""
        field = edit
        if error is not None:
            field = QWidget()
            layout = QVBoxLayout(field)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(2)
            layout.addWidget(edit)
            layout.addWidget(error)
        label = self.texts.label(text)
        align_label(label, edit)
        self.texts.set(edit.setAccessibleName, lambda: caption_name(text()))
        self.form.addRow(label, field)
        return field

    def _fill_types(self) -> None:
        types = sorted_by_name(
            (t for t in self._state.types.values() if t.active), lambda t: t.name
        )
        for ticket_type in types:
            self.type_combo.addItem(ticket_type.name, ticket_type.id)
            if ticket_type.description:
                self.type_combo.setItemData(
                    self.type_combo.count() - 1,
                    plain_tooltip(ticket_type.description),
                    Qt.ItemDataRole.ToolTipRole,
                )
        # Start on a type of the agent's own department (its default group is one of theirs):
        # an after-sales agent mostly files after-sales tickets. Otherwise the first one.
        mine = self._state.my_group_ids
        own = next((i for i, t in enumerate(types) if t.default_group_id in mine), 0)
        self.type_combo.setCurrentIndex(own if types else -1)

    def _fill_groups(self) -> None:
        # Each group as one line with its figures (the model's LINE column), live.
        self.group_combo.setModel(self.group_model)
        self.group_combo.setModelColumn(HintColumn.LINE)

    # ------------------------------------------------------------ assisted routing

    def order_no(self) -> str | None:
        """The order the ticket will be linked to, if a valid number is entered."""
        candidates = [e.raw_value() for e in self._editors.values()
                      if e.spec.kind is FieldKind.ORDER_NO]
        if self._ask_order:
            candidates.append(self.order_edit.text())
        for value in candidates:
            text = str(value or "").strip()
            if text and ORDER_NO_RE.match(text):
                return text
        return None

    def _follow_order(self) -> None:
        self.hints.set_order_no(self.order_no())

    def _show_group_hint(self) -> None:
        hint = self.hints.group(self.group_combo.currentData()) \
            if self.group_combo.currentData() is not None else None
        lines = []
        if hint is not None:
            lines.append(self.tr("Would go to: {pick}").format(pick=pick_text(hint)))
        order = order_line(self.hints.hints, self._state) if self.order_no() else ""
        if order:
            lines.append(order)
        self.group_hint.setText("\n".join(lines))
        self.group_hint.setVisible(bool(lines))

    @property
    def ticket_type(self) -> TicketTypePublic | None:
        type_id = self.type_combo.currentData()
        return self._state.types.get(type_id) if type_id is not None else None

    def select_type(self, key: str) -> None:
        for row in range(self.type_combo.count()):
            ticket_type = self._state.types.get(self.type_combo.itemData(row))
            if ticket_type is not None and ticket_type.key == key:
                self.type_combo.setCurrentIndex(row)
                return

    def editor(self, key: str) -> FieldEditor:
        return self._editors[key]

    def prefill(self, *, phone: str | None = None, order_no: str | None = None) -> None:
        """A ticket for a caller (screen-pop): their number in the type's phone field and
        the order in its order field, now and whenever another type is chosen."""
        self._prefill = {FieldKind.PHONE: phone, FieldKind.ORDER_NO: order_no}
        if order_no:
            self.order_edit.setText(order_no)
        self._apply_prefill()

    def _apply_prefill(self) -> None:
        for editor in self._editors.values():
            value = self._prefill.get(editor.spec.kind)
            if value:
                editor.set_value(value)

    # ------------------------------------------------------------ the type's template

    def _on_type_chosen(self) -> None:
        ticket_type = self.ticket_type
        self._clear_fields()
        if ticket_type is None:
            self.create_button.setEnabled(False)
            self.message.show_error(
                lambda: self.tr("There are no ticket types yet; ask an admin."))
            return
        self.create_button.setEnabled(True)
        for editor in insert_field_rows(self.form, self._first_field_row, ticket_type.fields, self):
            editor.changed.connect(lambda e=editor: self._recheck(e))
            if editor.spec.kind is FieldKind.ORDER_NO:
                editor.changed.connect(lambda: self._order_timer.start())
            # Check a field when the agent leaves it, not while they are still typing.
            if isinstance(editor.input, QLineEdit):
                editor.input.editingFinished.connect(lambda e=editor: self._check_left(e))
            self._editors[editor.spec.key] = editor
        self._apply_prefill()
        self._fields_heading.setVisible(bool(ticket_type.fields))
        # The server links the ticket to the order in an order-number field; ask only once.
        self._ask_order = not any(s.kind is FieldKind.ORDER_NO for s in ticket_type.fields)
        self.form.setRowVisible(self._order_row, self._ask_order)
        if ticket_type.default_group_id is not None:
            row = self.group_combo.findData(ticket_type.default_group_id)
            if row >= 0:
                self.group_combo.setCurrentIndex(row)
        row = self.priority_combo.findData(ticket_type.default_priority.value)
        self.priority_combo.setCurrentIndex(max(row, 0))
        # Replace the description only if the agent has not written in it yet.
        if self.body_edit.toPlainText() in ("", self._template):
            self.body_edit.setPlainText(ticket_type.body_template)
        self._template = ticket_type.body_template
        self._order_timer.start()  # the order may now be asked in another field

    @property
    def _first_field_row(self) -> int:
        return self.form.getWidgetPosition(self._fields_heading)[0] + 1

    def _clear_fields(self) -> None:
        for _ in self._editors:
            self.form.removeRow(self._first_field_row)  # deletes the row's widgets
        for editor in self._editors.values():
            editor.deleteLater()
        self._editors.clear()

    # ------------------------------------------------------------ inline validation

    def _check_left(self, editor: FieldEditor) -> None:
        if editor.raw_value() not in (None, ""):
            editor.validate()

    def _recheck(self, editor: FieldEditor) -> None:
        # Once a field shows an error, re-check it as the agent fixes it.
        if editor.has_error or not isinstance(editor.input, QLineEdit):
            editor.validate()

    def _recheck_title(self) -> None:
        if not self.title_error.isHidden():
            self._check_title()

    def _check_title(self) -> bool:
        ok = bool(self.title_edit.text().strip())
        self.title_error.setText("" if ok else field_error_text("required"))
        self.title_error.setVisible(not ok)
        return ok

    def _recheck_order(self) -> None:
        if not self.order_error.isHidden():
            self._check_order()

    def _check_order(self) -> bool:
        text = self.order_edit.text().strip()
        ok = not self._ask_order or not text or bool(ORDER_NO_RE.match(text))
        self.order_error.setText("" if ok else field_error_text("bad_order_no"))
        self.order_error.setVisible(not ok)
        return ok

    def _validate(self) -> dict[str, Any] | None:
        """The request body, or None after marking every problem (focus on the first)."""
        ticket_type = self.ticket_type
        assert ticket_type is not None
        fields: dict[str, Any] = {}
        first_bad: QWidget | None = None
        if not self._check_title():
            first_bad = self.title_edit
        for key, editor in self._editors.items():
            value, error = editor.validate()
            if error is not None:
                first_bad = first_bad or editor.input
            elif value is not None:
                fields[key] = value
        if not self._check_order():
            first_bad = first_bad or self.order_edit
        if first_bad is not None:
            first_bad.setFocus()
            self.message.show_error(lambda: self.tr("Please correct the marked fields."))
            return None
        body: dict[str, Any] = {
            "type": ticket_type.id,
            "title": self.title_edit.text().strip(),
            "fields": fields,
            "body": self.body_edit.toPlainText(),
            "group": self.group_combo.currentData(),
            "priority": self.priority_combo.currentData(),
        }
        order_no = self.order_edit.text().strip()
        if order_no and self._ask_order:
            body["order_no"] = order_no
        return body

    # ------------------------------------------------------------ sending

    def _submit(self) -> None:
        if self._reply is not None or self._retry_timer.isActive() or self.ticket_type is None:
            return
        body = self._validate()
        if body is None:
            return
        if body != self._submitted or self.submission_key is None:
            # A new submission. The same form sent again after a failure keeps its key: if
            # the first try did reach the server, it answers with that ticket.
            self.submission_key = str(uuid.uuid4())
            self._submitted = body
        self._attempt = 0
        self.message.clear_message()
        self._send()

    def _send(self) -> None:
        if self._submitted is None:
            return
        self.create_button.setEnabled(False)
        self._reply = self._session.create_ticket(
            self._submitted, idempotency_key=self.submission_key
        )
        self._name_create_button()
        self._reply.succeeded.connect(self._on_created)
        self._reply.failed.connect(self._on_failed)

    def _on_created(self, ticket: TicketDetail) -> None:
        self._reply = None
        self.submission_key = None
        self._submitted = None
        self.created.emit(ticket.id)
        self.accept()

    def _on_failed(self, error: ApiError) -> None:
        self._reply = None
        if error.is_transient and self._attempt < len(self.retry_delays_ms):
            delay = self.retry_delays_ms[self._attempt]
            if error.retry_after:
                delay = max(delay, min(int(error.retry_after * 1000), RETRY_AFTER_MAX_MS))
            self._attempt += 1
            self.message.show_notice(
                lambda: self.tr("Not created yet: {reason}. Trying again in {wait}…").format(
                    reason=transient_reason(error), wait=format_wait(delay / 1000)
                )
            )
            self._retry_timer.start(delay)
            return
        self.create_button.setEnabled(True)
        self._name_create_button()
        problems = error.field_errors()
        for problem in problems:
            editor = self._editors.get(problem["field"])
            if editor is not None:
                editor.show_error(lambda p=problem: field_error_text(p.get("code", ""),
                                                                      p.get("params")))
        if problems:
            self.message.show_error(
                lambda: self.tr("The server refused some fields; see the marks."))
            return
        if error.is_transient:
            self.message.show_error(
                lambda: self.tr(
                    "The ticket was not created: {reason}. Everything you entered is kept; "
                    "press “Create ticket” to try again."
                ).format(reason=transient_reason(error))
            )
            return
        self.message.show_error(lambda: error_text(error))

    def reject(self) -> None:
        self._retry_timer.stop()
        super().reject()
