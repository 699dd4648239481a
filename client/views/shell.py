"""Which window is up: login first, then the main window; back to login when the session
ends. Owns nothing but the windows; the session is passed in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer

from ..net.discovery import Discovery
from ..state import EndReason, Session
from .login import LoginWindow
from .main_window import MainWindow

LOGOUT_GRACE_MS = 2000
"""How long quitting waits for the server to hear that the user left."""


class Shell(QObject):
    def __init__(
        self,
        session: Session,
        settings: QSettings,
        *,
        server: str | None = None,
        username: str | None = None,
        discovery: Discovery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._settings = settings
        self.login = LoginWindow(
            session, settings, server=server, username=username, discovery=discovery
        )
        self.login.logged_in.connect(self._on_logged_in)
        self.main: MainWindow | None = None
        session.logged_out.connect(self._on_logged_out)

    def start(self) -> None:
        self.login.show()

    def _on_logged_in(self) -> None:
        self.session.start()
        self.main = MainWindow(self.session, self._settings)
        self.main.logout_requested.connect(self.session.log_out)
        self.main.closed.connect(self._on_main_closed)
        self.main.show()
        self.login.hide()

    def _on_logged_out(self, reason: str) -> None:
        main, self.main = self.main, None
        if main is not None:
            main.closed.disconnect(self._on_main_closed)
            main.close()
            main.deleteLater()
        if reason != EndReason.USER:
            self.login.show_notice(self.end_text(reason))
        self.login.show()
        self.login.password_edit.setFocus()

    def end_text(self, reason: str) -> str:
        """Why the user is back at the login window."""
        match reason:
            case EndReason.LOGGED_OUT:
                return self.tr(
                    "You were logged out (in another window, or by an admin). "
                    "Please log in again."
                )
            case EndReason.ENDED:
                return self.tr(
                    "Your session was ended: your password was changed or your account "
                    "deactivated. Please log in again."
                )
            case _:  # expired, or a token the server does not know
                return self.tr("Your session has ended. Please log in again.")

    def _on_main_closed(self) -> None:
        """The user closed the main window: tell the server, then quit."""
        self.main = None
        reply = self.session.log_out()
        app = QCoreApplication.instance()
        if reply is None or app is None:
            QCoreApplication.quit()
            return
        reply.finished.connect(QCoreApplication.quit)
        QTimer.singleShot(LOGOUT_GRACE_MS, QCoreApplication.quit)
