"""The closed vocabularies of the system; the values go over the wire and into the database."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class WireEnum(StrEnum):
    """A vocabulary whose string value is its form on the wire. Request models are strict
    (``RequestModel``): a number is no id, ``true`` no number. Strict pydantic in Python mode
    (how FastAPI validates a parsed body) would take only a member, never its JSON form
    ``"online"``; so every vocabulary stays accepting its values, and only its values (``1``
    or ``"Online"`` are still refused), as strict JSON validation would."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        schema = handler(source)
        schema["strict"] = False  # type: ignore[typeddict-unknown-key]
        return schema


class Status(WireEnum):
    QUEUED = "queued"
    HELD = "held"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED)


    @property
    def counts_against_capacity(self) -> bool:
        """In an agent's hands: what their capacity limits. A queued or held ticket is in no
        one's hands; a resolved one is done."""
        return self in (Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING)


OPEN_STATUSES: frozenset[Status] = frozenset(s for s in Status if s.is_open)
LOAD_STATUSES: frozenset[Status] = frozenset(s for s in Status if s.counts_against_capacity)
"""The statuses that count against an agent's capacity — the one definition, used by the
engine, manual assignment, the schema's index, KPIs and the client."""


def sql_in(statuses: frozenset[Status]) -> str:
    """``status IN (…)`` as SQL text, for partial indexes and hand-written queries, in a
    stable order (an index definition must not change between runs)."""
    return "(" + ", ".join(f"'{s.value}'" for s in Status if s in statuses) + ")"


class Priority(WireEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """Larger is more urgent; the queue is served from the highest rank down."""
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}


class Role(WireEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def supervises(self) -> bool:
        """Supervisors and admins see every ticket and may dispatch by hand."""
        return self in (Role.SUPERVISOR, Role.ADMIN)


class UserKind(WireEnum):
    PERSON = "person"
    SERVICE = "service"
    """A service account: another system (telephony, the order system) acting through API
    keys. It cannot log in, is never a member of a group, and names itself on its events."""


class Scope(WireEnum):
    """What an API key may do; a key can do exactly what its scopes allow."""

    TICKETS_READ = "tickets:read"
    TICKETS_WRITE = "tickets:write"
    ORDERS_WRITE = "orders:write"
    EVENTS_READ = "events:read"
    WEBHOOKS_ADMIN = "webhooks:admin"


class Presence(WireEnum):
    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


class PresenceReason(WireEnum):
    """Why a desktop client changed its agent's presence by itself (none: the agent chose)."""

    IDLE = "idle"
    """No input for the server's idle time, the screen locked, or the computer asleep."""
    BACK = "back"
    """Input again after an automatic away."""


class Action(WireEnum):
    """Workflow actions on a ticket; each is one endpoint under /tickets/{id}/."""

    ACCEPT = "accept"
    COMMENT = "comment"
    TRANSFER = "transfer"
    PENDING = "pending"
    RESUME = "resume"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"
    ASSIGN = "assign"


class AssignReason(WireEnum):
    AUTO = "auto"
    ORDER_OWNER = "order_owner"
    PREVIOUS_HANDLER = "previous_handler"
    MANUAL = "manual"
    REASSIGNED_TIMEOUT = "reassigned_timeout"
    TAKEN = "taken"
    """An agent took a waiting ticket from their group's queue themselves."""


class EventKind(WireEnum):
    # ticket lifecycle
    CREATED = "created"
    QUEUED = "queued"
    HELD = "held"
    RELEASED = "released"
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    ACCEPTED = "accepted"
    COMMENTED = "commented"
    ATTACHED = "attached"
    """A file was added (``attachment_id``, ``name``, ``size``, ``content_type``, and
    ``comment_id`` when it belongs to a comment)."""
    TRANSFERRED = "transferred"
    PENDING = "pending"
    RESUMED = "resumed"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"
    SLA_WARNING = "sla_warning"
    """A target's warning point passed unmet (``target``: first_response or resolution)."""
    SLA_BREACHED = "sla_breached"
    SLA_PRIORITY_RAISED = "sla_priority_raised"
    """The policy's automatic action at an escalation raised the priority (``from``, ``to``,
    ``target``, ``escalation``: warning or breached). Actor: the system."""
    SLA_NOTIFIED = "sla_notified"
    """The policy's automatic action at an escalation told a named group (``group_id``,
    ``group``, ``target``, ``escalation``, ``due_at``); its supervisors receive it live.
    Actor: the system."""
    UPDATED = "updated"
    SLA_RECOMPUTED = "sla_recomputed"
    """Due times moved because the group's working hours changed."""
    # administration and presence; these carry no ticket
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    GROUP_CREATED = "group_created"
    GROUP_UPDATED = "group_updated"
    MEMBER_SET = "member_set"
    MEMBER_REMOVED = "member_removed"
    SUPERVISOR_SET = "supervisor_set"
    SUPERVISOR_REMOVED = "supervisor_removed"
    TYPE_CREATED = "type_created"
    TYPE_UPDATED = "type_updated"
    ORDER_UPDATED = "order_updated"
    WEBHOOK_CREATED = "webhook_created"
    WEBHOOK_UPDATED = "webhook_updated"
    """Settings of a webhook endpoint changed, its secret rotated, or it was disabled
    (by an admin, or by the server when the receiver answered 410 Gone)."""
    WEBHOOK_REMOVED = "webhook_removed"
    QUICK_REPLY_CREATED = "quick_reply_created"
    """A group's quick reply was made (an agent's own are not recorded: see
    ``services.quick_replies``)."""
    QUICK_REPLY_UPDATED = "quick_reply_updated"
    QUICK_REPLY_REMOVED = "quick_reply_removed"
    PRESENCE_CHANGED = "presence_changed"
    LOGGED_IN = "logged_in"
    LOGGED_OUT = "logged_out"
    LOGIN_LOCKED = "login_locked"
    """Too many failed logins for a username or from an address: locked for a while."""
    API_KEY_CREATED = "api_key_created"
    API_KEY_REVOKED = "api_key_revoked"
    """Revoked by an admin, or replaced by rotation (``reason``); its sockets close at once."""


ADMIN_KINDS: frozenset[EventKind] = frozenset(
    {
        EventKind.USER_CREATED,
        EventKind.USER_UPDATED,
        EventKind.GROUP_CREATED,
        EventKind.GROUP_UPDATED,
        EventKind.MEMBER_SET,
        EventKind.MEMBER_REMOVED,
        EventKind.SUPERVISOR_SET,
        EventKind.SUPERVISOR_REMOVED,
        EventKind.TYPE_CREATED,
        EventKind.TYPE_UPDATED,
        EventKind.WEBHOOK_CREATED,
        EventKind.WEBHOOK_UPDATED,
        EventKind.WEBHOOK_REMOVED,
        EventKind.QUICK_REPLY_CREATED,
        EventKind.QUICK_REPLY_UPDATED,
        EventKind.QUICK_REPLY_REMOVED,
    }
)
"""Changes to the organisation (accounts, groups, members, ticket types, webhooks, groups'
quick replies). Their
particulars (before → after) are for supervisors and admins only; agents learn only that
something changed."""


class FieldKind(WireEnum):
    TEXT = "text"
    MULTILINE = "multiline"
    NUMBER = "number"
    CHOICE = "choice"
    DATE = "date"
    PHONE = "phone"
    ORDER_NO = "order_no"
