"""What ``GET /tickets/export`` reads: the list's own query (`tickets.filtered`) over the
exported columns only, counted once, then read newest first in batches by ticket number.

Each batch is a short query of its own (keyset: ``id < the last one sent``), not one long
transaction or server-side cursor: a slow reader holds no snapshot and no connection between
batches (PostgreSQL ends a transaction idle for 15 s, and the pool serves the office), and
the rows are the ones the paged search returns for the same filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ticketdesk.common.models import TICKET_EXPORT_COLUMNS
from ticketdesk.common.models.base import utc_text

from ..store.schema import Ticket
from .actors import Actor
from .exports import BATCH_ROWS, Export, lines
from .tickets import TicketFilter, filtered

COLUMNS = (Ticket.id, Ticket.title, Ticket.status, Ticket.group_id, Ticket.assignee_id,
           Ticket.order_no, Ticket.created_at)
"""In the order of ``common.models.TICKET_EXPORT_COLUMNS``."""


class TicketExport(Export):
    columns = TICKET_EXPORT_COLUMNS

    def __init__(self, actor: Actor, filt: TicketFilter) -> None:
        self._query: Select = filtered(select(*COLUMNS), actor, filt)

    def count(self, session: Session) -> tuple[int, Any]:
        """Tickets numbered above the newest counted now are not part of this export."""
        inner = self._query.subquery()
        total, newest = session.execute(
            select(func.count(), func.coalesce(func.max(inner.c.id), 0))
        ).one()
        return int(total), (int(newest) + 1 if newest else None)

    def batch(self, session: Session, below: Any, size: int = BATCH_ROWS) -> list[Any]:
        # Through the connection, as plain rows: the ORM's result machinery (a third of a
        # batch's time) has nothing to do for a select of columns.
        return list(session.connection().execute(
            self._query.where(Ticket.id < below).order_by(Ticket.id.desc()).limit(size)
        ))

    def after(self, rows: Sequence[Any]) -> Any:
        return rows[-1][0]

    def encode(self, rows: Sequence[Any]) -> bytes:
        """Values as ``TicketPublic`` writes them."""
        return lines(
            [tid, title, status, group_id, assignee_id, order_no, utc_text(created)]
            for tid, title, status, group_id, assignee_id, order_no, created in rows
        )
