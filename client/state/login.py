"""Logging in: ask the server who it is, check the API version, then send the password.

Each way it can go wrong is a distinct `LoginProblem`, so the login window can say exactly
what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QObject, Signal

from ticketdesk.common import API_VERSION
from ticketdesk.common.models import LoginResponse, ServerInfo

from ..net.api import ApiClient, ApiError


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
    OTHER = auto()


@dataclass(frozen=True)
class LoginFailure:
    problem: LoginProblem
    detail: str = ""
    """The server's API version for a mismatch, or the server's own words otherwise."""
    retry_after: float | None = None
    """Seconds to wait before trying again, when the server said (lock-out, busy)."""


def api_major(version: str) -> str:
    return version.strip().split(".")[0]


class LoginAttempt(QObject):
    """Runs the two requests of a login; emits `succeeded(LoginResponse)` or `failed`."""

    succeeded = Signal(object)  # LoginResponse
    failed = Signal(object)  # LoginFailure

    def __init__(self, api: ApiClient, username: str, password: str, parent: QObject) -> None:
        super().__init__(parent)
        self._api = api
        self._username = username
        self._password = password
        self.server: ServerInfo | None = None

    def start(self) -> None:
        reply = self._api.get("/info", parse=ServerInfo.model_validate)
        reply.succeeded.connect(self._on_info)
        reply.failed.connect(self._on_info_failed)

    def _on_info(self, info: ServerInfo) -> None:
        self.server = info
        if api_major(info.api_version) != api_major(API_VERSION):
            self._fail(LoginProblem.VERSION_MISMATCH, info.api_version)
            return
        reply = self._api.post(
            "/auth/login",
            {"username": self._username, "password": self._password},
            parse=LoginResponse.model_validate,
        )
        self._password = ""
        reply.succeeded.connect(self._on_login)
        reply.failed.connect(self._on_login_failed)

    def _on_info_failed(self, error: ApiError) -> None:
        if error.status == 503:
            self._fail(LoginProblem.SERVER_BUSY, error.message, error.retry_after)
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
        self, problem: LoginProblem, detail: str = "", retry_after: float | None = None
    ) -> None:
        self._password = ""
        self.failed.emit(LoginFailure(problem, detail, retry_after))
