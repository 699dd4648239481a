"""The audit search over the event record."""

from __future__ import annotations

from . import examples as ex
from .base import WireModel, examples
from .tickets import EventPublic


class EventsPage(WireModel):
    """One page of events, newest first; pass ``next_cursor`` back as ``cursor``."""
    model_config = examples(ex.EVENTS_PAGE)

    data: list[EventPublic]
    next_cursor: str | None = None


EVENT_EXPORT_COLUMNS = ("id", "kind", "ticket_id", "actor_id", "actor_name", "created_at",
                        "data")
"""The columns of ``GET /events/export``, in the order each row lists them (the fields of
`EventPublic`, written the same way)."""
