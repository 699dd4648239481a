"""Appending to the record. Every state change writes its event(s) in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from ticketdesk.common.enums import ADMIN_KINDS, EventKind

from ..store.schema import Event, Ticket
from . import search_text
from .actors import Actor

DISPATCH_KINDS = frozenset(
    {
        # work enters a queue
        EventKind.QUEUED,
        EventKind.RELEASED,
        EventKind.UNASSIGNED,
        EventKind.REOPENED,
        # capacity is freed
        EventKind.RESOLVED,
        EventKind.CLOSED,
        EventKind.TRANSFERRED,
        EventKind.ASSIGNED,
        # agents or rules change
        EventKind.PRESENCE_CHANGED,
        EventKind.MEMBER_SET,
        EventKind.MEMBER_REMOVED,
        EventKind.GROUP_UPDATED,
        EventKind.ORDER_UPDATED,
        EventKind.USER_UPDATED,
    }
)
"""Events after which the assignment engine should look again at once."""


def ticket_audience(ticket: Ticket) -> tuple[set[int], set[int]]:
    """Groups and users who may see events of this ticket as it stands now."""
    users = {u for u in (ticket.assignee_id, ticket.created_by_id) if u is not None}
    return {ticket.group_id}, users


_TEXT_KEYS = ("note", "body")
"""The free text a ticket event may carry (a comment's body, an action's note)."""


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            if not str(key).endswith("_id"):  # ids would make every number match
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield str(value)


def search_document(kind: EventKind | str, data: dict[str, Any]) -> str:
    """The words an event is found by in the audit search: for an admin change everything
    it says (names, changed settings by key, before and after); for a ticket event its
    note or comment. Ticket events' other particulars are found through the ticket."""
    if EventKind(kind) in ADMIN_KINDS:
        return search_text.document(*_strings(data))
    if EventKind(kind) is EventKind.ATTACHED:  # found by its file name
        return search_text.document(*(v for v in (data.get("name"),) if isinstance(v, str)))
    return search_text.document(*(data[k] for k in _TEXT_KEYS if isinstance(data.get(k), str)))


def record(
    session: Session,
    *,
    kind: EventKind,
    actor: Actor,
    ticket: Ticket | None = None,
    data: dict[str, Any] | None = None,
    groups: Iterable[int] = (),
    users: Iterable[int] = (),
    kpi_group: int | None = None,
    span: tuple[float | None, bool] | None = None,
) -> Event:
    """Append one event. For a ticket event, the ticket's current group, assignee and creator
    are always in its audience; pass the *previous* group or assignee in ``groups``/``users``
    so those who lose the ticket learn that it left them.

    KPIs count a ticket event for the group holding the ticket as it happens (``kpi_group``
    overrides: a transfer counts for the group it left), never for its audience; ``span`` is
    the (seconds, late) a first acceptance or a resolution completes (see ``spans``)."""
    event = build(kind=kind, actor=actor, ticket=ticket, data=data, groups=groups, users=users,
                  kpi_group=kpi_group, span=span)
    if ticket is not None and ticket.id is None:
        # A ticket still to be inserted: the unit of work fills the id in, inserting it first.
        event.ticket = ticket
    session.add(event)
    return event


def build(
    *,
    kind: EventKind,
    actor: Actor,
    ticket: Ticket | None = None,
    data: dict[str, Any] | None = None,
    groups: Iterable[int] = (),
    users: Iterable[int] = (),
    kpi_group: int | None = None,
    span: tuple[float | None, bool] | None = None,
) -> Event:
    """The event ``record`` appends, not yet in any session (for a caller that writes it
    with a statement of its own, as a ticket's creation does)."""
    audience_groups, audience_users = set(groups), set(users)
    if ticket is not None:
        g, u = ticket_audience(ticket)
        audience_groups |= g
        audience_users |= u
    return Event(
        ticket_id=ticket.id if ticket is not None else None,
        kind=kind,
        actor_id=actor.user_id,
        actor_name=actor.name,
        data=data or {},
        audience_groups=sorted(audience_groups),
        audience_users=sorted(audience_users),
        source=actor.source[:64],
        wakes_engine=kind in DISPATCH_KINDS,
        search=search_document(kind, data or {}),
        kpi_group_id=kpi_group if kpi_group is not None
        else (ticket.group_id if ticket is not None else None),
        kpi_seconds=span[0] if span else None,
        kpi_late=span[1] if span else None,
    )
