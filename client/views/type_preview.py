"""The live preview of a ticket type: the new-ticket form's type section, as an agent will
see it, rebuilt by the form's own code (`insert_field_rows`) whenever the admin edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from ticketdesk.common.models import FieldSpec

from .common import plain_label
from .field_editors import FieldEditor, insert_field_rows
from .retranslate import FollowsLanguage


class TypePreview(FollowsLanguage, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("typePreview")
        self.editors: list[FieldEditor] = []
        self.form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        outer.addStretch(1)  # rows keep the height they have in the form, extra space below
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.heading = plain_label("", self, object_name="sectionTitle")
        self.texts.set(self.heading.setText, lambda: self.tr("Details for this type"))
        self.form.addRow(self.heading)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setMinimumHeight(110)  # as in the new-ticket form
        description = self.texts.label(lambda: self.tr("Description"))
        description.setBuddy(self.body_edit)  # (the screen reader's name for the box)
        self.form.addRow(description, self.body_edit)

    def show_type(self, specs: list[FieldSpec], body_template: str) -> None:
        for _ in self.editors:
            self.form.removeRow(1)  # deletes the row's widgets
        for editor in self.editors:
            editor.deleteLater()
        self.editors = insert_field_rows(self.form, 1, specs, self)
        self.heading.setVisible(bool(specs))
        self.body_edit.setPlainText(body_template)
