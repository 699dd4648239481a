"""Request-scoped dependencies: the database session and the authenticated actor."""

from __future__ import annotations

from collections.abc import AsyncIterator
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


async def get_db(request: Request) -> AsyncIterator[Session]:
    # Async so that opening it costs no trip to the thread pool: a Session does no I/O until
    # the route (in the pool) uses it. Closing does I/O only if a transaction is still open.
    session = unit_of_work.session_for(request, request.app.state.sessions())
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(get_db)]


def client_addr(request: Request) -> str:
    return request.client.host if request.client else ""


async def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "send 'Authorization: Bearer <token>'; log in to get one", code="missing_token"
        )
    return token.strip()


TokenDep = Annotated[str, Depends(bearer_token)]


async def any_actor(request: Request, session: SessionDep, token: TokenDep) -> Actor:
    """Whoever the token names: a person's session or a service account's API key."""
    cache = request.app.state.token_cache
    source = client_addr(request)
    hit = cache.get(auth.token_digest(token), source)
    if hit is not None:  # the common case: no database, no thread
        return hit
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

    async def dependency(actor: AnyActor) -> Actor:
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
