"""API keys of service accounts (admins): made, listed, rotated, revoked. A key is shown once."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ticketdesk.common.models import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic

from ...services import api_keys
from ..deps import AdminActor, RowId, SessionDep
from ..unit_of_work import UnitOfWorkRoute

router = APIRouter(prefix="/api-keys", tags=["api keys"], route_class=UnitOfWorkRoute)


def _created(token: str, key) -> ApiKeyCreated:
    return ApiKeyCreated(**api_keys.public(key).model_dump(), key=token)


@router.get("", response_model=list[ApiKeyPublic])
def list_keys(actor: AdminActor, session: SessionDep) -> list[ApiKeyPublic]:
    """Every key, revoked and expired ones too; never the keys themselves."""
    return [api_keys.public(k) for k in api_keys.list_keys(session=session)]


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=201,
)
def create_key(body: ApiKeyCreate, actor: AdminActor, session: SessionDep) -> ApiKeyCreated:
    """A key for a service account (made when the name is new). The response holds the key:
    it is shown this once and stored only as a hash."""
    token, key = api_keys.create_key(session=session, data=body, actor=actor)
    session.commit()
    return _created(token, key)


@router.post("/{key_id}/rotate", response_model=ApiKeyCreated, status_code=201)
def rotate_key(key_id: RowId, actor: AdminActor, session: SessionDep,
               request: Request) -> ApiKeyCreated:
    """A new key with the same account, name, scopes and expiry; the old one stops at once."""
    token, key = api_keys.rotate_key(session=session, key_id=key_id, actor=actor)
    session.commit()
    request.app.state.token_cache.forget_key(key_id)  # other processes: from the record
    return _created(token, key)


@router.delete("/{key_id}", status_code=204)
def revoke_key(key_id: RowId, actor: AdminActor, session: SessionDep,
               request: Request) -> Response:
    """Revoke at once: its requests fail from now on and its live connections close."""
    api_keys.revoke_key(session=session, key_id=key_id, actor=actor)
    session.commit()
    request.app.state.token_cache.forget_key(key_id)
    return Response(status_code=204)
