"""Assisted routing (``GET /routing/hints``): what a person choosing a group or an agent sees
beside each choice — the group's live queue, who is online, its free capacity, whether it is
working now, and whom the assignment engine would choose and by which rule."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..enums import Presence
from . import examples as ex
from .base import UtcDateTime, WireModel, examples

PickRule = Literal["order_owner", "previous_handler", "least_loaded"]
NoPick = Literal["inactive", "closed", "nobody_eligible"]


class Person(WireModel):
    id: int
    name: str


class AgentHint(WireModel):
    """A member of the group as the engine sees them now."""

    id: int
    name: str
    presence: Presence
    load: int
    """Tickets in hand in this group (offered, in progress, pending)."""
    capacity: int
    eligible: bool
    """Online and under capacity: the engine may give them a ticket now."""
    order_owner: bool = False
    previous_handler: bool = False


class EnginePick(WireModel):
    """Whom the engine would give the ticket to in this group now, and by which rule (the
    first that matches: the order's owner, its latest handler, else the least loaded)."""

    agent_id: int
    name: str
    rule: PickRule
    load: int
    capacity: int


class GroupHint(WireModel):
    id: int
    name: str
    active: bool
    queued: int = 0
    held: int = 0
    members: int = 0
    online: int = 0
    free_capacity: int = 0
    """Free places of the online members (capacity minus tickets in hand, each at least 0)."""
    open_now: bool
    """Active and within its working hours now: a ticket sent now is assigned at once,
    otherwise it is held (存单) until ``opens_at``."""
    opens_at: UtcDateTime | None = None
    """While closed: when its next shift starts (None: it never opens, or it is inactive)."""
    pick: EnginePick | None = None
    no_pick: NoPick | None = None
    """Why there is no pick: the group is inactive, closed now, or nobody is eligible."""
    has_order_owner: bool = False
    has_previous_handler: bool = False
    """The order's owner / a previous handler is a member of this group."""
    agents: list[AgentHint] | None = None
    """Every member with presence and load; supervisors and admins only (None for agents)."""


class RoutingHints(WireModel):
    model_config = examples(ex.ROUTING_HINTS)
    at: UtcDateTime
    """The moment the figures are for (the server's clock)."""
    ticket_id: int | None = None
    order_no: str | None = None
    order_owner: Person | None = None
    previous_handlers: list[Person] = Field(default_factory=list)
    """Who handled tickets of the order (or this ticket) before, the most recent first; the
    engine's rule looks at the first only."""
    groups: list[GroupHint] = Field(default_factory=list)
