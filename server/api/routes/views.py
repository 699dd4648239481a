"""Saved views: the caller's own and those shared with their groups (supervisors share)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ticketdesk.common.models.views import ViewCreate, ViewPublic, ViewUpdate

from ...services import saved_views
from ..deps import CurrentActor, RowId, SessionDep
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/views", tags=["saved views"], route_class=UnitOfWorkRoute)


@router.get("", response_model=list[ViewPublic])
def list_views(actor: CurrentActor, session: SessionDep) -> list[ViewPublic]:
    """Mine, then those shared with my groups (a supervisor's: also with the groups they
    oversee and those they shared), by name; ``editable`` says which I may change."""
    views = saved_views.list_for(session=session, actor=actor)
    return saved_views.public_all(session=session, views=views, actor=actor)


@router.post(
    "",
    response_model=ViewPublic,
    status_code=201,
)
def create_view(body: ViewCreate, actor: CurrentActor, session: SessionDep) -> ViewPublic:
    """With ``group_id``: shared with that group (supervisors and admins); without: mine."""
    view = saved_views.create(session=session, data=body, actor=actor)
    return saved_views.public(session=session, view=view, actor=actor)


@router.patch("/{view_id}", response_model=ViewPublic)
def update_view(
    view_id: RowId, body: ViewUpdate, actor: CurrentActor, session: SessionDep
) -> ViewPublic:
    view = saved_views.update(session=session, view_id=view_id, data=body, actor=actor)
    return saved_views.public(session=session, view=view, actor=actor)


@router.delete("/{view_id}", status_code=204)
def delete_view(view_id: RowId, actor: CurrentActor, session: SessionDep) -> Response:
    saved_views.delete(session=session, view_id=view_id, actor=actor)
    return Response(status_code=204)
