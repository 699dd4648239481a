"""Which window is up: login first, then the main window; back to login when the session
ends. Owns nothing but the windows; the session is passed in, or made once the login window
is on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer

from ..net.discovery import Discovery
from ..state.login import EndReason
from .common import FirstPaint
from .login import LoginWindow

if TYPE_CHECKING:
    from ..appearance import Appearance
    from ..state import ClientSession
    from .main_window import MainWindow

LOGOUT_GRACE_MS = 2000
"""How long quitting waits for the server to hear that the user left."""


class Shell(QObject):
    def __init__(
        self,
        session: ClientSession | None,
        settings: QSettings,
        *,
        server: str | None = None,
        username: str | None = None,
        discovery: Discovery | None = None,
        appearance: Appearance | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``session``: None makes a `ClientSession` of the defaults once the login window has
        been painted: what it needs to import (the wire models, the network clients) would
        otherwise delay the window by about half of the start-up time."""
        super().__init__(parent)
        self._session: ClientSession | None = None
        self._settings = settings
        self._appearance = appearance
        self.login = LoginWindow(
            session, settings, server=server, username=username, discovery=discovery
        )
        self.login.logged_in.connect(self._on_logged_in)
        self.main: MainWindow | None = None
        self._pending_caller: tuple[str, str] | None = None
        """A screen-pop asked for before anyone logged in: shown once someone has."""
        if session is not None:
            self._use(session)

    @property
    def session(self) -> ClientSession:
        if self._session is None:
            from ..state.session import ClientSession  # see __init__

            self._use(ClientSession())
        assert self._session is not None
        return self._session

    def _use(self, session: ClientSession) -> None:
        self._session = session
        session.remember_keys_in(self._settings)
        self.login.set_session(session)
        session.logged_out.connect(self._on_logged_out)

    def start(self) -> None:
        self.login.show()
        if self._session is None:
            FirstPaint(self.login, lambda: self.session)

    def _on_logged_in(self) -> None:
        # Imported only now: the main window and all it shows would delay the login window,
        # which needs none of it.
        from .main_window import MainWindow

        self.session.start()
        self.main = MainWindow(self.session, self._settings, appearance=self._appearance)
        self.main.logout_requested.connect(self.session.log_out)
        self.main.closed.connect(self._on_main_closed)
        self.main.show()
        self.login.hide()
        if self._pending_caller is not None:
            self.main.show_caller(*self._pending_caller)
            self._pending_caller = None

    def show_caller(self, kind: str, value: str) -> None:
        """A lookup handed over by ``ticketdesk --lookup-phone``: shown in the main window, or
        once the user has logged in."""
        if self.main is not None:
            self.main.show_caller(kind, value)
            return
        self._pending_caller = (kind, value)
        self.login.show()
        self.login.raise_()
        self.login.activateWindow()

    def _on_logged_out(self, reason: str) -> None:
        main, self.main = self.main, None
        if main is not None:
            main.closed.disconnect(self._on_main_closed)
            main.close()
            main.deleteLater()
        if reason != EndReason.USER:
            self.login.show_notice(lambda: self.end_text(reason))
        self.login.show()
        self.login.password_edit.setFocus()

    def end_text(self, reason: str) -> str:
        """Why the user is back at the login window."""
        match reason:
            case EndReason.LOGGED_OUT:
                return self.tr(
                    "You were logged out (in another window, or by an admin). Please log in again."
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
