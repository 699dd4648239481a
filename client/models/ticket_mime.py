"""What a dragged ticket carries: its id and the version the supervisor saw, so the move
the drop makes can name that version (and be refused if the ticket changed meanwhile)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QMimeData

from ticketdesk.common.models import TicketPublic

TICKETS_MIME = "application/x-ticketdesk-tickets"


def tickets_mime(tickets: Iterable[TicketPublic]) -> QMimeData:
    seen: dict[int, int] = {}
    for ticket in tickets:
        seen.setdefault(ticket.id, ticket.version)
    mime = QMimeData()
    payload = [{"id": tid, "version": version} for tid, version in seen.items()]
    mime.setData(TICKETS_MIME, json.dumps(payload).encode())
    mime.setText(" ".join(f"#{tid}" for tid in seen))
    return mime


def read_tickets_mime(mime: QMimeData | None) -> list[tuple[int, int]]:
    """(ticket id, version seen) of each dragged ticket; empty for anything else."""
    if mime is None or not mime.hasFormat(TICKETS_MIME):
        return []
    try:
        payload = json.loads(bytes(mime.data(TICKETS_MIME).data()).decode())
        return [(int(item["id"]), int(item["version"])) for item in payload]
    except (ValueError, TypeError, KeyError):
        return []
