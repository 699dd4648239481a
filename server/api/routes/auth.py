"""Logging in and out, and the server's identity."""

from __future__ import annotations

import asyncio
from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from ticketdesk.common import API_VERSION
from ticketdesk.common.models import LoginRequest, LoginResponse, ServerInfo, UserPublic

from ... import clock
from ...services import auth, peers
from ...services.errors import BadCredentials
from ..deps import CurrentActor, SessionDep, TokenDep, client_addr
from ..unit_of_work import UnitOfWorkRoute, after_commit

router = APIRouter(tags=["auth"], route_class=UnitOfWorkRoute)


def server_info(request: Request) -> ServerInfo:
    from importlib.metadata import version

    return ServerInfo(
        name=request.app.state.settings.server_name,
        api_version=API_VERSION,
        server_version=version("ticketdesk"),
        time=clock.now(),
        idle_away_minutes=request.app.state.settings.idle_away_minutes,
    )


@router.get("/info", response_model=ServerInfo)
def info(request: Request, session: SessionDep) -> ServerInfo:
    """Who this server is, which API version it speaks, and every server of this
    installation running now (for failover); needs no login."""
    result = server_info(request)
    result.servers = peers.running_servers(session)
    return result


@router.post("/auth/login", response_model=LoginResponse)
async def login(body: LoginRequest, request: Request, session: SessionDep) -> LoginResponse:
    try:
        token, login_session, user = await run_in_threadpool(
            auth.login,
            session=session,
            username=body.username,
            password=body.password,
            hours=request.app.state.settings.session_hours,
            source=client_addr(request),
            policy=request.app.state.login_policy,
        )
    except BadCredentials as error:
        # Held back here, not in a worker thread: a password-guessing client must not be
        # able to tie up the threads every other request needs.
        await asyncio.sleep(error.answer_after)
        raise
    return LoginResponse(
        token=token,
        expires_at=login_session.expires_at,
        user=UserPublic.model_validate(user),
        server=server_info(request),
    )


@router.post("/auth/logout", status_code=204)
def logout(
    actor: CurrentActor, token: TokenDep, session: SessionDep, request: Request
) -> Response:
    auth.logout(session=session, token=token, actor=actor)
    if actor.session_id is not None:  # other processes learn it from the record
        after_commit(
            session, partial(request.app.state.token_cache.forget_session, actor.session_id)
        )
    return Response(status_code=204)
