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


class LoadTally:
    """The loads of every agent in some groups, counted in one query and then kept by the one
    caller that changes them — a bulk move, which holds those groups' locks, so nobody else
    can change them meanwhile. It tells it each ticket before (``leaving``) and after
    (``arrived``) it moves, so the tickets already moved in the same request count."""

    def __init__(self, session: Session, group_ids: set[int]) -> None:
        self._loads: dict[tuple[int, int], int] = {
            (group_id, agent_id): n
            for agent_id, group_id, n in session.execute(loads_in_groups(sorted(group_ids)))
            if agent_id is not None
        }

    @staticmethod
    def _place(ticket: Ticket) -> tuple[int, int] | None:
        """Where the ticket counts as it stands: (group, agent), or nowhere."""
        if ticket.assignee_id is None or ticket.status not in LOAD_STATUSES:
            return None
        return ticket.group_id, ticket.assignee_id

    def load_and_capacity(self, group: Group, membership: Membership, *, besides: Ticket
                          ) -> tuple[int, int]:
        """As ``load_and_capacity``: the member's load, not counting ticket ``besides``."""
        place = (group.id, membership.user_id)
        load = self._loads.get(place, 0) - (1 if self._place(besides) == place else 0)
        return load, capacity_of(membership, group)

    def leaving(self, ticket: Ticket) -> None:
        if (place := self._place(ticket)) is not None:
            self._loads[place] -= 1

    def arrived(self, ticket: Ticket) -> None:
        if (place := self._place(ticket)) is not None:
            self._loads[place] = self._loads.get(place, 0) + 1
