"""Tickets: create, list and search, detail with timeline, and the workflow actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Protocol

from fastapi import APIRouter, Body, Header, Query, Request, Response
from sqlalchemy.orm import Session

from ticketdesk.common import limits
from ticketdesk.common.models import (
    ActionNote,
    AssignRequest,
    BulkMoveRequest,
    BulkMoveResult,
    CommentCreate,
    EventPublic,
    TicketCreate,
    TicketDetail,
    TicketPublic,
    TicketsPage,
    TransferRequest,
)

from ...services import bulk, tickets
from ...services.actors import Actor
from ...store.schema import Event, Ticket
from ..deps import (
    CurrentActor,
    SessionDep,
    SupervisorActor,
    TicketId,
    TicketsReader,
    TicketsWriter,
)
from ..responses import ModelResponse
from ..ticket_filters import TicketQuery
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/tickets", tags=["tickets"], route_class=UnitOfWorkRoute)

OptionalNote = Annotated[ActionNote | None, Body()]


def detail(session: SessionDep, ticket: Ticket, timeline: list[Event] | None = None
           ) -> TicketDetail:
    """The ticket with its record (read from the database unless given)."""
    result = TicketDetail.model_validate(ticket)
    if timeline is None:
        timeline = tickets.ticket_events(session=session, ticket_id=ticket.id)
    result.events = [EventPublic.model_validate(e) for e in timeline]
    return result


@router.post(
    "",
    response_model=TicketDetail,
    status_code=201,
    responses={
        200: {"model": TicketDetail, "description": "Not created again: the ticket this "
              "Idempotency-Key made (header ``Idempotent-Replayed: true``), or the one that "
              "already carries this source and external_id (``Existing-Reference: true``)."},
        409: {"description": "``idempotency_key_in_flight``: the first request with this key "
              "is still running; retry. ``external_reference_taken``: the reference belongs "
              "to a ticket the caller may not see."},
        422: {"description": "``idempotency_key_reused``: the key came with another body."},
    },
)
def create_ticket(
    body: TicketCreate,
    actor: TicketsWriter,
    session: SessionDep,
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=100,
            pattern=r"^[\x21-\x7e]+$",
            description="Send the same key (and the same body) when retrying: the first "
            "ticket is returned (200) instead of a second one being created. Keys are kept as "
            "long as their tickets (at least 24 hours, in fact for good), per creator.",
        ),
    ] = None,
) -> Response:
    """Create a ticket addressed to a group; its fields are checked against the type's template."""
    submitted = tickets.submit_ticket(
        session=session, data=body, actor=actor, idempotency_key=idempotency_key,
        refs=request.app.state.refs,
        ensure_order=puller.ensure if (puller := request.app.state.order_puller) else None,
    )
    if submitted.how == tickets.REPLAYED:
        return ModelResponse(detail(session, submitted.ticket), 200,
                             {"Idempotent-Replayed": "true"})
    if submitted.how == tickets.EXISTING:
        return ModelResponse(detail(session, submitted.ticket), 200,
                             {"Existing-Reference": "true"})
    # A new ticket's whole record is what this request wrote: no need to read it back.
    return ModelResponse(detail(session, submitted.ticket, timeline=submitted.written), 201)


@router.get("", response_model=TicketsPage)
def list_tickets(
    actor: TicketsReader,
    session: SessionDep,
    filt: TicketQuery,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> ModelResponse:
    """Tickets the caller may see, newest first; pass ``next_cursor`` back as ``cursor``."""
    filt.cursor, filt.limit = cursor, limit
    rows, next_cursor = tickets.list_tickets(session=session, actor=actor, filt=filt)
    # (serialized once: pages of 500 are what exports and the audit search fetch)
    return ModelResponse(TicketsPage(data=[TicketPublic.model_validate(t) for t in rows],
                                     next_cursor=next_cursor))


@router.get("/{ticket_id}", response_model=TicketDetail)
def get_ticket(ticket_id: TicketId, actor: TicketsReader, session: SessionDep) -> TicketDetail:
    """The ticket with its whole timeline."""
    return detail(session, tickets.get_ticket(session=session, ticket_id=ticket_id, actor=actor))


@router.post("/bulk", response_model=BulkMoveResult)
def bulk_move(
    body: BulkMoveRequest, actor: SupervisorActor, session: SessionDep
) -> BulkMoveResult:
    """Assign, take back (``unassign``) or transfer many tickets in one transaction: all
    of them or none. Each move names the version of its ticket the caller saw; the first
    refusal (409 ``version_conflict``, ``over_capacity``, …) names the ticket in
    ``details.ticket_id`` and ``details.index`` and carries it as it is in
    ``details.ticket``; nothing is moved then. Each moved ticket gets its own event."""
    moved = bulk.move_many(session=session, request=body, actor=actor)
    return BulkMoveResult(tickets=[TicketPublic.model_validate(t) for t in moved])


@router.post("/{ticket_id}/comments", response_model=TicketDetail, status_code=201)
def comment(
    ticket_id: TicketId, body: CommentCreate, actor: TicketsWriter, session: SessionDep
) -> TicketDetail:
    return detail(
        session, tickets.comment(session=session, ticket_id=ticket_id, actor=actor, body=body.body)
    )


@router.post("/{ticket_id}/transfer", response_model=TicketDetail)
def transfer(
    ticket_id: TicketId, body: TransferRequest, actor: CurrentActor, session: SessionDep
) -> TicketDetail:
    """Send the ticket to another group (转派) with a note saying why."""
    return detail(
        session,
        tickets.transfer(
            session=session, ticket_id=ticket_id, actor=actor, group_ref=body.group, note=body.note,
            version=body.version,
        ),
    )


class NoteAction(Protocol):
    def __call__(self, *, session: Session, ticket_id: int, actor: Actor, note: str) -> Ticket:
        ...


NOTE_ACTIONS: dict[str, tuple[NoteAction, str]] = {
    "accept": (tickets.accept,
               "Accept an assigned ticket (受理), or take a waiting one from your group's queue."),
    "pending": (tickets.set_pending, "Wait on someone outside (挂起); the SLA clock pauses."),
    "resume": (tickets.resume, "Back to work on a pending ticket; the SLA clock runs again."),
    "resolve": (tickets.resolve, "Resolved (已解决): the customer's matter is settled."),
    "reopen": (tickets.reopen, "Open a resolved or closed ticket again; it enters its group's "
               "queue, its previous handler first."),
    "close": (tickets.close, "Closed (已关闭): nothing more will happen to it."),
}
"""The actions that take only an optional note: path segment → (service, description)."""


def _note_action(name: str, action: NoteAction, description: str) -> Callable[..., TicketDetail]:
    def endpoint(
        ticket_id: TicketId, actor: CurrentActor, session: SessionDep, body: OptionalNote = None
    ) -> TicketDetail:
        note = body.note if body else ""
        return detail(session, action(session=session, ticket_id=ticket_id, actor=actor,
                                      note=note))

    endpoint.__name__ = name  # the operation id, as when each was written out
    endpoint.__doc__ = description
    return endpoint


for _name, (_action, _description) in NOTE_ACTIONS.items():
    router.add_api_route(f"/{{ticket_id}}/{_name}", _note_action(_name, _action, _description),
                         methods=["POST"], response_model=TicketDetail, name=_name)


@router.post("/{ticket_id}/assign", response_model=TicketDetail)
def assign(
    ticket_id: TicketId, body: AssignRequest, actor: SupervisorActor, session: SessionDep
) -> TicketDetail:
    """Assign by hand to a member of the ticket's group, or ``agent: null`` back to the queue."""
    return detail(
        session, tickets.assign(session=session, ticket_id=ticket_id, actor=actor, data=body)
    )
