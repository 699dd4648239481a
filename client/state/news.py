"""Deciding what is news for the desktop: what the agent should be told of while they look
at something else (another window, the phone).

`NewsWatcher` follows the live stream and the cache and emits `news(News)` for:

- ``offer`` — a ticket was just offered to me (a new assignment; `OfferWatcher` decides);
- ``transfer`` — someone transferred a ticket into one of my groups from outside them;
- ``comment`` — someone else commented on a ticket assigned to me or one I created;
- ``sla`` — an SLA warning or breach on a ticket assigned to me;
- ``escalation`` — an SLA warning or breach on a ticket of a group I supervise (the cache's
  `escalated`), or an automatic escalation action there.

A step of my own is never news, nor one from before this session (a replayed backlog after
a reconnect still is, once: live events are de-duplicated by id). One ticket gives one item
per kind at most until the digest is shown.

`NewsFeed` sits between the watcher and the view: it keeps the kinds the agent switched
off out (`NotifyPrefs`), gathers a burst into one `digest` (a reconnect's backlog must not
make fifty messages), and while do-not-disturb is on it collects instead, handing what it
collected over as one `digest` when do-not-disturb ends. Showing it (tray, sound) is the
view's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from ticketdesk.common.enums import EventKind, Status
from ticketdesk.common.models import EventPublic, TicketPublic

from .cache import ClientState
from .offers import OfferWatcher


class NewsKind(StrEnum):
    """In the order a digest lists them: what needs doing soonest first."""

    OFFER = "offer"
    SLA = "sla"
    ESCALATION = "escalation"
    TRANSFER = "transfer"
    COMMENT = "comment"


_RANK = {kind: i for i, kind in enumerate(NewsKind)}
SLA_KINDS = frozenset({EventKind.SLA_WARNING, EventKind.SLA_BREACHED})
ESCALATION_ACTION_KINDS = frozenset({EventKind.SLA_NOTIFIED})
"""The policy's automatic "notify a group" (its ``data.group_id``): news for that group's
supervisors, whichever group holds the ticket."""


@dataclass(frozen=True)
class News:
    kind: NewsKind
    ticket_id: int
    event: EventPublic | None = None
    """The step it is about (None for an offer, which the ticket itself says)."""

    @property
    def rank(self) -> int:
        return _RANK[self.kind]


class NewsWatcher(QObject):
    news = Signal(object)
    """One `News`."""

    def __init__(
        self,
        state: ClientState,
        live_event: Signal | None = None,
        *,
        since: datetime | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``live_event``: the session's signal of every live event once the cache took it
        in; ``since``: steps before this moment (server time) are not news."""
        super().__init__(parent)
        self._state = state
        self._since = since
        self._seen: set[int] = set()
        self.offers = OfferWatcher(state, since=since, parent=self)
        self.offers.offered.connect(lambda tid: self.news.emit(News(NewsKind.OFFER, tid)))
        state.escalated.connect(self._on_escalated)
        if live_event is not None:
            live_event.connect(self.take)

    def take(self, event: EventPublic) -> None:
        """One live step (the cache already holds the ticket as it now stands)."""
        if event.ticket_id is None:
            return
        ticket = self._state.tickets.get(event.ticket_id)
        me = self._state.me
        if ticket is None or me is None or not self._fresh(event, mark=False):
            return
        kind: NewsKind | None = None
        if event.kind in SLA_KINDS:
            # Mine here; my groups' through the cache's `escalated` (see there).
            if ticket.assignee_id == me.id and ticket.status.is_open:
                kind = NewsKind.SLA
        elif event.kind is EventKind.COMMENTED:
            if ticket.assignee_id == me.id or (
                ticket.created_by_id == me.id and ticket.status.is_open
            ):
                kind = NewsKind.COMMENT
        elif event.kind is EventKind.TRANSFERRED:
            mine = self._state.my_group_ids
            into_mine = event.data.get("to_group_id") in mine
            if into_mine and event.data.get("from_group_id") not in mine and ticket.status.is_open:
                kind = NewsKind.TRANSFER
        elif event.kind in ESCALATION_ACTION_KINDS and self._supervises(
            event.data.get("group_id")
        ):
            kind = NewsKind.ESCALATION
        if kind is not None:
            self._seen.add(event.id)
            self.news.emit(News(kind, ticket.id, event))

    def _on_escalated(self, event: EventPublic) -> None:
        # The cache decided it is of a group I supervise. A ticket assigned to me is told
        # as my own (``sla``, with its own setting) when the step reaches `take`.
        ticket = self._state.tickets.get(event.ticket_id or 0)
        me = self._state.me
        if ticket is None or me is None or ticket.assignee_id == me.id:
            return
        if self._fresh(event):
            self.news.emit(News(NewsKind.ESCALATION, ticket.id, event))

    def _fresh(self, event: EventPublic, *, mark: bool = True) -> bool:
        """Not mine, not from before this session, not seen yet (at-least-once delivery)."""
        me = self._state.me
        if event.id in self._seen or (me is not None and event.actor_id == me.id):
            return False
        if self._since is not None and event.created_at < self._since:
            return False
        if mark:
            self._seen.add(event.id)
        return True

    def _supervises(self, group_id: object) -> bool:
        me = self._state.me
        group = self._state.groups.get(group_id) if isinstance(group_id, int) else None
        return me is not None and group is not None and me.id in group.supervisor_ids


PREFS_GROUP = "notifications"


class NotifyPrefs:
    """Which kinds of news notify, and which with a sound; kept in the user's settings."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def _flag(self, key: str, default: bool) -> bool:
        value = self._settings.value(f"{PREFS_GROUP}/{key}", default)
        # An INI file gives strings back.
        return value in (True, "true", "1", 1) if not isinstance(value, bool) else value

    def shows(self, kind: NewsKind) -> bool:
        return self._flag(f"{kind.value}/show", True)

    def sounds(self, kind: NewsKind) -> bool:
        # Sound is for what wants action within minutes; by default not for comments.
        return self._flag(f"{kind.value}/sound", kind is not NewsKind.COMMENT)

    def set_shows(self, kind: NewsKind, on: bool) -> None:
        self._settings.setValue(f"{PREFS_GROUP}/{kind.value}/show", on)

    def set_sounds(self, kind: NewsKind, on: bool) -> None:
        self._settings.setValue(f"{PREFS_GROUP}/{kind.value}/sound", on)


COALESCE_MS = 300
"""News arriving within this long of the first of a burst makes one digest…"""
COALESCE_MAX_MS = 2000
"""…however long the burst goes on (a slow backlog must not hold the first news back)."""


class NewsFeed(QObject):
    digest = Signal(object)
    """A list of `News` to tell as one message, most urgent first, one per ticket."""
    held_digest = Signal(object)
    """Like `digest`: what came while do-not-disturb was on, at its end (never empty)."""
    dnd_changed = Signal()
    """`do_not_disturb` or `held_count` changed."""

    def __init__(
        self, state: ClientState, prefs: NotifyPrefs, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._state = state
        self.prefs = prefs
        self._pending: list[News] = []
        self._held: list[News] = []
        self._dnd = False
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._timer.timeout.connect(self.flush)
        self._longest = QTimer(self, singleShot=True, interval=COALESCE_MAX_MS)
        self._longest.timeout.connect(self.flush)

    @property
    def do_not_disturb(self) -> bool:
        return self._dnd

    @property
    def held_count(self) -> int:
        """Tickets with news collected during do-not-disturb (as the digest will tell)."""
        return len({n.ticket_id for n in self._held})

    def add(self, news: News) -> None:
        if not self.prefs.shows(news.kind):
            return
        if self._dnd:
            self._held.append(news)
            self.dnd_changed.emit()
            return
        self._pending.append(news)
        self._timer.start()  # (re)start the quiet period
        if not self._longest.isActive():
            self._longest.start()

    def flush(self) -> None:
        """Tell what has come so far, now."""
        self._timer.stop()
        self._longest.stop()
        items, self._pending = self._pending, []
        told = self._still_news(items)
        if told:
            self.digest.emit(told)

    def set_do_not_disturb(self, on: bool) -> None:
        if on == self._dnd:
            return
        self._dnd = on
        if on:
            # What was about to be told is held with the rest.
            self._timer.stop()
            self._longest.stop()
            self._held.extend(self._pending)
            self._pending = []
            self.dnd_changed.emit()
            return
        held, self._held = self._held, []
        self.dnd_changed.emit()
        told = self._still_news(held)
        if told:
            self.held_digest.emit(told)

    def clear(self) -> None:
        self._timer.stop()
        self._longest.stop()
        self._pending.clear()
        if self._held:
            self._held.clear()
            self.dnd_changed.emit()

    def _still_news(self, items: list[News]) -> list[News]:
        """One item per ticket, the most urgent; an offer no longer waiting for me (accepted
        meanwhile, or lapsed to someone else) is no longer news, nor a closed ticket."""
        best: dict[int, News] = {}
        for item in items:
            ticket = self._state.tickets.get(item.ticket_id)
            if ticket is None or (item.kind is NewsKind.OFFER and not self._offered(ticket)):
                continue
            known = best.get(item.ticket_id)
            if known is None or item.rank < known.rank:
                best[item.ticket_id] = item
        order = {tid: i for i, tid in enumerate(best)}
        return sorted(best.values(), key=lambda n: (n.rank, order[n.ticket_id]))

    def _offered(self, ticket: TicketPublic) -> bool:
        me = self._state.me
        return (
            me is not None and ticket.status is Status.ASSIGNED and ticket.assignee_id == me.id
        )
