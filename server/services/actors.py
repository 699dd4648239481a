"""Who is acting: a logged-in user or a service account's API key, as the services see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ticketdesk.common.enums import Role, Scope
from ticketdesk.common.workflow import Relation

from ..store.schema import Ticket, User


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    name: str
    role: Role
    group_ids: frozenset[int] = field(default_factory=frozenset)
    source: str = ""
    """Where the request came from (client address), recorded on events."""
    session_id: int | None = None
    """The login session behind the request, when it came with a session token."""
    session_expires_at: datetime | None = None
    """When the session (or the API key) stops working, if ever."""
    key_id: int | None = None
    """The API key behind the request, when it came with one (the actor is its account)."""
    scopes: frozenset[Scope] | None = None
    """An API key's scopes; None for a person, whose role decides."""

    @classmethod
    def of(
        cls,
        user: User,
        *,
        source: str = "",
        session_id: int | None = None,
        session_expires_at: datetime | None = None,
    ) -> Actor:
        return cls(
            user_id=user.id,
            name=user.display_name,
            role=user.role,
            group_ids=frozenset(m.group_id for m in user.memberships),
            source=source,
            session_id=session_id,
            session_expires_at=session_expires_at,
        )

    @classmethod
    def system(cls, name: str = "TicketDesk") -> Actor:
        """The server itself, e.g. the assignment engine or the demo loader."""
        return cls(user_id=None, name=name, role=Role.ADMIN)

    @property
    def supervises(self) -> bool:
        return self.role.supervises

    @property
    def is_key(self) -> bool:
        return self.scopes is not None

    @property
    def reads_all_tickets(self) -> bool:
        """Supervisors and keys with ``tickets:read`` see every ticket; a key without it
        sees only the tickets it created."""
        if self.scopes is not None:
            return Scope.TICKETS_READ in self.scopes
        return self.supervises

    def relation(self, ticket: Ticket) -> Relation:
        me = self.user_id
        return Relation(
            role=self.role,
            is_assignee=me is not None and ticket.assignee_id == me,
            # A key that reads every ticket relates to each as a group member would: it may
            # comment on any (which routes it reaches at all, its scopes decide).
            in_group=ticket.group_id in self.group_ids
            or (self.is_key and self.reads_all_tickets),
            is_creator=me is not None and ticket.created_by_id == me,
        )
