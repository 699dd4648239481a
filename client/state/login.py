"""Logging in: ask the server who it is, check the API version, then send the password.

Each way it can go wrong is a distinct `LoginProblem`, so the login window can say exactly
what to do about it; each way a session can end is an `EndReason`, for the same window.

The login window is built from this module before anything else of the client's state: it
imports the wire models (whose building is a third of the client's start-up time) only once
a login starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QObject, Signal

from ticketdesk.common import API_VERSION

from ..net.api import ApiClient, ApiError
from ..net.trust import TrustProblem

if TYPE_CHECKING:
    from ticketdesk.common.models import LoginResponse, ServerInfo


class LoginProblem(Enum):
    BAD_ADDRESS = auto()
    UNREACHABLE = auto()
    TIMEOUT = auto()
    NOT_TICKETDESK = auto()
    VERSION_MISMATCH = auto()
    BAD_CREDENTIALS = auto()
    TOO_MANY_ATTEMPTS = auto()
    SERVER_BUSY = auto()
    """The server answered 503: its database is restarting; nothing is wrong with the login."""
    TLS_UNTRUSTED = auto()
    """A self-signed certificate whose key the user has not trusted yet (``trust`` says
    which key); they may, after comparing its fingerprint."""
    TLS_KEY_CHANGED = auto()
    """The server's key is not the one trusted before: refused."""
    OTHER = auto()


@dataclass(frozen=True)
class LoginFailure:
    problem: LoginProblem
    detail: str = ""
    """The server's API version for a mismatch, or the server's own words otherwise."""
    retry_after: float | None = None
    """Seconds to wait before trying again, when the server said (lock-out, busy)."""
    trust: TrustProblem | None = None
    """For the TLS problems: the server's key and what was trusted before."""


class EndReason:
    """Why a session ended (the argument of `ClientSession.logged_out`)."""

    USER = "user"
    """The user logged out."""
    LOGGED_OUT = "logged_out"
    """The session was logged out elsewhere (another window, an admin)."""
    EXPIRED = "expired"
    """The session reached its time limit."""
    ENDED = "ended"
    """The account's password was changed or the account deactivated."""
    INVALID = "invalid"
    """The server does not know the token (any other refusal)."""

    _BY_CODE: ClassVar[dict[str, str]] = {
        "logged_out": LOGGED_OUT,
        "session_expired": EXPIRED,
        "password_changed": ENDED,
        "deactivated": ENDED,
        "account_inactive": ENDED,
    }
    """The server's codes for an ended session: the 401's ``code`` and the 4401 close reason."""

    @staticmethod
    def from_close_reason(text: str) -> str:
        """The reason the server gives when it closes the live stream with 4401: a code, or
        (from servers before the codes) a few words."""
        text = text.strip().lower()
        if text in EndReason._BY_CODE:
            return EndReason._BY_CODE[text]
        if "logged out" in text:
            return EndReason.LOGGED_OUT
        if "expired" in text:
            return EndReason.EXPIRED
        if "ended" in text:
            return EndReason.ENDED
        return EndReason.INVALID

    @staticmethod
    def from_error(error: ApiError) -> str:
        return EndReason._BY_CODE.get(error.code, EndReason.INVALID)


def api_major(version: str) -> str:
    return version.strip().split(".")[0]


class LoginAttempt(QObject):
    """Runs the two requests of a login; emits `succeeded(LoginResponse)` or `failed`."""

    succeeded = Signal(object)  # LoginResponse
    failed = Signal(object)  # LoginFailure
    trying = Signal(str)
    """The server did not answer; now trying this other server of the same installation."""

    def __init__(
        self,
        api: ApiClient,
        username: str,
        password: str,
        parent: QObject,
        fallbacks: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._username = username
        self._password = password
        self._fallbacks = list(fallbacks)
        self.server: ServerInfo | None = None
        self.unanswered: list[str] = []
        """The servers tried first that did not answer (the login went on to the next)."""

    def start(self) -> None:
        from ticketdesk.common.models import ServerInfo  # see the module's docstring

        reply = self._api.get("/info", parse=ServerInfo.model_validate)
        reply.succeeded.connect(self._on_info)
        reply.failed.connect(self._on_info_failed)

    def _on_info(self, info: ServerInfo) -> None:
        self.server = info
        if api_major(info.api_version) != api_major(API_VERSION):
            self._fail(LoginProblem.VERSION_MISMATCH, info.api_version)
            return
        from ticketdesk.common.models import LoginResponse

        reply = self._api.post(
            "/auth/login",
            {"username": self._username, "password": self._password},
            parse=LoginResponse.model_validate,
        )
        self._password = ""
        reply.succeeded.connect(self._on_login)
        reply.failed.connect(self._on_login_failed)

    def _on_info_failed(self, error: ApiError) -> None:
        if error.code in (ApiError.TLS_UNTRUSTED, ApiError.TLS_KEY_CHANGED):
            problem = (
                LoginProblem.TLS_KEY_CHANGED
                if error.code == ApiError.TLS_KEY_CHANGED
                else LoginProblem.TLS_UNTRUSTED
            )
            self._fail(problem, error.message, trust=error.details)
        elif error.status == 503:
            self._fail(LoginProblem.SERVER_BUSY, error.message, error.retry_after)
        elif error.code in (ApiError.TIMEOUT, ApiError.UNREACHABLE) and self._fallbacks:
            # Only silence moves on: a server that answers, however badly, is the one the
            # user meant, and its answer is what they need to see.
            self.unanswered.append(self._api.base_url)
            address = self._fallbacks.pop(0)
            self._api.set_server(address)
            self.trying.emit(address)
            self.start()
        elif error.code == ApiError.TIMEOUT:
            self._fail(LoginProblem.TIMEOUT)
        elif error.status == 0 and error.code == ApiError.UNREACHABLE:
            self._fail(LoginProblem.UNREACHABLE, error.message)
        else:
            # Something answered, but not the way a TicketDesk server does.
            self._fail(LoginProblem.NOT_TICKETDESK, error.message)

    def _on_login(self, response: LoginResponse) -> None:
        self._api.token = response.token
        self.succeeded.emit(response)

    def _on_login_failed(self, error: ApiError) -> None:
        if error.status in (401, 422):
            # 422: a username no account could have; answer as for a wrong password.
            self._fail(LoginProblem.BAD_CREDENTIALS)
        elif error.status == 429:
            self._fail(LoginProblem.TOO_MANY_ATTEMPTS, error.message, error.retry_after)
        elif error.status == 503:
            self._fail(LoginProblem.SERVER_BUSY, error.message, error.retry_after)
        elif error.code == ApiError.TIMEOUT:
            self._fail(LoginProblem.TIMEOUT)
        elif error.is_network:
            self._fail(LoginProblem.UNREACHABLE, error.message)
        else:
            self._fail(LoginProblem.OTHER, error.message)

    def _fail(
        self,
        problem: LoginProblem,
        detail: str = "",
        retry_after: float | None = None,
        trust: TrustProblem | None = None,
    ) -> None:
        self._password = ""
        self.failed.emit(LoginFailure(problem, detail, retry_after, trust))
