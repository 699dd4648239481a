"""A caller's orders and open tickets, asked of the server (``GET /lookup``)."""

from __future__ import annotations

from ticketdesk.common.models import LookupResult

from ..net.api import ApiReply
from .session import ClientSession


def look_up(session: ClientSession, kind: str, value: str) -> ApiReply:
    """Succeeds with a `LookupResult`; ``kind`` is ``phone`` or ``order_no``."""
    return session.api.get("/lookup", params={kind: value}, parse=LookupResult.model_validate)

