"""One editor widget per field kind of a ticket type, each with its own inline error line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.enums import FieldKind
from ticketdesk.common.fields import FieldError, max_length, validate_field
from ticketdesk.common.models import FieldSpec

from ..labels import field_error_text
from ..plaintext import plain_tooltip
from .common import caption_name, limit_plain_text, plain_label

_NO_DATE = QDate(1900, 1, 1)
"""A QDateEdit cannot be empty; this minimum date stands for "no date" and shows as blank."""


class FieldEditor(QObject):
    """The editor of one field: its widget, its value as typed, and its error line."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        self.container = QWidget(parent)
        self.input = self._make_input(spec, self.container)
        self.input.setObjectName(f"field_{spec.key}")
        if spec.help:
            self.input.setToolTip(plain_tooltip(spec.help))
        self._error: Callable[[], str] | None = None
        """What the error line says, made again in a new language."""
        self.error_label = plain_label("", self.container, object_name="fieldError")
        self.error_label.hide()
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.input)
        layout.addWidget(self.error_label)

    def _make_input(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        match spec.kind:
            case FieldKind.MULTILINE:
                edit = QPlainTextEdit(parent)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(72)
                edit.setPlaceholderText(spec.help)
                limit_plain_text(edit, max_length(spec))
                edit.textChanged.connect(self.changed)
                return edit
            case FieldKind.CHOICE:
                combo = QComboBox(parent)
                combo.addItems(spec.options)
                combo.setPlaceholderText(self.tr("— choose —"))
                combo.setCurrentIndex(-1)  # make the agent choose, never a silent default
                combo.currentIndexChanged.connect(self.changed)
                return combo
            case FieldKind.DATE:
                date = QDateEdit(parent)
                date.setCalendarPopup(True)
                date.setDisplayFormat("yyyy-MM-dd")
                date.setMinimumDate(_NO_DATE)
                date.setSpecialValueText(" ")
                date.setDate(_NO_DATE)
                date.dateChanged.connect(self.changed)
                return date
            case _:
                line = QLineEdit(parent)
                line.setPlaceholderText(spec.help or self._placeholder(spec))
                if spec.kind is FieldKind.TEXT:
                    line.setMaxLength(max_length(spec))
                line.textChanged.connect(self.changed)
                return line

    def retranslate(self) -> None:
        """Its own words (the placeholder, the error) in the language installed now; the
        form it is in calls this on a language change."""
        widget, spec = self.input, self.spec
        if isinstance(widget, QComboBox):
            widget.setPlaceholderText(self.tr("— choose —"))
        elif isinstance(widget, QLineEdit) and not spec.help:
            widget.setPlaceholderText(self._placeholder(spec))
        if self._error is not None:
            self.error_label.setText(self._error())

    def _placeholder(self, spec: FieldSpec) -> str:
        match spec.kind:
            case FieldKind.PHONE:
                return self.tr("e.g. 138 0013 8000")
            case FieldKind.ORDER_NO:
                return self.tr("e.g. TD2026110100123")
            case FieldKind.NUMBER if spec.min_value is not None and spec.max_value is not None:
                return self.tr("a number from {min} to {max}").format(
                    min=_number(spec.min_value), max=_number(spec.max_value)
                )
            case FieldKind.NUMBER:
                return self.tr("a number")
            case _:
                return ""

    def raw_value(self) -> Any:
        """The value as entered; None when empty."""
        widget = self.input
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText() if widget.currentIndex() >= 0 else None
        if isinstance(widget, QDateEdit):
            date = widget.date()
            return None if date == _NO_DATE else date.toString("yyyy-MM-dd")
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def set_value(self, value: Any) -> None:
        widget = self.input
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findText(str(value)) if value is not None else -1)
        elif isinstance(widget, QDateEdit):
            date = QDate.fromString(str(value), "yyyy-MM-dd") if value else _NO_DATE
            widget.setDate(date if date.isValid() else _NO_DATE)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def validate(self) -> tuple[Any, FieldError | None]:
        """Check with the same rules the server applies; shows or clears the error line."""
        value, error = validate_field(self.spec, self.raw_value())
        self.show_error((lambda: field_error_text(error.code, error.params)) if error else None)
        return value, error

    def show_error(self, text: str | Callable[[], str] | None) -> None:
        """Show ``text`` under the input (a function that makes it: said again in a new
        language); None clears it."""
        self._error = text if callable(text) else (lambda: text) if text else None
        self.error_label.setText(self._error() if self._error is not None else "")
        self.error_label.setVisible(self._error is not None)
        self.input.setProperty("invalid", bool(text))
        self.input.style().unpolish(self.input)
        self.input.style().polish(self.input)

    @property
    def has_error(self) -> bool:
        return not self.error_label.isHidden()


def field_label(spec: FieldSpec, parent: QWidget, beside: QWidget) -> QLabel:
    """The admin's label for the field, marked when it is required."""
    text = f"{spec.label} *" if spec.required else spec.label
    label = plain_label(text, parent, wrap=False)
    align_label(label, beside)
    return label


def insert_field_rows(
    form: QFormLayout, row: int, specs: list[FieldSpec], parent: QWidget
) -> list[FieldEditor]:
    """The rows of a type's own fields, from ``row`` on: the new-ticket form and the type
    editor's preview both build them here, so the preview is the form an agent will get."""
    editors: list[FieldEditor] = []
    for spec in specs:
        editor = FieldEditor(spec, parent)
        form.insertRow(
            row + len(editors), field_label(spec, parent, editor.input), editor.container
        )
        editors.append(editor)
    return editors


def align_label(label: QLabel, beside: QWidget) -> None:
    """Keep a form label level with its input even when an error line opens below the input:
    the form aligns labels to the top, and the label is as tall as the input."""
    if not isinstance(beside, QPlainTextEdit):  # a text box's label simply sits at its top
        label.setMinimumHeight(beside.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setBuddy(beside)
    # Qt names a field after its buddy only when both have one parent; a field with an error
    # line under it sits in a box of its own, so the screen reader's name is set outright.
    if not beside.accessibleName():
        beside.setAccessibleName(caption_name(label.text()))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
