"""The administrator's API keys: the list as the server has it, and making, rotating and
revoking keys. The key itself arrives once, in the answer to a create or a rotate."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ticketdesk.common.models import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic

from ..net.api import ApiReply
from .newest import NewestAnswer
from .session import ClientSession


class ApiKeyList(QObject):
    changed = Signal()
    """The list was read again (after a load, a create, a rotation or a revocation)."""

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.keys: list[ApiKeyPublic] = []
        self._reads = NewestAnswer()

    def load(self) -> ApiReply:
        reply = self._reads.asked(self._session.api.get(
            "/api-keys", parse=lambda body: [ApiKeyPublic.model_validate(k) for k in body]
        ))
        reply.succeeded.connect(self._loaded)
        return reply

    def _loaded(self, keys: list[ApiKeyPublic]) -> None:
        if not self._reads.is_newest(self.sender()):
            return  # a read made before one already shown
        self.keys = keys
        self.changed.emit()

    def create(self, data: ApiKeyCreate) -> ApiReply:
        """Succeeds with the `ApiKeyCreated` (holding the key, shown once)."""
        reply = self._session.api.post("/api-keys", data.model_dump(mode="json"),
                                       parse=ApiKeyCreated.model_validate)
        reply.succeeded.connect(self._reload)
        return reply

    def rotate(self, key_id: int) -> ApiReply:
        reply = self._session.api.post(f"/api-keys/{key_id}/rotate",
                                       parse=ApiKeyCreated.model_validate)
        reply.succeeded.connect(self._reload)
        return reply

    def revoke(self, key_id: int) -> ApiReply:
        reply = self._session.api.request("DELETE", f"/api-keys/{key_id}")
        reply.succeeded.connect(self._reload)
        return reply

    # A bound method, not a lambda: Qt drops the connection when the list is gone (the
    # window closed) before the answer comes.
    def _reload(self, _answer: object) -> None:
        self.load()
