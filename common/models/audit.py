"""The audit search over the event record."""

from __future__ import annotations

from .base import WireModel
from .tickets import EventPublic


class EventsPage(WireModel):
    """One page of events, newest first; pass ``next_cursor`` back as ``cursor``."""

    data: list[EventPublic]
    next_cursor: str | None = None
