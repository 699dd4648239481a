"""Tickets: reading them (``queries``), creating them (``intake``) and acting on them
(``actions``). The names callers use are gathered here."""

from .actions import (
    accept,
    assign,
    assign_locked,
    attach,
    close,
    comment,
    judge,
    reopen,
    resolve,
    resume,
    set_pending,
    transfer,
    transfer_locked,
)
from .intake import (
    CREATED,
    EXISTING,
    REPLAYED,
    Created,
    Submission,
    create_ticket,
    fingerprint,
    submit_ticket,
)
from .queries import (
    TicketFilter,
    encode_cursor,
    filtered,
    get_ticket,
    list_tickets,
    ticket_events,
    visible,
)

__all__ = [
    "CREATED", "EXISTING", "REPLAYED", "Created", "Submission", "TicketFilter", "accept",
    "assign", "assign_locked", "attach", "close", "comment", "create_ticket", "encode_cursor",
    "filtered", "fingerprint", "get_ticket", "judge", "list_tickets", "reopen", "resolve",
    "resume", "set_pending", "submit_ticket", "ticket_events", "transfer", "transfer_locked",
    "visible",
]
