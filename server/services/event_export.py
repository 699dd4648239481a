"""What ``GET /events/export`` reads: the audit search's own filter (`audit.EventFilter`)
over the event's fields, newest first by (time, id) — the order of the paged search and of
its index — in batches below the last one sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import Session

from ticketdesk.common.models import EVENT_EXPORT_COLUMNS
from ticketdesk.common.models.base import utc_text

from ..store.schema import Event
from .audit import EventFilter, filtered
from .exports import BATCH_ROWS, Export, lines

COLUMNS = (Event.id, Event.kind, Event.ticket_id, Event.actor_id, Event.actor_name,
           Event.created_at, Event.data)
"""In the order of ``common.models.EVENT_EXPORT_COLUMNS``."""


class EventExport(Export):
    columns = EVENT_EXPORT_COLUMNS

    def __init__(self, filt: EventFilter) -> None:
        self._query: Select = filtered(select(*COLUMNS), filt)

    def count(self, session: Session) -> tuple[int, Any]:
        """The newest event counted bounds the export: (its time, its id + 1), so it is the
        first row, and events recorded meanwhile are not part of it."""
        inner = self._query.subquery()
        total = session.execute(select(func.count()).select_from(inner)).scalar_one()
        if not total:
            return 0, None
        when, event_id = session.execute(
            select(inner.c.created_at, inner.c.id)
            .order_by(inner.c.created_at.desc(), inner.c.id.desc()).limit(1)
        ).one()
        return int(total), (when, event_id + 1)

    def batch(self, session: Session, below: Any, size: int = BATCH_ROWS) -> list[Any]:
        when, event_id = below
        return list(session.connection().execute(
            self._query.where(
                tuple_(Event.created_at, Event.id) < tuple_(literal(when), literal(event_id)))
            .order_by(Event.created_at.desc(), Event.id.desc()).limit(size)
        ))

    def after(self, rows: Sequence[Any]) -> Any:
        return rows[-1][5], rows[-1][0]

    def encode(self, rows: Sequence[Any]) -> bytes:
        """Values as ``EventPublic`` writes them."""
        return lines(
            [eid, getattr(kind, "value", kind), ticket_id, actor_id, actor_name,
             utc_text(created), data or {}]
            for eid, kind, ticket_id, actor_id, actor_name, created, data in rows
        )
