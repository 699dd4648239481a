"""The assignment engine's recent decisions — who got which ticket, by which rule — for the
dispatch board: the last ones from the event record at start, then each as it happens."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import EventPublic, EventsPage

from .session import ClientSession

KEEP = 200
"""Decisions kept (newest first); older ones are in the audit search."""
FIRST_PAGE = 50

ENGINE_REASONS = frozenset({"auto", "order_owner", "previous_handler", "reassigned_timeout"})
"""An ``assigned`` event's reasons that are the engine's (not a person's hand: ``manual``,
or an agent ``taken`` from the queue)."""


def is_engine_decision(event: EventPublic) -> bool:
    return event.kind is EventKind.ASSIGNED and event.data.get("reason") in ENGINE_REASONS


class EngineDecisions(QObject):
    added = Signal(object)
    """New decisions (a list of `EventPublic`, newest first), to go on top."""
    reset = Signal()

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.events: list[EventPublic] = []
        """Newest first."""
        self._ids: set[int] = set()
        session.live_event.connect(self._on_live)
        session.loaded.connect(self.load)
        if session.has_loaded:
            self.load()

    def load(self) -> None:
        reply = self._session.api.get(
            "/events", params={"kind": "assigned", "limit": FIRST_PAGE},
            parse=EventsPage.model_validate,
        )
        reply.succeeded.connect(self._on_page)

    def _on_page(self, page: EventsPage) -> None:
        known = {e.id: e for e in self.events}
        for event in page.data:
            if is_engine_decision(event):
                known.setdefault(event.id, event)
        self.events = sorted(known.values(), key=lambda e: e.id, reverse=True)[:KEEP]
        self._ids = {e.id for e in self.events}
        self.reset.emit()

    def _on_live(self, event: EventPublic) -> None:
        self.add([event])

    def add(self, events: list[EventPublic]) -> None:
        fresh = [e for e in events if is_engine_decision(e) and e.id not in self._ids]
        if not fresh:
            return
        fresh.sort(key=lambda e: e.id, reverse=True)
        self._ids.update(e.id for e in fresh)
        self.events[:0] = fresh
        del self.events[KEEP:]
        self._ids = {e.id for e in self.events}
        self.added.emit(fresh)
