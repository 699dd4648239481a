"""Logging in and out, and the server's identity."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from ticketdesk.common import API_VERSION
from ticketdesk.common.models import LoginRequest, LoginResponse, ServerInfo, UserPublic

from ... import clock
from ...services import auth, peers
from ...services.errors import BadCredentials
from .. import unit_of_work
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
    policy = request.app.state.login_policy
    source = client_addr(request)
    try:
        # Three turns, a pooled connection held only inside the first and the last: the
        # password check between them is ~0.2 s of a core per login (argon2id), and fifty
        # logins at once would otherwise hold every connection while the rest wait for one.
        attempt = await run_in_threadpool(unit_of_work.released, session, partial(
            auth.begin_login, session=session, username=body.username, source=source,
            policy=policy))
        # On threads of its own, as many at once as there are cores (more only share them
        # and take 64 MiB each): the logins of a burst queue here, in the event loop, and
        # leave the request threads to everyone else's requests meanwhile.
        check = await to_thread.run_sync(
            auth.check_password, attempt, body.password,
            limiter=request.app.state.password_checks)
        return await run_in_threadpool(unit_of_work.finished, session, partial(
            _open, request, session=session, attempt=attempt, check=check,
            hours=request.app.state.settings.session_hours, source=source, policy=policy))
    except BadCredentials as error:
        # Held back here, not in a worker thread: a password-guessing client must not be
        # able to tie up the threads every other request needs.
        await asyncio.sleep(error.answer_after)
        raise


def _open(request: Request, **kwargs: Any) -> LoginResponse:
    """The answer is made on the request thread, in the transaction: reading the user for it
    loads what was not loaded yet (their supervisions), and a load on the event loop would
    stop every request of the server until a pooled connection came free — the 30 s
    freeze of fifty logins at once."""
    token, login_session, user = auth.complete_login(**kwargs)
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
