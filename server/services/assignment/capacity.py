"""An agent's load and capacity in a group — the one rule, for the engine's round, the offer
made on the spot, acceptance from the queue and a supervisor's manual assignment.

Load is the number of the agent's tickets *in that group* whose status counts against
capacity (``LOAD_STATUSES``); capacity is the member's own, else the group's default."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import LOAD_STATUSES

from ...store.schema import Group, Membership, Ticket


def capacity_of(membership: Membership, group: Group) -> int:
    return capacity_or_default(membership.capacity, group.default_capacity)


def capacity_or_default(own: int | None, default_capacity: int) -> int:
    """The member's own capacity, else the group's default."""
    return own if own is not None else default_capacity


def loads_in_groups(group_ids: list[int]) -> Select[tuple[int | None, int, int]]:
    """(assignee id, group id, load) for every agent holding work in any of the groups."""
    return (
        select(Ticket.assignee_id, Ticket.group_id, func.count().label("n"))
        .where(Ticket.group_id.in_(group_ids), Ticket.status.in_(LOAD_STATUSES))
        .group_by(Ticket.assignee_id, Ticket.group_id)
    )


def load_and_capacity(
    session: Session, group: Group, membership: Membership, *, besides: int | None = None
) -> tuple[int, int]:
    """One agent's load and capacity in a group, not counting ticket ``besides`` (the one
    being assigned). The caller holds the group's lock, so no other assignment in that group
    can slip in before it commits."""
    query = (
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.assignee_id == membership.user_id,
            Ticket.group_id == group.id,
            Ticket.status.in_(LOAD_STATUSES),
        )
    )
    if besides is not None:
        query = query.where(Ticket.id != besides)
    return session.scalar(query) or 0, capacity_of(membership, group)
