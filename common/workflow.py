"""The ticket state machine: which action is legal from which status, and for whom.

The server enforces it (409 for a status that does not allow the action, 403 for
an actor who may not take it); the client uses the same tables to enable buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .enums import Action, Role, Status

QUEUED, HELD, ASSIGNED, IN_PROGRESS, PENDING, RESOLVED, CLOSED = (
    Status.QUEUED,
    Status.HELD,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.PENDING,
    Status.RESOLVED,
    Status.CLOSED,
)

ROUTED = Status.QUEUED
"""Target of actions that hand the ticket back to routing; the server may hold or assign it."""

_UNRESOLVED = (QUEUED, HELD, ASSIGNED, IN_PROGRESS, PENDING)
"""Every status before resolution, in the order of the workflow."""

TRANSITIONS: dict[Action, dict[Status, Status]] = {
    Action.ACCEPT: {ASSIGNED: IN_PROGRESS, QUEUED: IN_PROGRESS, HELD: IN_PROGRESS},
    Action.COMMENT: {s: s for s in Status if s is not CLOSED},
    Action.TRANSFER: {s: ROUTED for s in _UNRESOLVED},
    Action.PENDING: {IN_PROGRESS: PENDING},
    Action.RESUME: {PENDING: IN_PROGRESS},
    Action.RESOLVE: {s: RESOLVED for s in _UNRESOLVED},
    Action.REOPEN: {RESOLVED: ROUTED, CLOSED: ROUTED},
    Action.CLOSE: {RESOLVED: CLOSED},
    Action.ASSIGN: {s: ASSIGNED for s in _UNRESOLVED},
}
"""action → {from status → to status}. A missing entry is an illegal transition (409)."""


@dataclass(frozen=True, slots=True)
class Relation:
    """How the acting user stands to one ticket."""

    role: Role
    is_assignee: bool = False
    in_group: bool = False
    is_creator: bool = False

    @property
    def can_see(self) -> bool:
        return self.role.supervises or self.in_group or self.is_assignee or self.is_creator


_Rule = Callable[[Relation, Status], bool]

_PERMITTED: dict[Action, _Rule] = {
    # The assignee accepts what was assigned to them; a member may take a waiting ticket.
    Action.ACCEPT: lambda r, s: r.is_assignee if s is ASSIGNED else r.in_group,
    Action.COMMENT: lambda r, s: r.can_see,
    # A member may pass on a misrouted waiting ticket; once assigned only its agent or a supervisor.
    Action.TRANSFER: lambda r, s: (
        r.role.supervises or r.is_assignee or (r.in_group and s in (QUEUED, HELD))
    ),
    Action.PENDING: lambda r, s: r.role.supervises or r.is_assignee,
    Action.RESUME: lambda r, s: r.role.supervises or r.is_assignee,
    # Agents resolve what they work on; supervisors may also settle waiting ones (spam, duplicates).
    Action.RESOLVE: lambda r, s: (
        r.role.supervises or (r.is_assignee and s in (IN_PROGRESS, PENDING))
    ),
    # A resolved ticket may be reopened by anyone involved; a closed one only by a supervisor.
    Action.REOPEN: lambda r, s: r.role.supervises or (s is RESOLVED and r.can_see),
    Action.CLOSE: lambda r, s: r.role.supervises or r.is_assignee or r.is_creator,
    Action.ASSIGN: lambda r, s: r.role.supervises,
}


class Verdict(Enum):
    OK = "ok"
    ILLEGAL = "illegal"
    """The ticket's status does not allow the action (HTTP 409)."""
    FORBIDDEN = "forbidden"
    """The status allows it, but not for this actor (HTTP 403)."""


def target_status(action: Action, status: Status) -> Status | None:
    """The status the action leads to from `status`, or None when it is illegal there."""
    return TRANSITIONS[action].get(status)


def check(action: Action, status: Status, relation: Relation) -> Verdict:
    """Judge one action on a ticket in `status` by an actor standing in `relation` to it."""
    if status not in TRANSITIONS[action]:
        return Verdict.ILLEGAL
    if not _PERMITTED[action](relation, status):
        return Verdict.FORBIDDEN
    return Verdict.OK


def allowed_actions(status: Status, relation: Relation) -> frozenset[Action]:
    """Every action this actor may take on a ticket in `status` right now."""
    return frozenset(a for a in Action if check(a, status, relation) is Verdict.OK)
