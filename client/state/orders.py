"""An order as the server holds it, with its tickets (``GET /orders/{no}``)."""

from __future__ import annotations

from urllib.parse import quote

from ticketdesk.common.models import OrderPublic

from ..net.api import ApiReply
from .session import ClientSession


def load_order(session: ClientSession, order_no: str) -> ApiReply:
    """Succeeds with the `OrderPublic` (its tickets the user may see, newest first)."""
    return session.api.get(f"/orders/{quote(order_no, safe='')}",
                           parse=OrderPublic.model_validate)
