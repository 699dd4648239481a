"""The saved views this person sees (their own and those shared with their groups), kept
from the server, and how many open tickets each lists now.

Counts come from the client's live ticket set, not from the server: a view's filter is
over open tickets (`ViewFilter.admits`, the same test the server's query makes, and the
quick filter's words for ``q``), and every open ticket the person may see is in the cache,
kept current by the live events. So a count moves the moment a matching ticket arrives,
changes or leaves, with no request."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import TypeAdapter
from PySide6.QtCore import QObject, Signal

from ticketdesk.common.models import TicketPublic
from ticketdesk.common.models.views import ViewPublic

from ..net.api import ApiReply
from .cache import ClientState
from .newest import NewestAnswer
from .session import ClientSession

parse_views = TypeAdapter(list[ViewPublic]).validate_python

Matches = Callable[[TicketPublic, tuple[str, ...]], bool]


class SavedViews(QObject):
    changed = Signal()
    """The list of views changed (loaded, made, renamed, removed)."""
    counts_changed = Signal()

    def __init__(
        self, session: ClientSession, matches: Matches, parent: QObject | None = None
    ) -> None:
        """``matches``: the quick filter's test of words against a ticket."""
        super().__init__(parent)
        self._session = session
        self._state: ClientState = session.state
        self._matches = matches
        self.views: list[ViewPublic] = []
        self._reads = NewestAnswer()
        self.counts: dict[int, int] = {}
        self._members: dict[int, set[int]] = {}
        """View id → the ids of the tickets it lists now."""
        session.loaded.connect(self.load)
        if session.has_loaded:
            self.load()
        state = self._state
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._on_tickets)
        state.me_changed.connect(self._recount)

    def load(self) -> ApiReply | None:
        if not self._session.logged_in:
            return None
        reply = self._reads.asked(self._session.api.get("/views", parse=parse_views))
        reply.succeeded.connect(self._set)
        return reply

    def _set(self, views: list[ViewPublic]) -> None:
        if not self._reads.is_newest(self.sender()):
            return  # a read made before one already shown
        self.views = list(views)
        self._recount()
        self.changed.emit()

    def view(self, view_id: int) -> ViewPublic | None:
        return next((v for v in self.views if v.id == view_id), None)

    def admits(self, view: ViewPublic, ticket: TicketPublic) -> bool:
        me = self._state.me
        words = view.filter.words()
        return view.filter.admits(ticket, me.id if me else None) and (
            not words or self._matches(ticket, words)
        )

    def _recount(self) -> None:
        tickets = list(self._state.tickets.values())
        self._members = {
            v.id: {t.id for t in tickets if self.admits(v, t)} for v in self.views
        }
        self._publish()

    def _on_tickets(self, ticket_ids: Iterable[int]) -> None:
        tickets = self._state.tickets
        for view in self.views:
            members = self._members.setdefault(view.id, set())
            for ticket_id in ticket_ids:
                ticket = tickets.get(ticket_id)
                if ticket is not None and self.admits(view, ticket):
                    members.add(ticket_id)
                else:
                    members.discard(ticket_id)
        self._publish()

    def _publish(self) -> None:
        counts = {view_id: len(ids) for view_id, ids in self._members.items()}
        if counts != self.counts:
            self.counts = counts
            self.counts_changed.emit()

    # ------------------------------------------------------------ changes (on the server)

    # Bound methods, not lambdas, take the answers: Qt drops a connection to a deleted
    # receiver, so an answer arriving after the list is gone (the window closed, the
    # person logged out) touches nothing — a lambda would reload through the deleted list.

    def create(self, body: dict[str, object]) -> ApiReply:
        reply = self._session.api.post("/views", body)
        reply.succeeded.connect(self._reload)
        return reply

    def update(self, view_id: int, body: dict[str, object]) -> ApiReply:
        reply = self._session.api.request("PATCH", f"/views/{view_id}", body=body)
        reply.succeeded.connect(self._reload)
        return reply

    def delete(self, view_id: int) -> ApiReply:
        reply = self._session.api.request("DELETE", f"/views/{view_id}")
        reply.succeeded.connect(self._reload)
        return reply

    def _reload(self, _result: object) -> None:
        self.load()
