"""The administrator's changes to ticket types: create one, or edit it (the server makes a new
version; tickets keep the one they were created with). The cache is updated from the server's
answer, so every view shows the type as the server now has it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ticketdesk.common.models import TicketTypeCreate, TicketTypePublic, TicketTypeUpdate

from ..net.api import ApiReply
from .session import ClientSession


class TypeAdmin(QObject):
    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    def create_type(self, data: TicketTypeCreate) -> ApiReply:
        reply = self._session.api.post(
            "/ticket-types", data.model_dump(mode="json"), parse=TicketTypePublic.model_validate
        )
        reply.succeeded.connect(self._session.state.put_type)
        return reply

    def update_type(self, type_id: int, data: TicketTypeUpdate) -> ApiReply:
        """Only what ``data`` sets is changed."""
        reply = self._session.api.request(
            "PATCH",
            f"/ticket-types/{type_id}",
            body=data.model_dump(mode="json", exclude_unset=True),
            parse=TicketTypePublic.model_validate,
        )
        reply.succeeded.connect(self._session.state.put_type)
        return reply
