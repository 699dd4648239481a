"""Deciding when to tell the agent that a ticket was offered to them.

`OfferWatcher` follows the cache and emits `offered(ticket id)` once for each new offer to
the logged-in user: a ticket that became ``assigned`` to them and waits to be accepted. An
offer is told once however often the ticket changes afterwards (a comment, a priority); a
ticket that lapses and is offered again later is a new offer. Offers made before this
session started are not news. Showing the notification (tray, window flash) is the view's
business; this object only decides, so tests can count what it decides.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from ticketdesk.common.enums import Status
from ticketdesk.common.models import TicketPublic

from .cache import ClientState


class OfferWatcher(QObject):
    offered = Signal(int)
    """A ticket was just offered to me (its id)."""

    def __init__(
        self, state: ClientState, since: datetime | None = None, parent: QObject | None = None
    ) -> None:
        """``since``: offers made before this moment (server time) are not announced; None
        announces every offer this watcher has not seen yet, except those already cached."""
        super().__init__(parent)
        self._state = state
        self._since = since
        self._known: dict[int, datetime | None] = {}
        """Tickets offered to me right now, with when they were offered."""
        self._me_id = state.me.id if state.me is not None else None
        for ticket in state.tickets.values():
            if self._is_offer(ticket):
                self._known[ticket.id] = ticket.assigned_at
        state.ticket_added.connect(self._check)
        state.ticket_changed.connect(self._check)
        state.ticket_removed.connect(self._forget)
        state.me_changed.connect(self._on_me_changed)

    @property
    def waiting(self) -> list[int]:
        """Tickets offered to me and not accepted yet."""
        return sorted(self._known)

    def _is_offer(self, ticket: TicketPublic) -> bool:
        me = self._state.me
        return me is not None and ticket.status is Status.ASSIGNED and ticket.assignee_id == me.id

    def _check(self, ticket_id: int) -> None:
        ticket = self._state.tickets.get(ticket_id)
        if ticket is None or not self._is_offer(ticket):
            self._known.pop(ticket_id, None)
            return
        if ticket_id in self._known and self._known[ticket_id] == ticket.assigned_at:
            return  # the same offer, changed in some other way
        self._known[ticket_id] = ticket.assigned_at
        offered_at = ticket.assigned_at
        if self._since is not None and offered_at is not None and offered_at < self._since:
            return  # an offer older than this session: not news
        self.offered.emit(ticket_id)

    def _forget(self, ticket_id: int) -> None:
        self._known.pop(ticket_id, None)

    def _on_me_changed(self) -> None:
        # Someone else logged in (or nobody is): start over, quietly. Changes to me (my
        # presence, my groups) change nothing here: offers are news as they come.
        me_id = self._state.me.id if self._state.me is not None else None
        if me_id == self._me_id:
            return
        self._me_id = me_id
        self._known = {
            t.id: t.assigned_at for t in self._state.tickets.values() if self._is_offer(t)
        }
