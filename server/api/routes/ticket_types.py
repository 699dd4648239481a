"""Ticket types: the templates tickets are filled in against."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ticketdesk.common.models import TicketTypeCreate, TicketTypePublic, TicketTypeUpdate

from ...services import ticket_types
from ..deps import AdminActor, ReferenceReader, RowId, SessionDep
from ..unit_of_work import UnitOfWorkRoute, after_commit

router = APIRouter(prefix="/ticket-types", tags=["ticket types"], route_class=UnitOfWorkRoute)


@router.get("", response_model=list[TicketTypePublic])
def list_types(actor: ReferenceReader, session: SessionDep) -> list[TicketTypePublic]:
    return [ticket_types.public(t) for t in ticket_types.list_types(session=session)]


@router.get("/{type_id}", response_model=TicketTypePublic)
def get_type(type_id: RowId, actor: ReferenceReader, session: SessionDep) -> TicketTypePublic:
    return ticket_types.public(ticket_types.get_type(session=session, type_id=type_id))


@router.get("/{type_id}/versions/{version}", response_model=TicketTypePublic)
def get_type_version(
    type_id: RowId, version: RowId, actor: ReferenceReader, session: SessionDep
) -> TicketTypePublic:
    """The template as it was at that version: what tickets created against it were shown."""
    t = ticket_types.get_type(session=session, type_id=type_id)
    v = ticket_types.get_version(session=session, type_id=type_id, version=version)
    return ticket_types.public(t, v)


@router.post("", response_model=TicketTypePublic, status_code=201)
def create_type(body: TicketTypeCreate, actor: AdminActor, session: SessionDep) -> TicketTypePublic:
    created = ticket_types.create_type(session=session, data=body, actor=actor)
    return ticket_types.public(created)


@router.patch("/{type_id}", response_model=TicketTypePublic)
def update_type(
    type_id: RowId, body: TicketTypeUpdate, actor: AdminActor, session: SessionDep,
    request: Request,
) -> TicketTypePublic:
    updated = ticket_types.update_type(session=session, type_id=type_id, data=body, actor=actor)
    after_commit(session, request.app.state.refs.clear)  # other processes: from the record
    return ticket_types.public(updated)
