"""Request-scoped dependencies: the database session and the authenticated actor."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AfterValidator
from sqlalchemy.orm import Session

from ticketdesk.common.enums import Role, Scope

from ..services import auth
from ..services.actors import Actor
from ..services.errors import Forbidden, Invalid, Unauthorized
from . import unit_of_work


async def get_db(request: Request) -> Session:
    # Async so that opening it costs no trip to the thread pool: a Session does no I/O until
    # the route (in the pool) uses it. Closed when the request's unit of work ends (the
    # attempt's exit stack, unit_of_work.retrying), as a ``yield`` dependency would be —
    # without FastAPI's machinery for those (a context manager and a cancel scope entered
    # on every request, ~40 µs of the event loop's time). One session per attempt: the
    # actor's dependency may have opened it already (``any_actor``, on a token cache miss).
    session = unit_of_work.current_session(request)
    if session is None:
        session = unit_of_work.session_for(request, request.app.state.sessions())
        request.scope["fastapi_inner_astack"].push_async_callback(_close, session)
    return session


async def _close(session: Session) -> None:
    # Closing does I/O only if a transaction is still open (a route that failed).
    if session.in_transaction():
        await run_in_threadpool(session.close)
    else:
        session.close()


SessionDep = Annotated[Session, Depends(get_db)]


def client_addr(request: Request) -> str:
    return request.client.host if request.client else ""


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "send 'Authorization: Bearer <token>'; log in to get one", code="missing_token"
        )
    return token.strip()


async def bearer_token(request: Request) -> str:
    return _bearer(request)


TokenDep = Annotated[str, Depends(bearer_token)]


async def any_actor(request: Request) -> Actor:
    """Whoever the token names: a person's session or a service account's API key.

    The token is read here rather than through ``TokenDep``, the session opened only on a
    cache miss, and ``scoped`` calls this directly: each ``Depends`` costs FastAPI's
    dependency solving a round of its own (~15 µs) on every request, cached or not, and
    these run on every request there is."""
    token = _bearer(request)
    cache = request.app.state.token_cache
    source = client_addr(request)
    hit = cache.get(auth.token_digest(token), source)
    if hit is not None:  # the common case: no database, no thread
        return hit
    session = await get_db(request)
    return await run_in_threadpool(
        unit_of_work.released, session,
        partial(auth.authenticate, session=session, token=token, source=source, cache=cache),
    )


AnyActor = Annotated[Actor, Depends(any_actor)]


async def current_actor(actor: AnyActor) -> Actor:
    # Closed to API keys unless a route says which scope opens it (``scoped``): a key can do
    # exactly what its scopes allow, and a route added later is closed to keys by default.
    if actor.is_key:
        raise Forbidden("API keys may not use this route", code="api_key_not_allowed")
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def _require_supervisor(actor: Actor) -> None:
    if not actor.supervises:
        raise Forbidden("only supervisors and admins may do this", code="role_required")


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise Forbidden("only admins may do this", code="role_required")


async def _supervisor(actor: CurrentActor) -> Actor:
    _require_supervisor(actor)
    return actor


async def _admin(actor: CurrentActor) -> Actor:
    _require_admin(actor)
    return actor


SupervisorActor = Annotated[Actor, Depends(_supervisor)]
AdminActor = Annotated[Actor, Depends(_admin)]


def scoped(*scopes: Scope, users: str = "any") -> Any:
    """A route open to people (``users``: "any", "supervisor" or "admin") and to API keys
    holding any of ``scopes``: ``actor: Annotated[Actor, scoped(Scope.TICKETS_READ)]``."""
    wanted = frozenset(scopes)
    person_check = {"any": None, "supervisor": _require_supervisor,
                    "admin": _require_admin}[users]

    async def dependency(request: Request) -> Actor:
        actor = await any_actor(request)
        if actor.scopes is None:
            if person_check is not None:
                person_check(actor)
        elif actor.scopes.isdisjoint(wanted):
            names = " or ".join(sorted(wanted))
            raise Forbidden(f"this API key lacks the scope {names}", code="scope_required",
                            details={"scopes": sorted(wanted)})
        return actor

    return Depends(dependency)


TicketsReader = Annotated[Actor, scoped(Scope.TICKETS_READ)]
TicketsWriter = Annotated[Actor, scoped(Scope.TICKETS_WRITE)]
ReferenceReader = Annotated[Actor, scoped(Scope.TICKETS_READ, Scope.TICKETS_WRITE)]
"""Groups and ticket types: what a key needs to know to create or read tickets."""
OrdersWriter = Annotated[Actor, scoped(Scope.ORDERS_WRITE, users="supervisor")]
EventsReader = Annotated[Actor, scoped(Scope.EVENTS_READ, users="supervisor")]
WebhooksAdmin = Annotated[Actor, scoped(Scope.WEBHOOKS_ADMIN, users="admin")]


def _instant(value: datetime) -> datetime:
    # PostgreSQL refuses offsets past ±15:59 (a 500 before) and Python's conversion overflows
    # at the ends of the calendar: both are bad input. Aware values go on as UTC; naive ones
    # are left for the route to refuse with its own message.
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("out of the range of dates") from exc


QueryInstant = Annotated[datetime, AfterValidator(_instant)]
"""A moment in a query parameter (``created_from``, ``from``), as UTC."""

TicketId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Ticket number")]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def require_offsets(**moments: datetime | None) -> None:
    """Date filters must say their timezone (UTC is stored): 422 naming the first that
    does not."""
    for name, value in moments.items():
        if value is not None and value.tzinfo is None:
            raise Invalid(
                f"{name} needs a timezone offset, e.g. 2026-01-31T00:00:00Z",
                code="invalid_filter",
                details={"field": name},
            )
