"""A caller's orders and open tickets, asked of the server (``GET /lookup``)."""

from __future__ import annotations

from ticketdesk.common.models import LookupResult

from ..net.api import ApiReply
from .session import Session


def look_up(session: Session, kind: str, value: str) -> ApiReply:
    """Succeeds with a `LookupResult`; ``kind`` is ``phone`` or ``order_no``."""
    return session.api.get("/lookup", params={kind: value}, parse=LookupResult.model_validate)

