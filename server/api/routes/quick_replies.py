"""Quick replies: the caller's own and their groups' (admins keep the groups' ones)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ticketdesk.common.models import QuickReplyCreate, QuickReplyPublic, QuickReplyUpdate

from ...services import quick_replies
from ..deps import CurrentActor, RowId, SessionDep
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/quick-replies", tags=["quick replies"], route_class=UnitOfWorkRoute)


@router.get("", response_model=list[QuickReplyPublic])
def list_replies(actor: CurrentActor, session: SessionDep) -> list[QuickReplyPublic]:
    """Mine and my groups' (an admin: every group's), by name."""
    return [quick_replies.public(r) for r in quick_replies.list_for(session=session, actor=actor)]


@router.post(
    "",
    response_model=QuickReplyPublic,
    status_code=201,
)
def create_reply(
    body: QuickReplyCreate, actor: CurrentActor, session: SessionDep
) -> QuickReplyPublic:
    """With ``group_id``: a group's (admins only); without: the caller's own."""
    reply = quick_replies.create(session=session, data=body, actor=actor)
    return quick_replies.public(reply)


@router.patch("/{reply_id}", response_model=QuickReplyPublic)
def update_reply(
    reply_id: RowId, body: QuickReplyUpdate, actor: CurrentActor, session: SessionDep
) -> QuickReplyPublic:
    reply = quick_replies.update(session=session, reply_id=reply_id, data=body, actor=actor)
    return quick_replies.public(reply)


@router.delete("/{reply_id}", status_code=204)
def delete_reply(reply_id: RowId, actor: CurrentActor, session: SessionDep) -> Response:
    quick_replies.delete(session=session, reply_id=reply_id, actor=actor)
    return Response(status_code=204)
