"""Tickets, their events (the timeline) and the bodies of workflow actions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictFloat, StrictInt, StrictStr, StringConstraints, model_validator

from .. import limits
from ..enums import EventKind, Priority, Status
from . import examples as ex
from .base import Note, RequestModel, UtcDateTime, WireModel, examples, prose, text
from .types import FieldKey

Ref = StrictInt | Annotated[StrictStr, StringConstraints(min_length=1, max_length=100)]
"""An id, or a stable name (type key, group name, username)."""

OrderNo = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")]
FieldValue = StrictStr | StrictInt | StrictFloat | None
Title = text(strip=True, min_length=1, max_length=limits.TITLE_MAX)
Body = text(max_length=limits.BODY_MAX)
CommentText = prose(max_length=limits.COMMENT_MAX)
RequiredNote = prose(max_length=limits.NOTE_MAX)
Source = Annotated[StrictStr, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,39}$")]
"""The system a ticket came from, in lower case: ``pbx``, ``chat``, ``wechat``."""
ExternalId = Annotated[StrictStr, StringConstraints(pattern=r"^[\x21-\x7e]{1,100}$")]
"""Its reference there: printable ASCII without spaces, up to 100 characters."""


class TicketCreate(RequestModel):
    model_config = examples(ex.TICKET_CREATE, ex.TICKET_CREATE_FROM_CALL)
    type: Ref
    """Ticket type id or key, e.g. ``refund_request``."""
    title: Title
    fields: dict[FieldKey, FieldValue] = Field(default_factory=dict, max_length=limits.MAX_FIELDS)
    body: Body | None = None
    """Defaults to the type's body template."""
    group: Ref | None = None
    """Group id or name; defaults to the type's default group."""
    priority: Priority | None = None
    order_no: OrderNo | None = None
    source: Source | None = Field(default=None, examples=["pbx"])
    external_id: ExternalId | None = Field(default=None, examples=["1701234567.42"])
    """With ``source``: the call id, the chat session id. Unique per source: a second create
    with the same reference answers the first ticket (200) instead of making another."""

    @model_validator(mode="after")
    def _reference_whole(self) -> TicketCreate:
        if (self.source is None) != (self.external_id is None):
            raise ValueError("source and external_id go together: send both or neither")
        return self


class TicketPublic(WireModel):
    model_config = examples(ex.TICKET)
    id: int
    type_id: int
    type_key: str
    type_version: int = 1
    """The version of the type's template the ticket was filled in against (its labels and
    options as they were then): ``GET /ticket-types/{type_id}/versions/{type_version}``."""
    title: str
    body: str
    fields: dict[str, Any]
    group_id: int
    priority: Priority
    status: Status
    assignee_id: int | None
    order_no: str | None
    source: str | None = None
    external_id: str | None = None
    created_by_id: int | None
    created_by_name: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
    assigned_at: UtcDateTime | None = None
    accepted_at: UtcDateTime | None = None
    first_response_at: UtcDateTime | None = None
    resolved_at: UtcDateTime | None = None
    held_until: UtcDateTime | None = None
    """While ``held``: when the group's next shift starts and the ticket is released."""
    accept_deadline: UtcDateTime | None = None
    """While ``assigned``: when the offer lapses and goes to another agent."""
    first_response_due_at: UtcDateTime | None = None
    resolution_due_at: UtcDateTime | None = None
    """SLA due times on the holding group's calendar; the resolution one is empty while
    ``pending`` (its clock is paused) unless it was breached before."""
    first_response_warn_at: UtcDateTime | None = None
    resolution_warn_at: UtcDateTime | None = None
    """When each target's warning point comes (the type's policy: a share of the target,
    or minutes before the breach)."""
    sla_anchor_at: UtcDateTime | None = None
    sla_first_response_used_s: int = 0
    sla_resolution_used_s: int = 0
    """Clock seconds each target had used by ``sla_anchor_at``; from then on it runs on
    the group's calendar (business hours, or round the clock, per the type's policy)."""
    transfer_count: int = 0
    version: int
    """Incremented by every change to the ticket: of two copies, the one with the higher
    version is newer (never compare timestamps). Name it in ``assign``/``transfer`` to have
    the move refused (409 ``version_conflict``) if the ticket changed meanwhile."""


class EventPublic(WireModel):
    """One step of the record: who did what, when, and why (``data`` holds the particulars)."""

    id: int
    kind: EventKind
    ticket_id: int | None
    actor_id: int | None
    actor_name: str
    created_at: UtcDateTime
    data: dict[str, Any] = Field(default_factory=dict)


class TicketDetail(TicketPublic):
    model_config = examples(ex.TICKET_DETAIL)
    events: list[EventPublic] = Field(default_factory=list)


class TicketsPage(WireModel):
    model_config = examples(ex.TICKETS_PAGE)
    data: list[TicketPublic]
    next_cursor: str | None = None


TICKET_EXPORT_COLUMNS = ("id", "title", "status", "group_id", "assignee_id", "order_no",
                         "created_at")
"""The columns of ``GET /tickets/export``, in the order each row lists them (the fields of
`TicketPublic` of the same names, written the same way)."""


class ExportHeader(WireModel):
    """The first line of a streamed export (``GET /tickets/export``, ``GET /events/export``):
    what each row's values are, and how many rows to expect (counted as the export began: a
    ticket moving out of the filter meanwhile makes one fewer)."""

    columns: list[str]
    total: int


TicketExportHeader = ExportHeader


class ExportEnd(WireModel):
    """The last line of a complete export: without it, the stream was cut short."""

    end: bool = True
    rows: int


class CommentCreate(RequestModel):
    model_config = examples(ex.COMMENT_CREATE)
    body: CommentText


SeenVersion = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]


class TransferRequest(RequestModel):
    model_config = examples(ex.TRANSFER_REQUEST)
    group: Ref
    note: RequiredNote
    """Why it is passed on: required, the receiving group must not have to guess."""
    version: SeenVersion | None = None
    """The ticket's ``version`` as the caller saw it: if it has changed since, nothing is
    done and the answer is 409 ``version_conflict`` with the current ticket in
    ``details.ticket``. Omitted: the move applies to the ticket as it is."""


class ActionNote(RequestModel):
    """Body of accept / pending / resume / resolve / reopen / close; the note is optional."""
    model_config = examples(ex.ACTION_NOTE)

    note: Note = ""


class AssignRequest(RequestModel):
    model_config = examples(ex.ASSIGN_REQUEST)
    agent: Ref | None
    """User id or username; null returns the ticket to its group's queue."""
    override_capacity: bool = False
    note: Note = ""
    version: SeenVersion | None = None
    """As for ``TransferRequest.version``: refuse the move if the ticket changed since."""


TicketNumber = Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]


class BulkAssign(RequestModel):
    """To a member of the ticket's group, as ``POST /tickets/{id}/assign``."""

    action: Literal["assign"]
    ticket: TicketNumber
    version: SeenVersion
    agent: Ref
    override_capacity: bool = False
    note: Note = ""


class BulkUnassign(RequestModel):
    """Back to its group's queue (``assign`` with ``agent: null``)."""

    action: Literal["unassign"]
    ticket: TicketNumber
    version: SeenVersion
    note: Note = ""


class BulkTransfer(RequestModel):
    """To another group, as ``POST /tickets/{id}/transfer`` (the note is required)."""

    action: Literal["transfer"]
    ticket: TicketNumber
    version: SeenVersion
    group: Ref
    note: RequiredNote


BulkMove = Annotated[BulkAssign | BulkUnassign | BulkTransfer, Field(discriminator="action")]


class BulkMoveRequest(RequestModel):
    """Several moves in one transaction: all are made, or none. Each names the version of
    its ticket the caller saw; each ticket appears once."""
    model_config = examples(ex.BULK_MOVE_REQUEST)

    moves: list[BulkMove] = Field(min_length=1, max_length=limits.BULK_MOVES_MAX)

    @model_validator(mode="after")
    def _each_ticket_once(self) -> BulkMoveRequest:
        seen: set[int] = set()
        for move in self.moves:
            if move.ticket in seen:
                raise ValueError(f"ticket {move.ticket} is moved twice")
            seen.add(move.ticket)
        return self


class BulkMoveResult(WireModel):
    model_config = examples(ex.BULK_MOVE_RESULT)
    tickets: list[TicketPublic]
    """Every moved ticket as it now is, in the order of the moves."""
