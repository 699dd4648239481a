"""Administration of accounts: create, edit, deactivate, reset a password, change a role.

The form is checked with the same wire models the server checks (`UserCreate`,
`UserUpdate`), so a mistake is named here, before anything is sent, and nothing is saved."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import Role
from ticketdesk.common.models import UserCreate, UserPublic, UserUpdate

from ..labels import role_label
from ..models.users import UserColumn, UserTableModel
from ..net.api import ApiError, ApiReply
from ..state.admin import UserAdmin
from ..state.session import ClientSession
from .admin_rows import fit_columns, reselect_quietly, select_id, selected_row
from .common import MessageBar, error_text
from .retranslate import FollowsLanguage, refresh_words


class UsersAdmin(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersAdmin")
        self._state = session.state
        self._admin = UserAdmin(session, self)
        self._user_id: int | None = None
        """The account being edited; None: a new one."""
        self._reply: ApiReply | None = None

        self.model = UserTableModel(session.state, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        fit_columns(self.table, UserColumn.NAME)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._reselect)

        self.new_button = QPushButton(self.tr("New user"), self)
        self.new_button.clicked.connect(self.new_user)
        self.username_edit = QLineEdit(self)
        self.username_edit.setMaxLength(limits.USERNAME_MAX)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(limits.NAME_MAX)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.password_edit = QLineEdit(self)
        self.password_edit.setMaxLength(limits.PASSWORD_MAX)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.active_check = QCheckBox(self.tr("Active (can log in and be assigned tickets)"), self)
        self.message = MessageBar(self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username_edit)
        form.addRow(self.tr("Display name"), self.name_edit)
        form.addRow(self.tr("Role"), self.role_combo)
        self._password_label_row = form.rowCount()
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.active_check)
        self._form = form
        buttons = QHBoxLayout()
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
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.new_user()
        self.retranslate()

    def retranslate(self) -> None:
        """The screen's words in the language now installed (the account being edited
        stays as it is)."""
        self.table.setAccessibleName(self.tr("Users"))
        self.new_button.setText(self.tr("New user"))
        self.active_check.setText(self.tr("Active (can log in and be assigned tickets)"))
        self.save_button.setText(self.tr("Save"))
        for field, text in ((self.username_edit, self.tr("Username")),
                            (self.name_edit, self.tr("Display name")),
                            (self.role_combo, self.tr("Role"))):
            label = self._form.labelForField(field)
            if label is not None:
                label.setText(text)  # type: ignore[attr-defined]
        for row in range(self.role_combo.count()):
            self.role_combo.setItemText(row, role_label(Role(self.role_combo.itemData(row))))
        self._name_password(self._user_id is not None)
        refresh_words(self.model)

    def _name_password(self, editing: bool) -> None:
        self.password_edit.setPlaceholderText(
            self.tr("Leave empty to keep the password") if editing else ""
        )
        label = self._form.itemAt(self._password_label_row, QFormLayout.ItemRole.LabelRole)
        if label is not None and label.widget() is not None:
            label.widget().setText(  # type: ignore[attr-defined]
                self.tr("Reset password") if editing else self.tr("Password"))

    # ------------------------------------------------------------ choosing

    def new_user(self) -> None:
        self.table.clearSelection()
        self._show(None)

    def select_user(self, user_id: int) -> bool:
        return select_id(self.table, self.model, user_id)

    def _on_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = selected_row(self.table)
        if row is not None:
            self._show(self.model.user_at(row))

    def _reselect(self) -> None:
        reselect_quietly(self.table, self.model, self._user_id)

    def _show(self, user: UserPublic | None) -> None:
        self._user_id = user.id if user else None
        self.message.clear_message()
        self.username_edit.setText(user.username if user else "")
        self.username_edit.setReadOnly(user is not None)  # a username never changes
        self.name_edit.setText(user.display_name if user else "")
        role = user.role if user else Role.AGENT
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))
        self.password_edit.clear()
        self._name_password(user is not None)
        self.active_check.setChecked(user.active if user else True)
        self.active_check.setEnabled(user is not None)

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        """Check the form as the server would; send it only if it passes."""
        if self._reply is not None:
            return
        self.message.clear_message()
        role = Role(self.role_combo.currentData())
        password = self.password_edit.text()
        try:
            if self._user_id is None:
                username = self.username_edit.text().strip()
                users = self._state.users.values()
                taken = any(u.username.lower() == username.lower() for u in users)
                if taken:
                    self.message.show_error(
                        lambda: self.tr("The username “{name}” is taken.").format(name=username)
                    )
                    return
                create = UserCreate(
                    username=username,
                    display_name=self.name_edit.text(),
                    role=role,
                    password=password,
                )
                self._reply = self._admin.create_user(create)
            else:
                changes: dict[str, object] = {
                    "display_name": self.name_edit.text(),
                    "role": role,
                    "active": self.active_check.isChecked(),
                }
                if password:
                    changes["password"] = password
                current = self._state.users.get(self._user_id)
                if current is not None and current.role is role:
                    del changes["role"]  # (the server refuses a role change to oneself)
                update = UserUpdate.model_validate(changes)
                self._reply = self._admin.update_user(self._user_id, update)
        except ValidationError as invalid:
            problem = invalid  # (the ``as`` name is gone after the block; the words stay)
            self.message.show_error(lambda: self._invalid_text(problem))
            return
        self.save_button.setEnabled(False)
        self._reply.succeeded.connect(self._on_saved)
        self._reply.failed.connect(self._on_failed)
        self._reply.finished.connect(self._on_finished)

    def _invalid_text(self, invalid: ValidationError) -> str:
        field = str(invalid.errors()[0]["loc"][0]) if invalid.errors()[0]["loc"] else ""
        if field == "username":
            return self.tr(
                "A username is 2 to 64 letters, digits, dots, dashes or underscores, "
                "starting with a letter or digit."
            )
        if field == "display_name":
            return self.tr("Enter a display name.")
        if field == "password":
            return self.tr("A password needs at least {n} characters.").format(
                n=limits.PASSWORD_MIN
            )
        return self.tr("Some entries are invalid.")

    def _on_saved(self, user: UserPublic) -> None:
        self._user_id = user.id
        self.select_user(user.id)
        self._show(user)
        self.message.show_notice(lambda: self.tr("Saved."))

    def _on_failed(self, error: ApiError) -> None:
        if error.code == "username_taken":
            name = self.username_edit.text().strip()
            self.message.show_error(
                lambda: self.tr("The username “{name}” is taken.").format(name=name))
        elif error.code == "self_change":
            self.message.show_error(
                lambda: self.tr("You cannot deactivate yourself or change your own role.")
            )
        else:
            self.message.show_error(lambda: error_text(error))

    def _on_finished(self) -> None:
        self._reply = None
        self.save_button.setEnabled(True)
