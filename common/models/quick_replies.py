"""Quick replies (快捷回复): named texts an agent inserts into a reply by typing "/" and part of
the name. A group's are managed by admins and offered to its members; personal ones belong
to their agent. Placeholders ({customer_name}, {order_number}, {agent_name},
{ticket_number}) are filled by the client from the ticket when inserted."""

from __future__ import annotations

from pydantic import Field

from .. import limits
from . import examples as ex
from .base import RequestModel, UtcDateTime, WireModel, examples, prose, text

QuickReplyName = text(strip=True, min_length=1, max_length=limits.QUICK_REPLY_NAME_MAX)
QuickReplyBody = prose(max_length=limits.QUICK_REPLY_BODY_MAX)

PLACEHOLDERS = ("customer_name", "order_number", "agent_name", "ticket_number")
"""What a quick reply's text may name in braces, e.g. "{customer_name}"."""


class QuickReplyCreate(RequestModel):
    model_config = examples(ex.QUICK_REPLY_CREATE)
    name: QuickReplyName
    body: QuickReplyBody
    group_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    """A group's quick reply (admins); none: the caller's own."""


class QuickReplyUpdate(RequestModel):
    model_config = examples(ex.QUICK_REPLY_UPDATE)
    name: QuickReplyName | None = None
    body: QuickReplyBody | None = None


class QuickReplyPublic(WireModel):
    model_config = examples(ex.QUICK_REPLY)
    id: int
    name: str
    body: str
    group_id: int | None
    """Set for a group's quick reply; None for a personal one."""
    owner_id: int | None
    """Set for a personal quick reply: whose it is."""
    updated_at: UtcDateTime
