"""Administration of ticket types: the list, and an editor with a field builder and a live
preview of the new-ticket form the type generates.

The form is checked with the same wire models the server checks (`TicketTypeCreate`,
`TicketTypeUpdate`), so a mistake (a choice field without options, two fields with one key,
no name) is named here, before anything is sent, and nothing is saved. Saving an edit makes a
new version on the server; tickets keep the version they were created with."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import FieldKind, Priority
from ticketdesk.common.models import (
    FieldSpec,
    TicketTypeCreate,
    TicketTypePublic,
    TicketTypeUpdate,
)

from ..collation import sorted_by_name
from ..labels import priority_label
from ..models.ticket_types import FieldDraftModel, TypeColumn, TypeTableModel
from ..net.api import ApiError, ApiReply
from ..state.admin_types import TypeAdmin
from ..state.session import ClientSession
from .admin_rows import fit_columns, reselect_quietly, select_id, selected_row
from .admin_type_sla import SlaPolicyEditor
from .common import MessageBar, error_text, limit_plain_text
from .retranslate import FollowsLanguage
from .type_preview import TypePreview

_LENGTH_KINDS = (FieldKind.TEXT, FieldKind.MULTILINE)
_LIMIT_KEYS = ("min_length", "max_length", "min_value", "max_value")


def kind_label(kind: FieldKind) -> str:
    return {
        FieldKind.TEXT: QCoreApplication.translate("FieldKind", "Text"),
        FieldKind.MULTILINE: QCoreApplication.translate("FieldKind", "Long text"),
        FieldKind.NUMBER: QCoreApplication.translate("FieldKind", "Number"),
        FieldKind.CHOICE: QCoreApplication.translate("FieldKind", "Choice"),
        FieldKind.DATE: QCoreApplication.translate("FieldKind", "Date"),
        FieldKind.PHONE: QCoreApplication.translate("FieldKind", "Phone"),
        FieldKind.ORDER_NO: QCoreApplication.translate("FieldKind", "Order number"),
    }[kind]


def clean_field(draft: dict[str, Any]) -> dict[str, Any]:
    """The field as a request carries it: only what its kind takes (options stay behind when
    the admin turns a choice into text; limits of another kind likewise)."""
    kind = FieldKind(draft.get("kind", FieldKind.TEXT))
    spec: dict[str, Any] = {
        "key": draft.get("key", ""),
        "label": draft.get("label", ""),
        "kind": kind.value,
        "required": bool(draft.get("required")),
    }
    if draft.get("help"):
        spec["help"] = draft["help"]
    if kind is FieldKind.CHOICE:
        spec["options"] = list(draft.get("options") or [])
    for limit in _LIMIT_KEYS:
        applies = kind in _LENGTH_KINDS if "length" in limit else kind is FieldKind.NUMBER
        if applies and draft.get(limit) not in (None, ""):
            spec[limit] = draft[limit]
    return spec


def preview_spec(draft: dict[str, Any]) -> FieldSpec:
    """The spec the preview shows; one the admin has not finished shows as far as it goes."""
    spec = clean_field(draft)
    try:
        return FieldSpec.model_validate(spec)
    except ValidationError:
        return FieldSpec.model_construct(
            key=str(spec["key"]),
            label=str(spec["label"]) or str(spec["key"]),
            kind=FieldKind(spec["kind"]),
            required=spec["required"],
            options=list(dict.fromkeys(o for o in spec.get("options", []) if o)),
        )


def _number(text: str, integer: bool) -> int | float | str | None:
    """An entered limit; what does not read as a number is kept, so validation names it."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text) if integer else float(text)
    except ValueError:
        return text


class TypesAdmin(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("typesAdmin")
        self._state = session.state
        self._admin = TypeAdmin(session, self)
        self._type_id: int | None = None
        """The type being edited; None: a new one."""
        self._reply: ApiReply | None = None
        self._loading = False

        # ---- the list of types
        self.model = TypeTableModel(session.state, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        fit_columns(self.table, TypeColumn.NAME)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._reselect)
        self.new_button = QPushButton(self)
        self.texts.set(self.new_button.setText, lambda: self.tr("New type"))
        self.new_button.clicked.connect(self.new_type)

        # ---- the type
        # Inputs stop at the server's own limits (common.limits), so a type cannot be typed
        # that the server will refuse for its length.
        self.key_edit = QLineEdit(self)
        self.key_edit.setMaxLength(limits.KEY_MAX)
        self.texts.set(self.key_edit.setPlaceholderText, lambda: self.tr("e.g. refund"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(limits.NAME_MAX)
        self.description_edit = QLineEdit(self)
        self.description_edit.setMaxLength(limits.DESCRIPTION_MAX)
        self.version_label = QLabel(self)
        self.template_edit = QPlainTextEdit(self)
        self.template_edit.setFixedHeight(64)
        limit_plain_text(self.template_edit, limits.BODY_MAX)
        self.template_edit.textChanged.connect(self._refresh_preview)
        self.group_combo = QComboBox(self)
        self.priority_combo = QComboBox(self)
        for priority in Priority:
            self.priority_combo.addItem(priority_label(priority), priority.value)
        # The SLA section (targets, clock, warning, automatic actions): its own widget.
        self.sla = SlaPolicyEditor(session.state, self)
        self.first_response_spin = self.sla.first_response_spin
        self.resolution_spin = self.sla.resolution_spin
        self.active_check = QCheckBox(self)
        self.texts.set(self.active_check.setText,
                       lambda: self.tr("Active (agents can create tickets of it)"))
        type_form = QFormLayout()
        label = self.texts.label
        for caption, field in (
            (lambda: self.tr("Key"), self.key_edit),
            (lambda: self.tr("Name"), self.name_edit),
            (lambda: self.tr("Description"), self.description_edit),
            (lambda: self.tr("Version"), self.version_label),
            (lambda: self.tr("Body template"), self.template_edit),
            (lambda: self.tr("Default group"), self.group_combo),
            (lambda: self.tr("Default priority"), self.priority_combo),
        ):
            type_form.addRow(label(caption, field), field)
        type_form.addRow("", self.active_check)

        # ---- the field builder
        self.fields = FieldDraftModel(self)
        self.field_list = QListView(self)
        self.field_list.setModel(self.fields)
        self.field_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.field_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.field_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.field_list.selectionModel().currentChanged.connect(self._load_field)
        for signal in (
            self.fields.rowsInserted,
            self.fields.rowsRemoved,
            self.fields.rowsMoved,
            self.fields.dataChanged,
            self.fields.modelReset,
        ):
            signal.connect(self._refresh_preview)
        self.add_field_button = QPushButton(self)
        self.texts.set(self.add_field_button.setText, lambda: self.tr("Add field"))
        self.add_field_button.clicked.connect(self.add_field)
        self.remove_field_button = QPushButton(self)
        self.texts.set(self.remove_field_button.setText, lambda: self.tr("Remove"))
        self.remove_field_button.clicked.connect(self.remove_field)
        self.up_button = QPushButton(self)
        self.texts.set(self.up_button.setText, lambda: self.tr("Up"))
        self.up_button.clicked.connect(lambda: self.move_field(-1))
        self.down_button = QPushButton(self)
        self.texts.set(self.down_button.setText, lambda: self.tr("Down"))
        self.down_button.clicked.connect(lambda: self.move_field(1))

        self.field_key_edit = QLineEdit(self)
        self.field_key_edit.setMaxLength(limits.KEY_MAX)
        self.field_label_edit = QLineEdit(self)
        self.field_label_edit.setMaxLength(limits.NAME_MAX)
        self.kind_combo = QComboBox(self)
        for kind in FieldKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.required_check = QCheckBox(self)
        self.texts.set(self.required_check.setText, lambda: self.tr("Required"))
        self.options_edit = QPlainTextEdit(self)
        self.options_edit.setFixedHeight(64)
        self.texts.set(self.options_edit.setPlaceholderText, lambda: self.tr(
            "One option per line, each up to {n} characters").format(n=limits.OPTION_MAX))
        limit_plain_text(
            self.options_edit,
            limits.MAX_CHOICE_OPTIONS * (limits.OPTION_MAX + 1),
            line_max=limits.OPTION_MAX,
        )
        self.min_edit = QLineEdit(self)
        self.max_edit = QLineEdit(self)
        self.field_form = QFormLayout()
        for caption, field in (
            (lambda: self.tr("Field key"), self.field_key_edit),
            (lambda: self.tr("Label"), self.field_label_edit),
            (lambda: self.tr("Kind"), self.kind_combo),
            (None, self.required_check),
            (lambda: self.tr("Options"), self.options_edit),
            (lambda: self.tr("Minimum"), self.min_edit),
            (lambda: self.tr("Maximum"), self.max_edit),
        ):
            if caption is None:
                self.field_form.addRow("", field)
            else:
                self.field_form.addRow(label(caption, field), field)
        for edit in (self.field_key_edit, self.field_label_edit, self.min_edit, self.max_edit):
            edit.textChanged.connect(self._field_edited)
        self.options_edit.textChanged.connect(self._field_edited)
        self.kind_combo.currentIndexChanged.connect(self._field_edited)
        self.required_check.toggled.connect(self._field_edited)

        builder = QGroupBox(self)
        self.texts.set(builder.setTitle, lambda: self.tr("Fields"))
        field_buttons = QHBoxLayout()
        for button in (
            self.add_field_button,
            self.up_button,
            self.down_button,
            self.remove_field_button,
        ):
            field_buttons.addWidget(button)
        builder_layout = QVBoxLayout(builder)
        builder_layout.addWidget(self.field_list, 1)
        builder_layout.addLayout(field_buttons)
        builder_layout.addLayout(self.field_form)

        # ---- the preview
        self.preview = TypePreview(self)
        preview_box = QGroupBox(self)
        self.texts.set(preview_box.setTitle, lambda: self.tr("Preview of the new-ticket form"))
        scroll = QScrollArea(preview_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.preview)
        QVBoxLayout(preview_box).addWidget(scroll)

        self.message = MessageBar(self)
        self.save_button = QPushButton(self)
        self.texts.set(self.save_button.setText, lambda: self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        # Three panes the admin can widen (the splitter's state is kept by the window); the
        # editor scrolls, so a small screen or a long message never makes the window grow.
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.table, 1)
        editor = QWidget(self)
        middle = QVBoxLayout(editor)
        middle.setContentsMargins(0, 0, 6, 0)
        middle.addLayout(type_form)
        middle.addWidget(self.sla)
        middle.addWidget(builder, 1)
        self.editor_scroll = editor_scroll = QScrollArea(self)
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setWidget(editor)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("typesSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch in ((left, 2), (editor_scroll, 3), (preview_box, 3)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([400, 440, 440])  # until the admin moves it (then remembered)
        save_row = QHBoxLayout()
        save_row.addWidget(self.message, 1)
        save_row.addWidget(
            self.save_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(save_row)
        self._fill_groups()
        session.state.groups_changed.connect(self._fill_groups)
        self.new_type()

    def retranslate(self) -> None:
        """The fixed words, and those chosen from lists or made from the type shown."""
        super().retranslate()
        for row in range(self.priority_combo.count()):
            self.priority_combo.setItemText(
                row, priority_label(Priority(self.priority_combo.itemData(row))))
        for row in range(self.kind_combo.count()):
            self.kind_combo.setItemText(row, kind_label(FieldKind(self.kind_combo.itemData(row))))
        self._fill_groups()
        self._show_version()
        self._enable_for_kind()
        self._refresh_preview()  # its rows are the new-ticket form's, made in the language

    def _show_version(self) -> None:
        current = self._state.types.get(self._type_id) if self._type_id is not None else None
        self.version_label.setText(
            str(current.version) if current else self.tr("new (1 once saved)"))

    def _fill_groups(self) -> None:
        current = self.group_combo.currentData()
        self.group_combo.clear()
        self.group_combo.addItem(self.tr("— none —"), None)
        for group in sorted_by_name(self._state.groups.values(), lambda g: g.name):
            self.group_combo.addItem(group.name, group.id)
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(current), 0))

    # ------------------------------------------------------------ choosing a type

    def new_type(self) -> None:
        self.table.clearSelection()
        self._show(None)

    def select_type(self, type_id: int) -> bool:
        return select_id(self.table, self.model, type_id)

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = selected_row(self.table)
        if row is not None:
            self._show(self.model.type_at(row))

    def _reselect(self) -> None:
        reselect_quietly(self.table, self.model, self._type_id)

    def _show(self, ticket_type: TicketTypePublic | None) -> None:
        self._type_id = ticket_type.id if ticket_type else None
        self.message.clear_message()
        self.key_edit.setText(ticket_type.key if ticket_type else "")
        self.key_edit.setReadOnly(ticket_type is not None)  # tickets and imports name it
        self.name_edit.setText(ticket_type.name if ticket_type else "")
        self.description_edit.setText(ticket_type.description if ticket_type else "")
        self._show_version()
        group_id = ticket_type.default_group_id if ticket_type else None
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(group_id), 0))
        priority = ticket_type.default_priority if ticket_type else Priority.NORMAL
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(priority.value))
        self.sla.show_type(ticket_type)
        self.active_check.setChecked(ticket_type.active if ticket_type else True)
        self.active_check.setEnabled(ticket_type is not None)  # a new type starts active
        self.template_edit.blockSignals(True)
        self.template_edit.setPlainText(ticket_type.body_template if ticket_type else "")
        self.template_edit.blockSignals(False)
        self.fields.set_fields(
            [f.model_dump(mode="json") for f in ticket_type.fields] if ticket_type else []
        )
        if self.fields.rowCount():
            self.field_list.setCurrentIndex(self.fields.index(0, 0))
        else:
            self._load_field()
        self._refresh_preview()

    # ------------------------------------------------------------ the field builder

    @property
    def _field_row(self) -> int:
        index = self.field_list.currentIndex()
        return index.row() if index.isValid() else -1

    def add_field(self) -> None:
        taken = {f.get("key") for f in self.fields.fields}
        n = 1
        while f"field_{n}" in taken:
            n += 1
        row = self.fields.append(
            {"key": f"field_{n}", "label": self.tr("New field"), "kind": FieldKind.TEXT.value}
        )
        self.field_list.setCurrentIndex(self.fields.index(row, 0))
        self.field_label_edit.setFocus()
        self.field_label_edit.selectAll()

    def remove_field(self) -> None:
        row = self._field_row
        if row < 0:
            return
        self.fields.remove(row)
        if self.fields.rowCount():
            self.field_list.setCurrentIndex(
                self.fields.index(min(row, self.fields.rowCount() - 1), 0)
            )
        else:
            self._load_field()

    def move_field(self, step: int) -> None:
        row = self._field_row
        if self.fields.move(row, row + step):
            self.field_list.setCurrentIndex(self.fields.index(row + step, 0))

    def _load_field(self) -> None:
        """Show the chosen field in the field form (or an empty, disabled form)."""
        row = self._field_row
        draft = self.fields.fields[row] if row >= 0 else {}
        self._loading = True
        self.field_key_edit.setText(str(draft.get("key", "")))
        self.field_label_edit.setText(str(draft.get("label", "")))
        kind = FieldKind(draft.get("kind", FieldKind.TEXT))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.required_check.setChecked(bool(draft.get("required")))
        self.options_edit.setPlainText("\n".join(draft.get("options") or []))
        length = kind in _LENGTH_KINDS
        low = draft.get("min_length" if length else "min_value")
        high = draft.get("max_length" if length else "max_value")
        self.min_edit.setText("" if low is None else _shown(low))
        self.max_edit.setText("" if high is None else _shown(high))
        self._loading = False
        for widget in (
            self.field_key_edit,
            self.field_label_edit,
            self.kind_combo,
            self.required_check,
            self.remove_field_button,
            self.up_button,
            self.down_button,
        ):
            widget.setEnabled(row >= 0)
        self._enable_for_kind()

    def _enable_for_kind(self) -> None:
        kind = FieldKind(self.kind_combo.currentData())
        editing = self._field_row >= 0
        self.options_edit.setEnabled(editing and kind is FieldKind.CHOICE)
        bounded = kind in _LENGTH_KINDS or kind is FieldKind.NUMBER
        self.min_edit.setEnabled(editing and bounded)
        self.max_edit.setEnabled(editing and bounded)
        if kind in _LENGTH_KINDS:
            ceiling = (
                limits.FIELD_MULTILINE_MAX if kind is FieldKind.MULTILINE else limits.FIELD_TEXT_MAX
            )
            self.min_edit.setPlaceholderText(self.tr("shortest length"))
            self.max_edit.setPlaceholderText(
                self.tr("longest length, up to {n}").format(n=f"{ceiling:,}")
            )
        elif kind is FieldKind.NUMBER:
            self.min_edit.setPlaceholderText(self.tr("smallest number"))
            self.max_edit.setPlaceholderText(self.tr("largest number"))
        else:
            self.min_edit.setPlaceholderText("")
            self.max_edit.setPlaceholderText("")

    def _field_edited(self) -> None:
        if self._loading:
            return
        self._enable_for_kind()
        row = self._field_row
        if row < 0:
            return
        kind = FieldKind(self.kind_combo.currentData())
        draft = dict(self.fields.fields[row])
        draft.update(
            key=self.field_key_edit.text().strip(),
            label=self.field_label_edit.text().strip(),
            kind=kind.value,
            required=self.required_check.isChecked(),
            options=[
                line.strip()
                for line in self.options_edit.toPlainText().splitlines()
                if line.strip()
            ],
        )
        for limit in _LIMIT_KEYS:
            draft.pop(limit, None)
        if kind in _LENGTH_KINDS:
            draft["min_length"] = _number(self.min_edit.text(), integer=True)
            draft["max_length"] = _number(self.max_edit.text(), integer=True)
        elif kind is FieldKind.NUMBER:
            draft["min_value"] = _number(self.min_edit.text(), integer=False)
            draft["max_value"] = _number(self.max_edit.text(), integer=False)
        self.fields.update(row, draft)

    def _refresh_preview(self) -> None:
        specs = [preview_spec(d) for d in self.fields.fields]
        self.preview.show_type(specs, self.template_edit.toPlainText())

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        """Check the type as the server would; send it only if it passes."""
        if self._reply is not None:
            return
        self.message.clear_message()
        self.sla.clear_errors()
        body: dict[str, Any] = {
            "name": self.name_edit.text(),
            "description": self.description_edit.text(),
            "fields": [clean_field(d) for d in self.fields.fields],
            "body_template": self.template_edit.toPlainText(),
            "default_priority": self.priority_combo.currentData(),
            # Sent even when "none": in an edit, null is how the server clears them.
            "default_group": self.group_combo.currentData(),
            **self.sla.targets(),
            "sla_policy": self.sla.policy(),
        }
        try:
            if self._type_id is None:
                create = TicketTypeCreate.model_validate(
                    {"key": self.key_edit.text().strip(), **body}
                )
                self._reply = self._admin.create_type(create)
            else:
                body["active"] = self.active_check.isChecked()
                update = TicketTypeUpdate.model_validate(body)
                self._reply = self._admin.update_type(self._type_id, update)
        except ValidationError as invalid:
            problem = invalid  # (the ``as`` name is gone after the block; the words stay)
            error = invalid.errors()[0]
            if not self.sla.show_error(error["loc"], lambda: self._sla_invalid_text(error)):
                self.message.show_error(lambda: self._invalid_text(problem))
            else:
                self.message.show_error(lambda: self.tr("Check the SLA policy."))
            return
        self.save_button.setEnabled(False)
        self._reply.succeeded.connect(self._on_saved)
        self._reply.failed.connect(self._on_failed)
        self._reply.finished.connect(self._on_finished)

    def _invalid_text(self, invalid: ValidationError) -> str:
        error = invalid.errors()[0]
        loc = error["loc"]
        message = str(error.get("msg", ""))
        if loc == ("key",):
            return self.tr(
                "A key is lowercase letters, digits and underscores, starting with a letter "
                "(e.g. refund)."
            )
        if loc == ("name",):
            return self.tr("Enter a name.")
        if loc == ("fields",) or (not loc and "unique" in message):
            if "unique" in message:
                return self.tr("Two fields have the same key; each field needs its own key.")
            return self.tr("This type has too many fields.")
        if loc and loc[0] == "fields" and len(loc) > 1 and isinstance(loc[1], int):
            draft = self.fields.fields[loc[1]] if loc[1] < len(self.fields.fields) else {}
            label = str(draft.get("label") or draft.get("key") or loc[1] + 1)
            part = loc[2] if len(loc) > 2 else None
            if part == "key":
                return self.tr(
                    "The field “{label}” needs a key of lowercase letters, digits and "
                    "underscores, starting with a letter."
                ).format(label=label)
            if part == "label":
                return self.tr("Field {n} needs a label.").format(n=loc[1] + 1)
            if "needs options" in message:
                return self.tr("The choice field “{label}” needs options, one per line.").format(
                    label=label
                )
            if "repeats an option" in message:
                return self.tr("The choice field “{label}” lists an option twice.").format(
                    label=label
                )
            if part == "options" and error["type"] == "string_too_long":
                return self.tr(
                    "The choice field “{label}”: an option is longer than {n} characters."
                ).format(label=label, n=limits.OPTION_MAX)
            if part == "options" and error["type"] == "too_long":
                return self.tr("The choice field “{label}” has more than {n} options.").format(
                    label=label, n=limits.MAX_CHOICE_OPTIONS
                )
            if part == "max_length":
                return self.tr("The field “{label}”: the longest length is {n}.").format(
                    label=label, n=f"{limits.FIELD_MULTILINE_MAX:,}"
                )
            if "exceeds" in message:
                return self.tr("The field “{label}”: the minimum is above the maximum.").format(
                    label=label
                )
            return self.tr("The field “{label}”: check its limits.").format(label=label)
        return self.tr("Some entries are invalid.")

    def _on_saved(self, ticket_type: TicketTypePublic) -> None:
        created = self._type_id is None
        self._type_id = ticket_type.id
        self.select_type(ticket_type.id)
        self._show(ticket_type)
        if created:
            self.message.show_notice(lambda: self.tr("Created."))
        else:
            self.message.show_notice(lambda: self.tr("Saved as version {n}.").format(
                n=ticket_type.version))

    def _sla_invalid_text(self, error: Any) -> str:
        """What a refusal of the SLA section's inputs says, ours or the server's."""
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[-1] == "notify_group":
            return self.tr("No group has this name (any more); choose another.")
        message = str(error.get("msg") or error.get("message") or "")
        if "not both" in message:
            return self.tr("Warn at a share of the target or minutes before it, not both.")
        return self.tr("Check this value.")

    def _on_failed(self, error: ApiError) -> None:
        # A refusal that names an SLA input (``details.field``, or a schema error's
        # ``loc``) is said under that input; anything else in the bar below.
        details = error.details
        problems = (details if isinstance(details, list) else
                    [{"loc": str(details["field"]).split("."), "message": error.message}]
                    if isinstance(details, dict) and details.get("field") else [])
        said = False
        for problem in problems:
            loc = problem.get("loc") or []
            if self.sla.error_label(loc) is not None:
                said = self.sla.show_error(
                    loc, lambda p=problem: self._sla_invalid_text(p)) or said
        if said:
            self.message.show_error(
                lambda: self.tr("The server refused the SLA policy; see above."))
            return
        self.message.show_error(lambda: error_text(error))

    def _on_finished(self) -> None:
        self._reply = None
        self.save_button.setEnabled(True)


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
