"""What ``GET /tickets/export`` reads: the list's own query (`tickets.filtered`) over the
exported columns only, counted once, then read newest first in batches by ticket number.

Each batch is a short query of its own (keyset: ``id < the last one sent``), not one long
transaction or server-side cursor: a slow reader holds no snapshot and no connection between
batches (PostgreSQL ends a transaction idle for 15 s, and the pool serves the office), and
the rows are the ones the paged search returns for the same filters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ticketdesk.common.models.base import utc_text

from ..store.schema import Ticket
from .actors import Actor
from .tickets import TicketFilter, filtered

COLUMNS = (Ticket.id, Ticket.title, Ticket.status, Ticket.group_id, Ticket.assignee_id,
           Ticket.order_no, Ticket.created_at)
"""In the order of ``common.models.TICKET_EXPORT_COLUMNS``."""

BATCH_ROWS = 5_000
"""Rows a batch reads: large enough that a query's fixed cost vanishes, small enough that a
batch takes a few tens of milliseconds and a few hundred kilobytes."""


def export_query(actor: Actor, filt: TicketFilter) -> Select:
    return filtered(select(*COLUMNS), actor, filt)


def count(session: Session, query: Select) -> tuple[int, int]:
    """How many rows the export will hold, and the newest ticket number among them (0 when
    none): tickets created after the count are not part of this export."""
    inner = query.subquery()
    total, newest = session.execute(
        select(func.count(), func.coalesce(func.max(inner.c.id), 0))
    ).one()
    return int(total), int(newest)


def batch(session: Session, query: Select, below: int, size: int = BATCH_ROWS) -> list[Any]:
    """The next rows, newest first, of tickets numbered below ``below``."""
    # Through the connection, as plain rows: the ORM's result machinery (a third of a
    # batch's time) has nothing to do for a select of columns.
    return list(session.connection().execute(
        query.where(Ticket.id < below).order_by(Ticket.id.desc()).limit(size)
    ).tuples())


def encode(rows: Sequence[Any]) -> bytes:
    """Rows as NDJSON lines of arrays: values as ``TicketPublic`` writes them."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = [
        dumps([tid, title, status, group_id, assignee_id, order_no, utc_text(created)])
        for tid, title, status, group_id, assignee_id, order_no, created in rows
    ]
    lines.append("")
    return "\n".join(lines).encode()
