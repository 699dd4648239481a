"""Request-scoped dependencies: the database session and the authenticated actor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from ticketdesk.common.enums import Role

from ..services import auth
from ..services.actors import Actor
from ..services.errors import Forbidden, Unauthorized


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def client_addr(request: Request) -> str:
    return request.client.host if request.client else ""


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "send 'Authorization: Bearer <token>'; log in to get one", code="missing_token"
        )
    return token.strip()


TokenDep = Annotated[str, Depends(bearer_token)]


def current_actor(request: Request, session: SessionDep, token: TokenDep) -> Actor:
    return auth.authenticate(session=session, token=token, source=client_addr(request),
                             cache=request.app.state.token_cache)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def _supervisor(actor: CurrentActor) -> Actor:
    if not actor.supervises:
        raise Forbidden("only supervisors and admins may do this", code="role_required")
    return actor


def _admin(actor: CurrentActor) -> Actor:
    if actor.role is not Role.ADMIN:
        raise Forbidden("only admins may do this", code="role_required")
    return actor


SupervisorActor = Annotated[Actor, Depends(_supervisor)]
AdminActor = Annotated[Actor, Depends(_admin)]


TicketId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Ticket number")]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
