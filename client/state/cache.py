"""The client's cache: the single source of truth for every view.

It holds who is logged in, the directory (users, groups, ticket types), every ticket the
user has seen and the timelines of tickets opened in detail. It never talks to the network;
the `ClientSession` feeds it from HTTP answers and live events, and it tells the item models what
changed through fine-grained signals so they never have to reset.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from ticketdesk.common.enums import LOAD_STATUSES, Action, EventKind, Presence
from ticketdesk.common.models import (
    EventPublic,
    GroupPublic,
    LiveMessage,
    TicketPublic,
    TicketTypePublic,
    UserPublic,
)
from ticketdesk.common.workflow import Relation, allowed_actions

_PRESENCES = frozenset(p.value for p in Presence)
_ESCALATIONS = frozenset({EventKind.SLA_WARNING, EventKind.SLA_BREACHED})


FREEZE_AFTER = 1000
"""A batch that adds at least this many tickets (a load) ends with `gc.freeze()`: the cyclic
garbage collector stops walking what is there now. Cached tickets live long and hold no
reference cycles (a replaced ticket is freed by its reference count all the same), but every
full collection walked them all: at 100,000 tickets, a stall of the GUI thread of 150 ms or
more at a random moment."""

_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def plain_ticket(ticket: TicketPublic) -> TicketPublic:
    """The ticket without the timeline a `TicketDetail` carries; the cache keeps those apart."""
    if type(ticket) is not TicketPublic:
        ticket = TicketPublic.model_construct(
            **{name: getattr(ticket, name) for name in TicketPublic.model_fields}
        )
    _share_fields_set(ticket)
    return ticket


def _share_fields_set(ticket: TicketPublic) -> None:
    """Let the ticket share its record of which fields were given with the other tickets that
    gave the same ones. Pydantic keeps that set per instance, and for a ticket parsed from JSON
    it is the largest part of it (2.2 kB of about 3.5 kB: 220 MB for 100,000 tickets). The
    client never assigns to a ticket's fields (a change is a new ticket), and `model_copy`
    copies the set before adding to it, so one set can serve them all."""
    own = ticket.__pydantic_fields_set__
    shared = _FIELDS_SETS.setdefault(frozenset(own), own)
    if shared is not own:
        object.__setattr__(ticket, "__pydantic_fields_set__", shared)


class ClientState(QObject):
    me_changed = Signal()
    users_changed = Signal()
    """The directory of users was replaced (names, roles, memberships)."""
    user_changed = Signal(int)
    """One user changed in place, e.g. their presence."""
    groups_changed = Signal()
    types_changed = Signal()
    ticket_added = Signal(int)
    ticket_changed = Signal(int)
    ticket_removed = Signal(int)
    tickets_added = Signal(object)
    """The same news as `ticket_added`, for every ticket of a batch at once (a list of ids),
    emitted just before the single ones: item models insert a loaded cache in one step."""
    tickets_changed = Signal(object)
    """Like `tickets_added`, for `ticket_changed` (ids in ascending order)."""
    tickets_removed = Signal(object)
    """Like `tickets_added`, for `ticket_removed`."""
    timeline_reset = Signal(int)
    """A ticket's whole timeline was (re)loaded."""
    timeline_event_added = Signal(int, int)
    """(ticket id, event id): one more step in a loaded timeline."""
    my_presence_event = Signal(object)
    escalated = Signal(object)
    """A live SLA warning or breach (`EventPublic`) on a ticket of a group I supervise:
    news for the desktop (an escalation is told once; a reload never replays it)."""
    """A live ``presence_changed`` event about the logged-in user (`EventPublic`): the server
    or another session changed it; ``data`` says from, to and why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.me: UserPublic | None = None
        self.users: dict[int, UserPublic] = {}
        self.groups: dict[int, GroupPublic] = {}
        self.types: dict[int, TicketTypePublic] = {}
        self.type_versions: dict[tuple[int, int], TicketTypePublic] = {}
        """(type id, version) → the template as it was then; versions never change, so
        what is here stays true."""
        self.tickets: dict[int, TicketPublic] = {}
        self.timelines: dict[int, dict[int, EventPublic]] = {}
        self._batch_depth = 0
        self._batch_added: dict[int, None] = {}  # insertion-ordered set
        self._batch_changed: set[int] = set()
        self._batch_removed: dict[int, None] = {}

    def clear(self) -> None:
        """Forget everything (on logging out)."""
        with self.batch():
            for ticket_id in list(self.tickets):
                self._remove(ticket_id)
        self.timelines.clear()
        self.me = None
        self.users, self.groups, self.types = {}, {}, {}
        self.type_versions = {}
        self.me_changed.emit()
        self.users_changed.emit()
        self.groups_changed.emit()
        self.types_changed.emit()

    # ------------------------------------------------------------ directory

    def set_me(self, me: UserPublic) -> None:
        self.me = me
        self.users[me.id] = me
        self.me_changed.emit()

    def set_users(self, users: Iterable[UserPublic]) -> None:
        self.users = {u.id: u for u in users}
        if self.me is not None and self.me.id in self.users:
            self.me = self.users[self.me.id]
            self.me_changed.emit()
        self.users_changed.emit()

    def put_user(self, user: UserPublic) -> None:
        """One account as the server now has it (an admin created or changed it)."""
        if self.me is not None and self.me.id == user.id:
            self.me = user
            self.me_changed.emit()
        self.users[user.id] = user
        self.users_changed.emit()

    def set_groups(self, groups: Iterable[GroupPublic]) -> None:
        self.groups = {g.id: g for g in groups}
        self.groups_changed.emit()

    def set_types(self, types: Iterable[TicketTypePublic]) -> None:
        self.types = {t.id: t for t in types}
        for t in self.types.values():
            self.type_versions[(t.id, t.version)] = t
        self.types_changed.emit()

    def add_type_version(self, ticket_type: TicketTypePublic) -> None:
        self.type_versions[(ticket_type.id, ticket_type.version)] = ticket_type
        self.types_changed.emit()

    def put_type(self, ticket_type: TicketTypePublic) -> None:
        """A type as the server now has it (an admin created or edited it); the version it
        replaced stays known, for the tickets created with it."""
        self.types[ticket_type.id] = ticket_type
        self.type_versions[(ticket_type.id, ticket_type.version)] = ticket_type
        self.types_changed.emit()

    def type_of(self, ticket: TicketPublic) -> TicketTypePublic | None:
        """The type as the ticket was created with it (None while that version is unknown
        here: `ClientSession.load_type_version` fetches it)."""
        return self.type_versions.get((ticket.type_id, ticket.type_version))

    def set_presence(
        self, user_id: int, presence: Presence, since: datetime | None = None
    ) -> None:
        """``since``: when it changed (the event's time), for "online for 25 min"."""
        user = self.users.get(user_id)
        if user is None or user.presence is presence:
            return
        user = user.model_copy(update={"presence": presence, "presence_changed_at": since})
        self.users[user_id] = user
        if self.me is not None and self.me.id == user_id:
            self.me = user
            self.me_changed.emit()
        self.user_changed.emit(user_id)

    # ------------------------------------------------------------ batches

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Apply many changes as one: each ticket added or changed inside is announced once,
        at the end (a replayed backlog may touch one ticket many times; the views should
        repaint its row once, not flicker through every step)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._flush_batch()

    def _flush_batch(self) -> None:
        """Announce what the batch did: removals, then additions, then changes; each kind as
        one list (`tickets_removed`…), then ticket by ticket (`ticket_removed`…)."""
        tickets = self.tickets
        removed, self._batch_removed = list(self._batch_removed), {}
        added = [i for i in self._batch_added if i in tickets]
        added_set = set(added)
        changed = sorted(i for i in self._batch_changed if i in tickets and i not in added_set)
        self._batch_added, self._batch_changed = {}, set()
        for ids, many, one in (
            (removed, self.tickets_removed, self.ticket_removed),
            (added, self.tickets_added, self.ticket_added),
            (changed, self.tickets_changed, self.ticket_changed),
        ):
            if ids:
                many.emit(ids)
                for ticket_id in ids:
                    one.emit(ticket_id)
        if len(added) >= FREEZE_AFTER:
            gc.freeze()  # after the views took them in: their rows live as long

    # ------------------------------------------------------------ tickets

    def upsert_ticket(self, ticket: TicketPublic) -> None:
        """Insert or update; a copy older than what is cached is ignored, because an HTTP
        page read before a live event may arrive after it. Older means a lower ``version``
        (the server increments it on every change); timestamps are never compared — they
        come from different moments of different transactions (and servers)."""
        ticket = plain_ticket(ticket)
        cached = self.tickets.get(ticket.id)
        if cached is None:
            self.tickets[ticket.id] = ticket
            self._batch_added[ticket.id] = None
        elif ticket.version > cached.version:
            self.tickets[ticket.id] = ticket
            self._batch_changed.add(ticket.id)
        else:
            return
        if not self._batch_depth:
            self._flush_batch()

    def replace_tickets(self, tickets: Iterable[TicketPublic]) -> None:
        """After a full reload: upsert what came, forget what no longer does (except tickets
        whose timeline is open, which the reload does not cover when they are closed). One
        batch: the views take in a whole load at once."""
        fresh = {t.id: t for t in tickets}
        with self.batch():
            for ticket_id in [
                i for i in self.tickets if i not in fresh and i not in self.timelines
            ]:
                self._remove(ticket_id)
            for ticket in fresh.values():
                self.upsert_ticket(ticket)

    def _remove(self, ticket_id: int) -> None:
        if self.tickets.pop(ticket_id, None) is None:
            return
        self._batch_changed.discard(ticket_id)
        if ticket_id in self._batch_added:
            del self._batch_added[ticket_id]  # added and removed in one batch: never announced
        else:
            self._batch_removed[ticket_id] = None
        if not self._batch_depth:
            self._flush_batch()

    # ------------------------------------------------------------ timelines

    def set_timeline(self, ticket_id: int, events: Iterable[EventPublic]) -> None:
        self.timelines[ticket_id] = {e.id: e for e in events}
        self.timeline_reset.emit(ticket_id)

    def merge_timeline(self, ticket_id: int, events: Iterable[EventPublic]) -> None:
        """Add the steps not yet known (an action's answer repeats the whole timeline)."""
        if ticket_id not in self.timelines:
            self.set_timeline(ticket_id, events)
            return
        for event in events:
            self.add_event(event)

    def add_event(self, event: EventPublic) -> None:
        timeline = self.timelines.get(event.ticket_id) if event.ticket_id is not None else None
        if timeline is None or event.id in timeline:
            return
        timeline[event.id] = event
        self.timeline_event_added.emit(event.ticket_id, event.id)

    def forget_timeline(self, ticket_id: int) -> None:
        self.timelines.pop(ticket_id, None)

    # ------------------------------------------------------------ live

    def apply(self, message: LiveMessage) -> None:
        """One live ``event`` message: the ticket as it now stands, and the step itself."""
        event = message.event
        if message.ticket is not None:
            self.upsert_ticket(message.ticket)
        if event is None:
            return
        if event.ticket_id is not None:
            self.add_event(event)
            if event.kind in _ESCALATIONS and self._supervises(message.ticket):
                self.escalated.emit(event)
        elif event.kind is EventKind.PRESENCE_CHANGED:
            user_id, to = event.data.get("user_id"), event.data.get("to")
            if isinstance(user_id, int) and to in _PRESENCES:
                self.set_presence(user_id, Presence(to), event.created_at)
                if self.me is not None and user_id == self.me.id:
                    self.my_presence_event.emit(event)

    def _supervises(self, ticket: TicketPublic | None) -> bool:
        if ticket is None or self.me is None:
            return False
        group = self.groups.get(ticket.group_id)
        return group is not None and self.me.id in group.supervisor_ids

    # ------------------------------------------------------------ questions views ask

    @property
    def my_group_ids(self) -> frozenset[int]:
        return frozenset(self.me.group_ids) if self.me else frozenset()

    def relation(self, ticket: TicketPublic) -> Relation | None:
        if self.me is None:
            return None
        return Relation(
            role=self.me.role,
            is_assignee=ticket.assignee_id == self.me.id,
            in_group=ticket.group_id in self.my_group_ids,
            is_creator=ticket.created_by_id == self.me.id,
        )

    def allowed_actions(self, ticket_id: int) -> frozenset[Action]:
        """What the logged-in user may do to the ticket now, by the shared state machine."""
        ticket = self.tickets.get(ticket_id)
        relation = self.relation(ticket) if ticket else None
        if ticket is None or relation is None:
            return frozenset()
        return allowed_actions(ticket.status, relation)

    def user_name(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        user = self.users.get(user_id)
        return user.display_name if user else f"#{user_id}"

    def group_name(self, group_id: int | None) -> str:
        if group_id is None:
            return ""
        group = self.groups.get(group_id)
        return group.name if group else f"#{group_id}"

    def type_name(self, type_id: int) -> str:
        ticket_type = self.types.get(type_id)
        return ticket_type.name if ticket_type else f"#{type_id}"

    def members(self, group_id: int) -> list[UserPublic]:
        """Active members of a group, by name."""
        return sorted(
            (u for u in self.users.values() if group_id in u.group_ids and u.active),
            key=lambda u: u.display_name,
        )

    def working_count(self, user_id: int, group_id: int | None = None) -> int:
        """Tickets the agent has in hand, as far as this client can see."""
        return sum(
            1
            for t in self.tickets.values()
            if t.assignee_id == user_id
            and t.status in LOAD_STATUSES
            and (group_id is None or t.group_id == group_id)
        )
