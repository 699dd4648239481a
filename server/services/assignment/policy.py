"""Choosing the agent for a ticket. Pure: the same facts always give the same choice.

First match wins: (1) the owner of the ticket's order, (2) the agent who most recently
handled a ticket of the same order (or this ticket), (3) the least-loaded agent (open
tickets / capacity), ties to whoever has waited longest since their last assignment.
Each only among *eligible* agents: online and under capacity (membership and working
hours are settled before agents reach the policy). An agent who let this ticket lapse is
passed over while anyone else is eligible; when nobody else is, it is offered to them again
only once they have come back (set themselves online after it lapsed) — otherwise the one
online agent who is away from the desk got "offered … lapsed … offered …" every timeout,
and the ticket's timeline filled with it. It waits in the queue meanwhile (a supervisor can
assign it by hand).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from fractions import Fraction

NEVER = datetime.min.replace(tzinfo=UTC)
MAX_CANDIDATES_RECORDED = 10


class Rule(StrEnum):
    ORDER_OWNER = "order_owner"
    PREVIOUS_HANDLER = "previous_handler"
    LEAST_LOADED = "least_loaded"


@dataclass(frozen=True, slots=True)
class Agent:
    id: int
    online: bool
    load: int
    capacity: int
    last_assigned_at: datetime | None = None
    online_since: datetime | None = None
    """When they last set their presence (online, for an eligible agent); None: unknown."""

    @property
    def eligible(self) -> bool:
        return self.online and self.load < self.capacity

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.load, self.capacity) if self.capacity else Fraction(1)

    def waited_key(self) -> datetime:
        return self.last_assigned_at or NEVER


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    order_owner_id: int | None = None
    previous_handler_id: int | None = None
    lapsed: frozenset[int] = field(default_factory=frozenset)
    lapsed_at: datetime | None = None
    """When the ticket last changed after a lapse (its last offer ran out, or it was edited
    since); None: unknown, and whoever let it lapse may have it again when alone."""

    def back_since_lapse(self, agent: Agent) -> bool:
        """Whether ``agent``, who let this ticket lapse, has come back since."""
        if self.lapsed_at is None:
            return True
        return agent.online_since is not None and agent.online_since > self.lapsed_at


@dataclass(frozen=True, slots=True)
class Choice:
    agent_id: int
    rule: Rule
    candidates: list[dict[str, int]]
    """The eligible agents considered, best first by load (at most a few)."""
    passed_over: list[int] = field(default_factory=list)
    """Eligible agents left out because they let the ticket lapse or it was taken from them."""


def least_loaded_key(agent: Agent) -> tuple[Fraction, datetime, int]:
    return (agent.ratio, agent.waited_key(), agent.id)


def pool(ticket: Ticket, agents: Iterable[Agent]) -> list[Agent]:
    """The agents the ticket may go to now: eligible, minus those who let it lapse unless
    nobody else is eligible (and then only those who have come back since)."""
    eligible = [a for a in agents if a.eligible]
    fresh = [a for a in eligible if a.id not in ticket.lapsed]
    return fresh or [a for a in eligible if ticket.back_since_lapse(a)]


def choose(ticket: Ticket, agents: Iterable[Agent]) -> Choice | None:
    agents = list(agents)
    candidates = sorted(pool(ticket, agents), key=least_loaded_key)
    if not candidates:
        return None
    ids = {a.id for a in candidates}
    passed_over = sorted(a.id for a in agents if a.eligible and a.id not in ids)
    considered = [
        {"id": a.id, "load": a.load, "capacity": a.capacity}
        for a in candidates[:MAX_CANDIDATES_RECORDED]
    ]
    if ticket.order_owner_id in ids:
        return Choice(ticket.order_owner_id, Rule.ORDER_OWNER, considered, passed_over)  # type: ignore[arg-type]
    if ticket.previous_handler_id in ids:
        return Choice(ticket.previous_handler_id, Rule.PREVIOUS_HANDLER, considered, passed_over)  # type: ignore[arg-type]
    return Choice(candidates[0].id, Rule.LEAST_LOADED, considered, passed_over)


def assign_in_order(
    tickets: Iterable[Ticket], agents: Mapping[int, Agent], now: datetime
) -> tuple[list[tuple[Ticket, Choice]], dict[int, Agent]]:
    """Assign tickets (already in queue order) one by one, each choice seeing the loads the
    earlier ones left. Returns the choices and the agents' states afterwards."""
    state = dict(agents)
    out: list[tuple[Ticket, Choice]] = []
    for ticket in tickets:
        choice = choose(ticket, state.values())
        if choice is None:
            if any(a.eligible for a in state.values()):
                continue  # only someone who let this one lapse is free: the next may go
            break  # nobody is eligible any more: the rest of the queue waits
        agent = state[choice.agent_id]
        state[agent.id] = replace(agent, load=agent.load + 1, last_assigned_at=now)
        out.append((ticket, choice))
    return out, state
