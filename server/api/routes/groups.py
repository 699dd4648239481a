"""Groups, their settings, members and live load."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Body, Request, Response

from ticketdesk.common.models import (
    GroupCreate,
    GroupPublic,
    GroupUpdate,
    MembershipPublic,
    MembershipSet,
)

from ...services import groups, supervisors
from ..deps import AdminActor, CurrentActor, ReferenceReader, RowId, SessionDep
from ..unit_of_work import UnitOfWorkRoute, after_commit

router = APIRouter(prefix="/groups", tags=["groups"], route_class=UnitOfWorkRoute)


@router.get("", response_model=list[GroupPublic])
def list_groups(actor: ReferenceReader, session: SessionDep) -> list[GroupPublic]:
    """Every group with its live load (open tickets by status, members online)."""
    return groups.list_groups(session=session)


@router.get("/{group_id}", response_model=GroupPublic)
def get_group(group_id: RowId, actor: ReferenceReader, session: SessionDep) -> GroupPublic:
    return groups.get_group(session=session, group_id=group_id)


@router.post("", response_model=GroupPublic, status_code=201)
def create_group(body: GroupCreate, actor: AdminActor, session: SessionDep) -> GroupPublic:
    return groups.create_group(session=session, data=body, actor=actor)


@router.patch("/{group_id}", response_model=GroupPublic)
def update_group(
    group_id: RowId, body: GroupUpdate, actor: AdminActor, session: SessionDep, request: Request
) -> GroupPublic:
    updated = groups.update_group(session=session, group_id=group_id, data=body, actor=actor)
    after_commit(session, request.app.state.refs.clear)  # other processes: from the record
    return updated


@router.get("/{group_id}/members", response_model=list[MembershipPublic])
def list_members(
    group_id: RowId, actor: CurrentActor, session: SessionDep
) -> list[MembershipPublic]:
    return [
        MembershipPublic.model_validate(m)
        for m in groups.list_members(session=session, group_id=group_id)
    ]


@router.put("/{group_id}/members/{user_id}", response_model=MembershipPublic)
def set_member(
    group_id: RowId,
    user_id: RowId,
    actor: AdminActor,
    session: SessionDep,
    request: Request,
    body: Annotated[MembershipSet | None, Body()] = None,
) -> MembershipPublic:
    """Add a member, or change their capacity (null: the group's default)."""
    membership = groups.set_member(
        session=session,
        group_id=group_id,
        user_id=user_id,
        data=body or MembershipSet(),
        actor=actor,
    )
    # Their groups changed.
    after_commit(session, partial(request.app.state.token_cache.forget_user, user_id))
    return MembershipPublic.model_validate(membership)


@router.delete("/{group_id}/members/{user_id}", status_code=204)
def remove_member(
    group_id: RowId, user_id: RowId, actor: AdminActor, session: SessionDep, request: Request
) -> Response:
    groups.remove_member(session=session, group_id=group_id, user_id=user_id, actor=actor)
    after_commit(session, partial(request.app.state.token_cache.forget_user, user_id))
    return Response(status_code=204)


@router.put("/{group_id}/supervisors/{user_id}", response_model=GroupPublic)
def set_supervisor(
    group_id: RowId, user_id: RowId, actor: AdminActor, session: SessionDep
) -> GroupPublic:
    """Make a supervisor oversee this group (idempotent); answers the group as it is now."""
    supervisors.set_supervisor(session=session, group_id=group_id, user_id=user_id, actor=actor)
    return groups.get_group(session=session, group_id=group_id)


@router.delete("/{group_id}/supervisors/{user_id}", status_code=204)
def remove_supervisor(
    group_id: RowId, user_id: RowId, actor: AdminActor, session: SessionDep
) -> Response:
    supervisors.remove_supervisor(
        session=session, group_id=group_id, user_id=user_id, actor=actor
    )
    return Response(status_code=204)
