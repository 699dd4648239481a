"""Talking to the server: HTTP (`ApiClient`), live events (`LiveClient`), LAN discovery.

Names are imported from their modules when first asked for (`ticketdesk.client.lazy_import`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_import import module_getattr

_EXPORTS = {
    "ApiClient": ".api",
    "ApiError": ".api",
    "ApiReply": ".api",
    "LiveClient": ".live",
    "LiveState": ".live",
}

__all__ = [
    "ApiClient",
    "ApiError",
    "ApiReply",
    "LiveClient",
    "LiveState",
]
__getattr__ = module_getattr(__name__, _EXPORTS)


if TYPE_CHECKING:
    from .api import ApiClient, ApiError, ApiReply
    from .live import LiveClient, LiveState
