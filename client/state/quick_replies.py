"""The quick replies this agent may insert (their own and their groups'), kept from the
server, and the filling of a reply's placeholders from the ticket it goes into."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import TypeAdapter
from PySide6.QtCore import QObject, Signal

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import (
    EventPublic,
    QuickReplyCreate,
    QuickReplyPublic,
    QuickReplyUpdate,
)
from ticketdesk.common.models.quick_replies import PLACEHOLDERS

from ..net.api import ApiReply
from .newest import NewestAnswer
from .session import ClientSession

QUICK_REPLY_KINDS = frozenset(
    {EventKind.QUICK_REPLY_CREATED, EventKind.QUICK_REPLY_UPDATED, EventKind.QUICK_REPLY_REMOVED}
)

parse_quick_replies = TypeAdapter(list[QuickReplyPublic]).validate_python

_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def fill_placeholders(body: str, values: Mapping[str, str]) -> str:
    """``body`` with each placeholder replaced by its value; one without a value (a ticket
    with no order, say) stays as written, so the agent sees what is still to fill in."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(0), body)


class QuickReplies(QObject):
    changed = Signal()

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.replies: list[QuickReplyPublic] = []
        self._reads = NewestAnswer()
        # Loaded with everything else, and again on every reload (groups may have changed).
        session.loaded.connect(self.load)
        # An admin changed a group's (this agent's, or any on an admin's screen): fetch again.
        session.live_event.connect(self._on_event)
        if session.has_loaded:
            self.load()

    def _on_event(self, event: EventPublic) -> None:
        if event.kind in QUICK_REPLY_KINDS:
            self.load()

    def load(self) -> ApiReply | None:
        if not self._session.logged_in:
            return None
        reply = self._reads.asked(
            self._session.api.get("/quick-replies", parse=parse_quick_replies))
        reply.succeeded.connect(self._set)
        return reply

    def _set(self, replies: list[QuickReplyPublic]) -> None:
        if not self._reads.is_newest(self.sender()):
            return  # a read made before one already shown
        self.replies = sorted(replies, key=lambda r: (r.group_id is not None, r.name))
        self.changed.emit()

    def add_mine(self, name: str, body: str) -> ApiReply:
        """Keep a personal quick reply (on the server: it follows the agent)."""
        return self.create(QuickReplyCreate(name=name, body=body))

    def mine(self) -> list[QuickReplyPublic]:
        return [r for r in self.replies if r.group_id is None]

    def of_group(self, group_id: int) -> list[QuickReplyPublic]:
        return [r for r in self.replies if r.group_id == group_id]

    # Each change is answered with the reply as the server now has it; the list is then
    # fetched again (another admin may have changed others meanwhile).

    def create(self, data: QuickReplyCreate) -> ApiReply:
        reply = self._session.api.post(
            "/quick-replies", data.model_dump(mode="json", exclude_none=True),
            parse=QuickReplyPublic.model_validate,
        )
        reply.succeeded.connect(self._reload)
        return reply

    def update(self, reply_id: int, data: QuickReplyUpdate) -> ApiReply:
        reply = self._session.api.request(
            "PATCH", f"/quick-replies/{reply_id}",
            body=data.model_dump(mode="json", exclude_none=True),
            parse=QuickReplyPublic.model_validate,
        )
        reply.succeeded.connect(self._reload)
        return reply

    def delete(self, reply_id: int) -> ApiReply:
        reply = self._session.api.request("DELETE", f"/quick-replies/{reply_id}")
        reply.succeeded.connect(self._reload)
        return reply

    # A bound method, not a lambda: Qt drops the connection when the list is gone (the
    # window closed, the person logged out) before the answer comes.
    def _reload(self, _answer: object) -> None:
        self.load()
