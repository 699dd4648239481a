"""Talking to the server: HTTP (`ApiClient`), live events (`LiveClient`), LAN discovery.

Names are imported from their modules when first asked for, so that the login window
can use one module of this package without loading all the others (start-up time).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

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


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .api import ApiClient, ApiError, ApiReply
    from .live import LiveClient, LiveState
