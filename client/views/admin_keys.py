"""Administration of API keys: service accounts' keys with scopes — make, rotate, revoke.

A new key is shown once, in a panel with a copy button; the list never holds keys, only
their first characters. The form is checked with the server's own `ApiKeyCreate` first."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QDateTime, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import Scope
from ticketdesk.common.models import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic

from ..models.api_keys import ApiKeyTableModel
from ..net.api import ApiError, ApiReply
from ..state.api_keys import ApiKeyList
from ..state.session import ClientSession
from .admin_rows import select_id, selected_row
from .common import MessageBar, error_text
from .retranslate import FollowsLanguage, refresh_words
from .shown_once import ShownOnce


class KeysAdmin(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keysAdmin")
        self.keys = ApiKeyList(session, self)
        self._reply: ApiReply | None = None
        self._revoked = ""
        self._made_id: int | None = None

        self.model = ApiKeyTableModel(self.keys, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._update_buttons)

        self.rotate_button = QPushButton(self)
        self.texts.set(self.rotate_button.setText, lambda: self.tr("Rotate…"))
        self.texts.set(self.rotate_button.setToolTip, lambda: self.tr(
            "Make a new key with the same scopes; the old one stops working at once"))
        self.rotate_button.clicked.connect(self.rotate_selected)
        self.revoke_button = QPushButton(self)
        self.texts.set(self.revoke_button.setText, lambda: self.tr("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke_selected)

        self.account_edit = QLineEdit(self)
        self.account_edit.setMaxLength(limits.USERNAME_MAX)
        self.texts.set(self.account_edit.setPlaceholderText, lambda: self.tr("e.g. telephony"))
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setMaxLength(limits.NAME_MAX)
        self.texts.set(self.display_name_edit.setPlaceholderText,
                       lambda: self.tr("e.g. 呼叫中心 telephony"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(limits.KEY_LABEL_MAX)
        self.texts.set(self.name_edit.setPlaceholderText, lambda: self.tr("e.g. PBX hall 2"))
        self.scope_checks: dict[Scope, QCheckBox] = {}
        scopes = QVBoxLayout()
        for scope, text in (
            (Scope.TICKETS_READ, lambda: self.tr("read every ticket, look up callers")),
            (Scope.TICKETS_WRITE, lambda: self.tr("create tickets, add comments")),
            (Scope.ORDERS_WRITE, lambda: self.tr("push orders")),
            (Scope.EVENTS_READ, lambda: self.tr("read events and the live feed")),
            (Scope.WEBHOOKS_ADMIN, lambda: self.tr("manage webhooks")),
        ):
            check = QCheckBox(self)
            self.texts.set(check.setText, lambda s=scope, t=text: f"{s.value} — {t()}")
            self.texts.set(check.setToolTip, text)
            self.scope_checks[scope] = check
            scopes.addWidget(check)
        self.expires_check = QCheckBox(self)
        self.texts.set(self.expires_check.setText, lambda: self.tr("Expires"))
        self.expires_edit = QDateTimeEdit(self)
        self.expires_edit.setCalendarPopup(True)
        self.expires_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.expires_edit.setDateTime(QDateTime.currentDateTime().addDays(365))
        self.expires_edit.setEnabled(False)
        self.expires_check.toggled.connect(self.expires_edit.setEnabled)
        self.create_button = QPushButton(self)
        self.texts.set(self.create_button.setText, lambda: self.tr("Create key"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        self.message = MessageBar(self)

        form = QFormLayout()
        form.addRow(self.texts.label(lambda: self.tr("Service account"), self.account_edit),
                    self.account_edit)
        form.addRow(self.texts.label(lambda: self.tr("Display name"), self.display_name_edit),
                    self.display_name_edit)
        form.addRow(self.texts.label(lambda: self.tr("Key name"), self.name_edit),
                    self.name_edit)
        form.addRow(self.texts.label(lambda: self.tr("Scopes")), scopes)
        expiry = QHBoxLayout()
        expiry.addWidget(self.expires_check)
        expiry.addWidget(self.expires_edit, 1)
        form.addRow("", expiry)
        new_box = QGroupBox(self)
        self.texts.set(new_box.setTitle, lambda: self.tr("New key"))
        new_layout = QVBoxLayout(new_box)
        hint = QLabel(new_box)
        self.texts.set(hint.setText, lambda: self.tr(
            "A new account name makes the service account; the display name is how its "
            "events name it."))
        hint.setWordWrap(True)
        new_layout.addWidget(hint)
        new_layout.addLayout(form)
        create_row = QHBoxLayout()
        create_row.addStretch(1)
        create_row.addWidget(self.create_button)
        new_layout.addLayout(create_row)

        self.shown_box = ShownOnce(
            lambda: self.tr("The new key — shown this once"),
            lambda: self.tr("Copy it into the other system now: it is stored only as a hash "
                            "and cannot be shown again."),
            self,
        )
        self.shown_box.copied.connect(self._on_copied)
        self.key_edit, self.copy_button = self.shown_box.edit, self.shown_box.copy_button

        actions = QHBoxLayout()
        actions.addWidget(self.rotate_button)
        actions.addWidget(self.revoke_button)
        actions.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(actions)
        right = QVBoxLayout()
        right.addWidget(new_box)
        right.addWidget(self.shown_box)
        right.addWidget(self.message)
        right.addStretch(1)
        side = QWidget(self)
        side.setLayout(right)
        side.setMaximumWidth(480)  # the list needs the room: seven columns
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(side)
        self._update_buttons()
        self.keys.load().failed.connect(self._on_failed)

    # ------------------------------------------------------------ choosing

    def selected_key(self) -> ApiKeyPublic | None:
        row = selected_row(self.table)
        return self.model.key_at(row) if row is not None else None

    def select_key(self, key_id: int) -> bool:
        return select_id(self.table, self.model, key_id)

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def retranslate(self) -> None:
        super().retranslate()
        refresh_words(self.model)

    def _on_copied(self) -> None:
        self.message.show_notice(lambda: self.tr("Key copied."))

    def _update_buttons(self) -> None:
        key = self.selected_key()
        usable = key is not None and key.revoked_at is None and self._reply is None
        self.rotate_button.setEnabled(usable)
        self.revoke_button.setEnabled(usable)
        self.create_button.setEnabled(self._reply is None)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before a change that cuts another system off (a test may answer for the user)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------ changing

    def _form_data(self) -> ApiKeyCreate:
        expires = None
        if self.expires_check.isChecked():
            expires = self.expires_edit.dateTime().toPython().astimezone()
        return ApiKeyCreate(
            account=self.account_edit.text().strip(),
            display_name=self.display_name_edit.text().strip() or None,
            name=self.name_edit.text(),
            scopes=[s for s, check in self.scope_checks.items() if check.isChecked()],
            expires_at=expires,
        )

    def create(self) -> None:
        if self._reply is not None:
            return
        self.message.clear_message()
        try:
            data = self._form_data()
        except ValidationError as invalid:
            problem = invalid  # (the ``as`` name is gone after the block; the words stay)
            self.message.show_error(lambda: self._invalid_text(problem))
            return
        self._send(self.keys.create(data))

    def rotate_selected(self) -> None:
        key = self.selected_key()
        if key is None or self._reply is not None:
            return
        if not self.confirm(self.tr("Rotate key"), self.tr(
                "Make a new key for {account} and stop {prefix}… at once?").format(
                    account=key.account_display_name, prefix=key.prefix)):
            return
        self.message.clear_message()
        self._send(self.keys.rotate(key.id))

    def revoke_selected(self) -> None:
        key = self.selected_key()
        if key is None or self._reply is not None:
            return
        if not self.confirm(self.tr("Revoke key"), self.tr(
                "Revoke {prefix}… of {account}? It stops working at once.").format(
                    account=key.account_display_name, prefix=key.prefix)):
            return
        self.message.clear_message()
        self._send(self.keys.revoke(key.id), revoked=key.prefix)

    def _send(self, reply: ApiReply, *, revoked: str | None = None) -> None:
        self._reply = reply
        self.shown_box.forget()
        # Bound methods only (never a lambda): Qt drops a connection to a bound slot of a
        # deleted widget, so an answer arriving after the screen closed touches nothing.
        if revoked is None:
            reply.succeeded.connect(self._on_made)
        else:
            self._revoked = revoked
            reply.succeeded.connect(self._on_revoked)
        reply.failed.connect(self._on_failed)
        reply.finished.connect(self._on_finished)
        self._update_buttons()

    def _on_revoked(self, _result: object) -> None:
        prefix = self._revoked
        self.message.show_notice(lambda: self.tr("Key {prefix}… revoked.").format(prefix=prefix))

    def _on_made(self, made: ApiKeyCreated) -> None:
        self.shown_box.show_secret(made.key)
        self.message.show_notice(lambda: self.tr("Key {prefix}… made for {account}.").format(
            prefix=made.prefix, account=made.account_display_name))
        self.keys.changed.connect(self._select_made, Qt.ConnectionType.SingleShotConnection)
        self._made_id = made.id

    def _select_made(self) -> None:
        if self._made_id is not None:
            self.select_key(self._made_id)


    def _invalid_text(self, invalid: ValidationError) -> str:
        loc = invalid.errors()[0]["loc"]
        field = str(loc[0]) if loc else ""
        if field == "account":
            return self.tr("A service account name is 2 to 64 letters, digits, dots, dashes or "
                           "underscores, starting with a letter or digit.")
        if field == "scopes":
            return self.tr("Choose at least one scope.")
        return self.tr("Some entries are invalid.")

    def _on_failed(self, error: ApiError) -> None:
        if error.code == "not_a_service_account":
            name = self.account_edit.text().strip()
            self.message.show_error(lambda: self.tr(
                "“{name}” is a person's account; keys belong to service accounts.").format(
                    name=name))
        elif error.code == "invalid_expiry":
            self.message.show_error(lambda: self.tr("The expiry is in the past."))
        else:
            self.message.show_error(lambda: error_text(error))

    def _on_finished(self) -> None:
        self._reply = None
        self._update_buttons()
