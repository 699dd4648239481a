"""Each request is one unit of work: one transaction, owned here — the route and the services
it calls only flush; when the route has its answer, the transaction commits (a failed commit
is the request's error, and nothing of it is answered as done). It is run again, a bounded
number of times, when PostgreSQL rolled it back for a reason that running again resolves.

- Deadlock (40P01) and serialization failure (40001): PostgreSQL chose this transaction as
  the victim; the same work a moment later succeeds. Up to ``ATTEMPTS`` runs.
- ``RunAgain`` from the domain: what it read moved under it (a ticket changed group between
  being read and locked); a fresh run takes the locks in order.
- Unique violation (23505): two requests created the same name at the same moment and this
  one lost. Run once more, the check-then-insert code sees the winner's row and answers as
  for any taken name (409) — or, for an upsert (``PUT /orders/{no}``, a membership), updates
  it (200). Never a 500.

A run is only repeated when nothing of it was committed (every commit of the request's
session is noted), and with a fresh session: the failed one is closed first, so a request
never holds two connections. Whatever still fails leaves through the error handlers
(``errors.py``), which answer 409 for these codes."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack
from typing import Any, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from ..services.errors import RunAgain
from .ascii_ints import guarded
from .strict_input import hand_over

log = logging.getLogger(__name__)

DEADLOCK = "40P01"
SERIALIZATION_FAILURE = "40001"
UNIQUE_VIOLATION = "23505"
ROLLED_BACK = frozenset({DEADLOCK, SERIALIZATION_FAILURE})
RUN_AGAIN = "run_again"

ATTEMPTS = 4
"""Runs of one request at most when PostgreSQL keeps choosing it as a deadlock's victim."""
UNIQUE_ATTEMPTS = 2
"""A lost race on a unique name needs one more run to see the winner."""
BACKOFF_SECONDS = 0.02

COMMITTED = "ticketdesk.committed"
STATE_SESSION = "db_session"
AFTER_COMMIT = "ticketdesk.after_commit"

T = TypeVar("T")


def pgcode(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "orig", None), "pgcode", None) if isinstance(
        exc, DBAPIError) else None


def _attempts_for(code: str | None) -> int:
    if code in ROLLED_BACK or code == RUN_AGAIN:
        return ATTEMPTS
    if code == UNIQUE_VIOLATION:
        return UNIQUE_ATTEMPTS
    return 1


def note_commits(sessions: sessionmaker[Session]) -> None:
    """Mark every session of ``sessions`` that committed: its work must not be run twice."""

    @event.listens_for(sessions, "after_commit")
    def _committed(session: Session) -> None:
        session.info[COMMITTED] = True


def finish(session: Session) -> None:
    """Commit what the route did (a read-only request ends its transaction just the same),
    then run what it asked to happen once committed."""
    if session.in_transaction():
        session.commit()
    for action in session.info.pop(AFTER_COMMIT, ()):
        action()


async def _commit(request: Request) -> None:
    """For a route that did not finish its own unit of work (an ``async def`` route)."""
    session: Session | None = getattr(request.state, STATE_SESSION, None)
    if session is not None and (session.in_transaction() or session.info.get(AFTER_COMMIT)):
        await run_in_threadpool(finish, session)


def after_commit(session: Session, action: Callable[[], object]) -> None:
    """Run ``action`` once this unit of work has committed — and never if it does not:
    forgetting a cached login or reference before the commit would let a concurrent request
    cache the old row again."""
    session.info.setdefault(AFTER_COMMIT, []).append(action)


def released(session: Session, work: Callable[[], T]) -> T:
    """Run ``work`` (reads only) and give the connection back before this thread does
    anything else, whether it answered or raised: a request never waits for its next turn
    on a request thread, nor for CPU work (a password check), with a pooled connection
    checked out. Held, twenty-five such requests empty the pool while the request threads
    wait in it for a connection, and nothing moves until the pool's timeout (a burst of 50
    logins: 30 s, then 503s). What ``work`` read is answered from a transaction that ended,
    exactly as a cached read is."""
    try:
        return work()
    finally:
        if session.in_transaction():
            session.rollback()


def finished(session: Session, work: Callable[[], T]) -> T:
    """Run ``work`` and commit (:func:`finish`) in the same turn on the thread, for an
    ``async def`` route; on an error the connection goes back to the pool in that turn too."""
    try:
        result = work()
        finish(session)
        return result
    except BaseException:
        session.rollback()
        raise


def _finishing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A ``def`` route, committing in its own thread as soon as it returns — before FastAPI
    serialises the answer, which takes a request thread again: when every request thread is
    held by requests waiting on the locks this transaction holds (twenty creates of one
    name), committing only afterwards would leave them all waiting out their lock timeout.
    A route that raises rolls back in its thread as well, for the same reason (and the
    reason of :func:`released`): its connection is not held until a thread is free to
    close the session."""

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        sessions = [value for value in kwargs.values() if isinstance(value, Session)]
        try:
            result = endpoint(*args, **kwargs)
            for session in sessions:
                finish(session)
        except BaseException:
            for session in sessions:
                session.rollback()
            raise
        return result

    return run


def _committed(request: Request) -> bool:
    session = getattr(request.state, STATE_SESSION, None)
    return bool(session is not None and session.info.get(COMMITTED))


def retrying(
    handler: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def run(request: Request) -> Response:
        hand_over(request)  # the body as StrictInput parsed it: FastAPI need not parse it again
        scope = request.scope
        outer = scope["fastapi_inner_astack"]
        attempt = 0
        while True:
            attempt += 1
            # The attempt's dependencies (its session) live in a stack of their own, closed
            # at once if the attempt fails and is repeated, else when the response is sent.
            stack = AsyncExitStack()
            scope["fastapi_inner_astack"] = stack
            setattr(request.state, STATE_SESSION, None)
            try:
                response = await handler(request)
                await _commit(request)
            except (DBAPIError, RunAgain) as exc:
                code = RUN_AGAIN if isinstance(exc, RunAgain) else pgcode(exc)
                # The dependencies see the error as they would have (get_db closes, rolls back).
                await stack.__aexit__(type(exc), exc, exc.__traceback__)
                if attempt >= _attempts_for(code) or _committed(request):
                    scope["fastapi_inner_astack"] = outer
                    raise
                log.info("retrying %s %s after %s (attempt %d)", request.method,
                         request.url.path, code, attempt)
                await asyncio.sleep(BACKOFF_SECONDS * attempt * (1 + random.random()))
                continue
            except BaseException as exc:
                await stack.__aexit__(type(exc), exc, exc.__traceback__)
                scope["fastapi_inner_astack"] = outer
                raise
            scope["fastapi_inner_astack"] = outer
            await outer.enter_async_context(stack)
            return response

    return run


class UnitOfWorkRoute(APIRoute):
    """The route class of every router (``APIRouter(route_class=UnitOfWorkRoute)``; a test
    checks that no route of the app is without it). Its integer path and query parameters
    are ASCII digits only (``ascii_ints``) and a query parameter it does not declare is
    refused (``known_params``), checked before any attempt."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _finishing(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return guarded(self.dependant, retrying(super().get_route_handler()))


def install(app: FastAPI) -> None:
    note_commits(app.state.sessions)


def current_session(request: Request) -> Session | None:
    """The session this attempt opened already, if any."""
    return getattr(request.state, STATE_SESSION, None)


def session_for(request: Request, session: Session) -> Any:
    """Called by the session dependency: which session this attempt uses."""
    setattr(request.state, STATE_SESSION, session)
    return session
