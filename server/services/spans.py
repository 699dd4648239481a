"""The spans KPIs measure, taken when the event that ends them is written, so a report reads
them off the record instead of pairing events up again over a whole period."""

from __future__ import annotations

from datetime import datetime

from ..store.schema import Ticket


def first_response(ticket: Ticket, at: datetime) -> tuple[float, bool]:
    """Creation → first acceptance, and whether it came after the first-response due time."""
    due = ticket.first_response_due_at
    return (at - ticket.created_at).total_seconds(), due is not None and at > due


def handling(ticket: Ticket, at: datetime) -> tuple[float | None, bool]:
    """The latest acceptance → resolution (None if it was never accepted), and whether the
    resolution came after the resolution due time."""
    due = ticket.resolution_due_at
    seconds = (at - ticket.accepted_at).total_seconds() if ticket.accepted_at else None
    return seconds, due is not None and at > due
