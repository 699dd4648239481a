"""Talking to the server: HTTP (`ApiClient`), live events (`LiveClient`), LAN discovery."""

from .api import ApiClient, ApiError, ApiReply
from .live import LiveClient, LiveState

__all__ = ["ApiClient", "ApiError", "ApiReply", "LiveClient", "LiveState"]
