"""Keeping one owner's quick replies (a group's on the admin screen, an agent's own in their
dialog): a list, and a form with name and text, buttons that insert the placeholders at the
cursor, and a preview of the text as a customer would read it.

The form is checked with the wire models the server checks; what the server still refuses
(a name taken, a field out of its limits) is shown at the field it concerns."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.models import QuickReplyCreate, QuickReplyPublic, QuickReplyUpdate
from ticketdesk.common.models.quick_replies import PLACEHOLDERS

from ..models.quick_replies import PERSONAL, QuickReplyColumn, QuickReplyTableModel
from ..net.api import ApiError, ApiReply
from ..state.quick_replies import QuickReplies, fill_placeholders
from .admin_rows import fit_columns, reselect_quietly, select_id, selected_row
from .common import MessageBar, Words, error_text, limit_plain_text, set_style_property
from .retranslate import FollowsLanguage, Texts

translate = QCoreApplication.translate  # the name lupdate looks for


class QuickReplyEditor(FollowsLanguage, QWidget):
    saved = Signal(object)  # QuickReplyPublic
    """The server took a new or changed quick reply."""

    def __init__(
        self,
        replies: QuickReplies,
        agent_name: Callable[[], str],
        owner: int = PERSONAL,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quickReplyEditor")
        self._replies = replies
        self._agent_name = agent_name
        self._reply_id: int | None = None
        """The quick reply being edited; None: a new one."""
        self._pending: ApiReply | None = None
        self.confirm: QMessageBox | None = None

        self.model = QuickReplyTableModel(replies, owner, self)
        self.table = QTableView(self)
        self.table.setObjectName("quickReplyTable")
        self.texts.set(self.table.setAccessibleName, lambda: self.tr("Quick replies"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        fit_columns(self.table, QuickReplyColumn.TEXT)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._reselect)

        self.new_button = QPushButton(self)
        self.texts.set(self.new_button.setText, lambda: self.tr("New quick reply"))
        self.new_button.clicked.connect(self.new_reply)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("quickReplyName")
        self.texts.set(self.name_edit.setAccessibleName, lambda: self.tr("Name"))
        self.name_edit.setMaxLength(limits.QUICK_REPLY_NAME_MAX)
        self.texts.set(self.name_edit.setPlaceholderText,
                       lambda: self.tr("Typed after / in the reply box, e.g. refund"))
        self.name_error = self._error_label()
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("quickReplyBody")
        self.texts.set(self.body_edit.setAccessibleName, lambda: self.tr("Text"))
        self.body_edit.setTabChangesFocus(True)
        limit_plain_text(self.body_edit, limits.QUICK_REPLY_BODY_MAX)
        self.body_edit.textChanged.connect(self._update_preview)
        self.body_error = self._error_label()
        self.placeholder_buttons: dict[str, QPushButton] = {}
        helper = QHBoxLayout()
        helper.addWidget(self.texts.label(lambda: self.tr("Insert:")))
        for key in PLACEHOLDERS:
            button = QPushButton(self)
            self.texts.set(button.setText, lambda k=key: placeholder_label(k))
            self.texts.set(button.setToolTip, lambda k=key: self.tr(
                "Inserts {placeholder}, filled from the ticket when the reply is used").format(
                    placeholder=f"{{{k}}}"))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, k=key: self.insert_placeholder(k))
            helper.addWidget(button)
            self.placeholder_buttons[key] = button
        helper.addStretch(1)
        self.preview = QLabel(self)
        self.preview.setObjectName("quickReplyPreview")
        self.texts.set(self.preview.setAccessibleName, lambda: self.tr("Preview"))
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setMinimumHeight(60)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.message = MessageBar(self)
        self.delete_button = QPushButton(self)
        self.texts.set(self.delete_button.setText, lambda: self.tr("Delete…"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.save_button = QPushButton(self)
        self.texts.set(self.save_button.setText, lambda: self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        label = self.texts.label
        form.addRow(label(lambda: self.tr("Name"), self.name_edit), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(label(lambda: self.tr("Text"), self.body_edit), self.body_edit)
        form.addRow("", helper)
        form.addRow("", self.body_error)
        form.addRow(label(lambda: self.tr("Preview"), self.preview), self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.message)
        right.addLayout(buttons)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.new_reply()

    def retranslate(self) -> None:
        super().retranslate()
        self._field_errors.retranslate()
        self._update_preview()  # its sample customer's name, or its hint

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        return label

    # ------------------------------------------------------------ choosing

    def set_owner(self, owner: int) -> None:
        """Show another group's quick replies (the admin screen's group chooser)."""
        self.model.set_owner(owner)
        self.new_reply()

    def new_reply(self) -> None:
        self.table.clearSelection()
        self._show(None)

    def select_reply(self, reply_id: int) -> bool:
        return select_id(self.table, self.model, reply_id)

    def _on_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = selected_row(self.table)
        if row is not None:
            self._show(self.model.reply_at(row))

    def _reselect(self) -> None:
        if self._reply_id is not None and self.model.row_of(self._reply_id) < 0:
            self._show(None)  # removed meanwhile (here or by another admin)
        reselect_quietly(self.table, self.model, self._reply_id)

    def _show(self, reply: QuickReplyPublic | None) -> None:
        self._reply_id = reply.id if reply else None
        self._clear_errors()
        self.name_edit.setText(reply.name if reply else "")
        self.body_edit.setPlainText(reply.body if reply else "")
        self.delete_button.setEnabled(reply is not None)
        self._update_preview()

    # ------------------------------------------------------------ the text

    def insert_placeholder(self, key: str) -> None:
        self.body_edit.insertPlainText(f"{{{key}}}")
        self.body_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def sample_values(self) -> dict[str, str]:
        """What the preview fills in: a made-up customer and order, the agent's own name."""
        return {
            "customer_name": self.tr("Zhang Wei"),
            "order_number": "TD2026110100123",
            "agent_name": self._agent_name() or self.tr("Agent"),
            "ticket_number": "1024",
        }

    def _update_preview(self) -> None:
        body = self.body_edit.toPlainText()
        self.preview.setText(fill_placeholders(body, self.sample_values()) if body.strip()
                             else self.tr("(the text as the customer reads it)"))

    # ------------------------------------------------------------ saving

    def _clear_errors(self) -> None:
        self.message.clear_message()
        self._field_errors = Texts()
        for label, edit in ((self.name_error, self.name_edit), (self.body_error, self.body_edit)):
            label.clear()
            label.hide()
            set_style_property(edit, "invalid", False)

    def show_field_error(self, field: str, text: Words) -> None:
        """Say what is wrong beside the field it concerns (``name`` or ``body``)."""
        label, edit = ((self.name_error, self.name_edit) if field == "name"
                       else (self.body_error, self.body_edit))
        self._field_errors.set(label.setText, text if callable(text) else lambda: text)
        label.show()
        set_style_property(edit, "invalid", True)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        """Check the form as the server would; send it only if it passes."""
        if self._pending is not None:
            return
        self._clear_errors()
        name, body = self.name_edit.text(), self.body_edit.toPlainText()
        owner = self.model.owner
        try:
            if self._reply_id is None:
                self._pending = self._replies.create(QuickReplyCreate(
                    name=name, body=body, group_id=owner if owner != PERSONAL else None))
            else:
                self._pending = self._replies.update(
                    self._reply_id, QuickReplyUpdate(name=name, body=body))
        except ValidationError as invalid:
            loc = invalid.errors()[0]["loc"]
            self._field_problem(str(loc[0]) if loc else "")
            return
        self.save_button.setEnabled(False)
        self._pending.succeeded.connect(self._on_saved)
        self._pending.failed.connect(self._on_failed)
        self._pending.finished.connect(self._on_finished)

    def _field_problem(self, field: str) -> None:
        if field == "name":
            self.show_field_error("name", lambda: self.tr(
                "Enter a name of at most {n} characters.").format(n=limits.QUICK_REPLY_NAME_MAX))
        elif field == "body":
            self.show_field_error("body", lambda: self.tr(
                "Enter a text of at most {n} characters.").format(n=limits.QUICK_REPLY_BODY_MAX))
        else:
            self.message.show_error(lambda: self.tr("Some entries are invalid."))

    def _on_saved(self, reply: QuickReplyPublic) -> None:
        self._reply_id = reply.id
        if not self.select_reply(reply.id):
            self._show(reply)  # (the list is being fetched again; it follows)
        self.delete_button.setEnabled(True)
        self.message.show_notice(lambda: self.tr("Saved."))
        self.saved.emit(reply)

    def _on_failed(self, error: ApiError) -> None:
        if error.code == "name_taken":
            name = self.name_edit.text()
            self.show_field_error("name", lambda: self.tr(
                "A quick reply named “{name}” exists already here.").format(name=name))
        elif error.code == "validation_failed" and isinstance(error.details, list):
            first = error.details[0] if error.details else {}
            loc = first.get("loc") if isinstance(first, dict) else None
            self._field_problem(str(loc[-1]) if loc else "")
        elif error.code == "too_many_quick_replies":
            most = error.details.get("max", "") if isinstance(error.details, dict) else ""
            self.message.show_error(lambda: self.tr(
                "There are {n} quick replies here, as many as allowed; delete one first.").format(
                    n=most))
        elif error.status == 404:
            self.message.show_error(lambda: self.tr("This quick reply no longer exists."))
            self._replies.load()
        else:
            self.message.show_error(lambda: error_text(error))

    def _on_finished(self) -> None:
        self._pending = None
        self.save_button.setEnabled(True)

    # ------------------------------------------------------------ deleting

    def ask_delete(self) -> QMessageBox | None:
        if self._reply_id is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete quick reply"),
                          self.tr("Delete the quick reply “{name}”?").format(
                              name=self.name_edit.text()),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        reply_id = self._reply_id
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda b: self._delete(reply_id) if b is yes else None)
        box.finished.connect(lambda _r: setattr(self, "confirm", None))
        self.confirm = box
        box.open()
        return box

    def _delete(self, reply_id: int) -> None:
        pending = self._replies.delete(reply_id)
        pending.succeeded.connect(self._on_deleted)
        pending.failed.connect(self._on_delete_failed)
        if reply_id == self._reply_id:
            self.new_reply()


    # Bound methods (never a lambda): Qt drops a connection to a deleted widget's slot.
    def _on_deleted(self, _result: object) -> None:
        self.message.show_notice(lambda: self.tr("Deleted."))

    def _on_delete_failed(self, error: ApiError) -> None:
        self.message.show_error(lambda: error_text(error))


def placeholder_label(key: str) -> str:
    return {
        "customer_name": translate("QuickReplyEditor", "Customer name"),
        "order_number": translate("QuickReplyEditor", "Order number"),
        "agent_name": translate("QuickReplyEditor", "Agent name"),
        "ticket_number": translate("QuickReplyEditor", "Ticket number"),
    }.get(key, key)
