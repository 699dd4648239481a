"""The administrator's changes to the directory: accounts (create, edit, deactivate, reset a
password, role). Requests go out through the session's API client; the cache is updated from
the server's answer, so every view shows the account as the server now has it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ticketdesk.common.models import UserCreate, UserPublic, UserUpdate

from ..net.api import ApiReply
from .session import ClientSession


class UserAdmin(QObject):
    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    def create_user(self, data: UserCreate) -> ApiReply:
        reply = self._session.api.post(
            "/users", data.model_dump(mode="json"), parse=UserPublic.model_validate
        )
        reply.succeeded.connect(self._session.state.put_user)
        return reply

    def update_user(self, user_id: int, data: UserUpdate) -> ApiReply:
        """Only what ``data`` sets is changed; a password given there is the new one (the
        account's sessions end, as they do when it is deactivated)."""
        reply = self._session.api.request(
            "PATCH",
            f"/users/{user_id}",
            body=data.model_dump(mode="json", exclude_unset=True),
            parse=UserPublic.model_validate,
        )
        reply.succeeded.connect(self._session.state.put_user)
        return reply
