"""Accounts, one's own profile, and presence."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request

from ticketdesk.common.models import PresenceUpdate, UserCreate, UserPublic, UserUpdate

from ...services import users
from ..deps import AdminActor, CurrentActor, RowId, SessionDep
from ..unit_of_work import UnitOfWorkRoute, after_commit

router = APIRouter(tags=["users"], route_class=UnitOfWorkRoute)


@router.get("/me", response_model=UserPublic)
def me(actor: CurrentActor, session: SessionDep) -> UserPublic:
    assert actor.user_id is not None
    return UserPublic.model_validate(users.get_user(session=session, user_id=actor.user_id))


@router.put("/me/presence", response_model=UserPublic)
def set_presence(body: PresenceUpdate, actor: CurrentActor, session: SessionDep) -> UserPublic:
    return UserPublic.model_validate(
        users.set_presence(session=session, actor=actor, presence=body.presence,
                           reason=body.reason.value if body.reason else "")
    )


@router.get("/users", response_model=list[UserPublic])
def list_users(actor: CurrentActor, session: SessionDep) -> list[UserPublic]:
    """The directory of colleagues: every signed-in user may read it (names, roles, presence)."""
    return [UserPublic.model_validate(u) for u in users.list_users(session=session)]


@router.get("/users/{user_id}", response_model=UserPublic)
def get_user(user_id: RowId, actor: CurrentActor, session: SessionDep) -> UserPublic:
    return UserPublic.model_validate(users.get_user(session=session, user_id=user_id))


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, actor: AdminActor, session: SessionDep) -> UserPublic:
    return UserPublic.model_validate(users.create_user(session=session, data=body, actor=actor))


@router.patch("/users/{user_id}", response_model=UserPublic)
def update_user(
    user_id: RowId, body: UserUpdate, actor: AdminActor, session: SessionDep, request: Request
) -> UserPublic:
    user = users.update_user(session=session, user_id=user_id, data=body, actor=actor)
    # Other processes learn it from the record.
    after_commit(session, partial(request.app.state.token_cache.forget_user, user_id))
    return UserPublic.model_validate(user)
