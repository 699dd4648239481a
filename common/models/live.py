"""Messages pushed over ``WS /api/v1/live``."""

from __future__ import annotations

from typing import Literal

from .base import WireModel
from .tickets import EventPublic, TicketPublic


class LiveMessage(WireModel):
    """``hello`` opens the stream with the cursor to resume from; ``event`` carries one event
    and the ticket as it now stands; ``reset`` says the backlog is too old to replay and the
    client must reload."""

    type: Literal["hello", "event", "reset"]
    cursor: str
    event: EventPublic | None = None
    ticket: TicketPublic | None = None
