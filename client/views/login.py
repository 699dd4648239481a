"""The login window: server address, username, password, and a clear word when it fails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import API_VERSION

from ..models.servers import ServerListModel, ServerRole
from ..net.discovery import Discovery
from ..net.trust import TrustProblem
from ..state import installation
from ..state.login import LoginFailure, LoginProblem
from ..timefmt import format_wait
from .common import MessageBar, Words, plain_label
from .retranslate import FollowsLanguage

if TYPE_CHECKING:  # not needed to show the window (see ticketdesk.client.state.login)
    from ticketdesk.common.models import LoginResponse

    from ..state import ClientSession

SERVER_KEY = "login/server"
USERNAME_KEY = "login/username"
DEFAULT_SERVER = "127.0.0.1:8470"


class LoginWindow(FollowsLanguage, QWidget):
    logged_in = Signal()

    def __init__(
        self,
        session: ClientSession | None,
        settings: QSettings,
        *,
        server: str | None = None,
        username: str | None = None,
        discovery: Discovery | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._settings = settings
        self._attempt = None
        self.trust_prompt: QMessageBox | None = None
        """The open question whether to trust a server's key, if any."""
        # No app name in any title: on a desktop Qt appends the application's display name
        # ("Log in — TicketDesk"); offscreen it does not, which once hid a doubled name.
        self.texts.set(self.setWindowTitle, lambda: self.tr("Log in"))
        self.setObjectName("loginWindow")

        title = QLabel(self)
        self.texts.set(title.setText, lambda: self.tr("TicketDesk"))
        title.setObjectName("appTitle")
        subtitle = QLabel(self)
        self.texts.set(subtitle.setText, lambda: self.tr("Customer service tickets"))
        subtitle.setObjectName("appSubtitle")

        self.server_edit = QLineEdit(self)
        self.texts.set(self.server_edit.setPlaceholderText,
                       lambda: self.tr("host:port, e.g. 192.168.1.20:8470"))
        self.username_edit = QLineEdit(self)
        self.texts.set(self.username_edit.setPlaceholderText, lambda: self.tr("Your username"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.texts.set(self.password_edit.setPlaceholderText, lambda: self.tr("Password"))

        # Servers announced on the LAN; shown once there is at least one.
        self.found_combo = QComboBox(self)
        self.found_combo.setObjectName("foundServers")
        self.texts.set(self.found_combo.setPlaceholderText,
                       lambda: self.tr("Choose a server found on this network"))
        self.found_label = self.texts.label(lambda: self.tr("&Found"), self.found_combo)
        if discovery is not None:
            self.found_combo.setModel(ServerListModel(discovery, self))
            self.found_combo.model().rowsInserted.connect(self._update_found)
            self.found_combo.model().rowsRemoved.connect(self._update_found)
            self.found_combo.activated.connect(self._use_found)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.found_label, self.found_combo)
        for caption, edit in ((lambda: self.tr("&Server"), self.server_edit),
                              (lambda: self.tr("&Username"), self.username_edit),
                              (lambda: self.tr("&Password"), self.password_edit)):
            form.addRow(self.texts.label(caption, edit), edit)

        self.message = MessageBar(self)
        self.status = plain_label("", self, object_name="hint")
        self.login_button = QPushButton(self)
        self.texts.set(self.login_button.setText, lambda: self.tr("Log in"))
        self.login_button.setObjectName("primary")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._log_in)
        for edit in (self.server_edit, self.username_edit, self.password_edit):
            edit.returnPressed.connect(self._log_in)
            edit.textEdited.connect(self.message.clear_message)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

        self._form = form
        self._update_found()
        self.server_edit.setText(server or str(settings.value(SERVER_KEY, DEFAULT_SERVER)))
        self.username_edit.setText(username or str(settings.value(USERNAME_KEY, "")))
        self._focus_first_empty()

    def _focus_first_empty(self) -> None:
        for edit in (self.server_edit, self.username_edit, self.password_edit):
            if not edit.text():
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_found(self) -> None:
        self._form.setRowVisible(self.found_combo, self.found_combo.count() > 0)
        # The server last used (or typed) is preselected when it is among those found.
        model = self.found_combo.model()
        found = isinstance(model, ServerListModel)  # no model without discovery
        self.found_combo.setCurrentIndex(
            model.row_of_address(self.server_edit.text()) if found else -1
        )

    def _use_found(self, row: int) -> None:
        address = self.found_combo.itemData(row, ServerRole.ADDRESS)
        if address:
            self.server_edit.setText(address)
            self.message.clear_message()
            self._focus_first_empty()

    def set_session(self, session: ClientSession) -> None:
        """The session to log in with, when there was none yet at construction (the window
        is shown first; the session comes right after its first paint, long before anyone
        can have typed a password)."""
        self._session = session

    def show_notice(self, text: Words) -> None:
        """E.g. why the user is back here: their session ended."""
        self.message.show_notice(text)

    # ------------------------------------------------------------ logging in

    def _log_in(self) -> None:
        if self._attempt is not None or self._session is None:
            return
        server = self.server_edit.text().strip()
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        missing = [
            (edit, text)
            for edit, text in (
                (self.server_edit, lambda: self.tr("Enter the server address.")),
                (self.username_edit, lambda: self.tr("Enter your username.")),
                (self.password_edit, lambda: self.tr("Enter your password.")),
            )
            if not edit.text().strip()
        ]
        if missing:
            edit, text = missing[0]
            self.message.show_error(text)
            edit.setFocus()
            return
        self.message.clear_message()
        self._set_busy(True)
        self._attempt = self._session.log_in(
            server, username, password, installation.fallbacks_for(self._settings, server)
        )
        self._attempt.succeeded.connect(self._on_success)
        self._attempt.failed.connect(self._on_failure)
        self._attempt.trying.connect(self._on_trying)

    def _on_trying(self, address: str) -> None:
        self.status.setText(
            self.tr("No answer; trying {server}, another server of this installation…").format(
                server=address
            )
        )

    def _set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        for edit in (self.server_edit, self.username_edit, self.password_edit):
            edit.setReadOnly(busy)
        self.status.setText(self.tr("Connecting…") if busy else "")

    def _on_success(self, response: LoginResponse) -> None:
        attempt, self._attempt = self._attempt, None
        self._set_busy(False)
        typed = self.server_edit.text().strip()
        # The address typed stays the first choice; the one that answered is among the
        # installation's servers for next time either way.
        self._settings.setValue(SERVER_KEY, typed)
        if attempt is not None and attempt.server is not None:
            installation.remember(self._settings, typed, attempt.server.servers)
        self._settings.setValue(USERNAME_KEY, response.user.username)
        self.password_edit.clear()
        self.logged_in.emit()

    def _on_failure(self, failure: LoginFailure) -> None:
        self._attempt = None
        self._set_busy(False)
        if failure.problem is LoginProblem.TLS_UNTRUSTED and failure.trust is not None:
            self._ask_trust(failure.trust)
            return
        self.message.show_error(lambda: self.failure_text(failure))
        if failure.problem is LoginProblem.BAD_CREDENTIALS:
            self.password_edit.selectAll()
            self.password_edit.setFocus()
        elif failure.problem in (
            LoginProblem.BAD_ADDRESS,
            LoginProblem.UNREACHABLE,
            LoginProblem.NOT_TICKETDESK,
        ):
            self.server_edit.setFocus()

    def _announced_pin(self, server: str) -> str:
        """The key pin a server found on the network announced for ``server`` (host:port)."""
        model = self.found_combo.model()
        for row in range(model.rowCount()):
            address = str(model.index(row, 0).data(ServerRole.ADDRESS) or "")
            if address.removeprefix("https://").lower() == server:
                return str(model.index(row, 0).data(ServerRole.KEY_PIN) or "")
        return ""

    def _ask_trust(self, problem: TrustProblem) -> None:
        """First connection to a server with a self-signed certificate: show its key's
        fingerprint and let the user decide. (Non-modal, so nothing blocks meanwhile.)"""
        announced = self._announced_pin(problem.origin)
        if announced == problem.pin:
            check = self.tr("It matches the fingerprint the server announced on this network.")
        elif announced:
            check = self.tr(
                "WARNING: it does NOT match the fingerprint announced on this network "
                "({announced}). Do not trust it; tell IT."
            ).format(announced=announced)
        else:
            check = self.tr("Compare it with the fingerprint IT gave you.")
        box = QMessageBox(
            QMessageBox.Icon.Warning
            if announced and announced != problem.pin
            else QMessageBox.Icon.Question,
            self.tr("Trust this server?"),
            self.tr(
                "The server {server} uses a certificate that no authority known to this "
                "computer vouches for (it is probably IT's own, self-signed).\n\n"
                "Fingerprint of its key (SHA-256):\n{pin}\n\n{check}\n\n"
                "Trust this server from now on?"
            ).format(server=problem.origin, pin=problem.pin, check=check),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("trustServer")
        trust = box.addButton(self.tr("Trust this server"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        def decided() -> None:
            if box.clickedButton() is trust and self._session is not None:
                self._session.trust_key(problem.origin, problem.pin)
                self._log_in()
            else:
                self.message.show_error(
                    lambda: self.tr("Not connected: the server's certificate was not trusted.")
                )
            box.deleteLater()
            self.trust_prompt = None

        box.finished.connect(decided)
        self.trust_prompt = box
        box.open()

    def failure_text(self, failure: LoginFailure) -> str:
        address = self.server_edit.text().strip()
        match failure.problem:
            case LoginProblem.BAD_ADDRESS:
                return self.tr(
                    "“{address}” is not a server address. Enter it as host:port, "
                    "e.g. 192.168.1.20:8470."
                ).format(address=address)
            case LoginProblem.UNREACHABLE:
                return self.tr(
                    "Cannot reach a TicketDesk server at {address}. Check the "
                    "address and that the server is running."
                ).format(address=address)
            case LoginProblem.TIMEOUT:
                return self.tr(
                    "The server at {address} did not answer in time. Try again; if "
                    "it keeps happening, ask IT."
                ).format(address=address)
            case LoginProblem.NOT_TICKETDESK:
                return self.tr(
                    "{address} answered, but it is not a TicketDesk server. Check "
                    "the address and port."
                ).format(address=address)
            case LoginProblem.VERSION_MISMATCH:
                return self.tr(
                    "The server speaks API version {server}; this client speaks "
                    "version {client}. Ask IT to install the matching client."
                ).format(server=failure.detail, client=API_VERSION)
            case LoginProblem.BAD_CREDENTIALS:
                return self.tr("Wrong username or password.")
            case LoginProblem.TOO_MANY_ATTEMPTS if failure.retry_after:
                return self.tr(
                    "Too many failed attempts: logging in as this user is locked for {wait}. "
                    "Try again then, or ask an admin to help."
                ).format(wait=format_wait(failure.retry_after))
            case LoginProblem.TOO_MANY_ATTEMPTS:
                return self.tr("Too many failed attempts. Wait a minute, then try again.")
            case LoginProblem.TLS_KEY_CHANGED if failure.trust is not None:
                return self.tr(
                    "Refused: the server at {server} presented a DIFFERENT key from the one "
                    "trusted before (fingerprint now {pin}). Someone may be impersonating it. "
                    "Do not log in; tell IT. If IT did replace the key, they can remove the "
                    "old one from this computer's settings."
                ).format(server=failure.trust.origin, pin=failure.trust.pin)
            case LoginProblem.SERVER_BUSY:
                return self.tr("The server is restarting its database. Try again in a few seconds.")
            case _:
                return self.tr("Login failed: {detail}").format(detail=failure.detail)
