"""The FastAPI application: routes under /api/v1, the live hub and LAN discovery in its lifespan."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI

from ticketdesk.common import API_VERSION
from ticketdesk.common.models import ErrorResponse

from .. import tls
from ..discovery.advertise import Advertiser
from ..dispatch.loop import Dispatcher
from ..live.hub import Hub
from ..live.token_batch import TokenBatcher
from ..metrics import Metrics, RequestMetrics
from ..public_url import application_name, public_url
from ..services import passwords, phones, throttle
from ..services.order_pull import OrderPuller
from ..services.reference import ReferenceCache
from ..services.token_cache import TokenCache
from ..services.webhooks.queue import Policy as WebhookPolicy
from ..settings import Settings
from ..store.database import make_engine, make_sessionmaker
from ..webhooks.loop import Deliverer
from . import errors, openapi_examples, route_table, unit_of_work
from .body_limit import BodyLimit
from .routes import (
    api_keys,
    attachments,
    auth,
    events,
    exports,
    groups,
    health,
    kpis,
    live,
    lookup,
    orders,
    quick_replies,
    routing,
    ticket_types,
    tickets,
    users,
    views,
    webhooks,
)
from .strict_input import StrictInput

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "The body is not JSON, or the request is not valid HTTP/1.1.",
        401: "No, unknown, expired or revoked token; or a failed login.",
        403: "The caller's role or relation to the ticket does not allow it.",
        404: "No such object, or a ticket the caller may not see.",
        409: "The object's current state does not allow it.",
        413: "The body is larger than the limit.",
        431: "The request line and headers together are larger than 16 KiB.",
        422: "Well-formed, but the content is refused (each problem in details).",
        429: "Too many failed logins: locked for a while (see Retry-After).",
        503: "The database is unreachable right now; retry (see Retry-After).",
    }.items()
}
"""Every route may answer with these, always in the one error shape."""


def create_app(
    settings: Settings, database_url: str, on_shutdown: Callable[[], None] | None = None
) -> FastAPI:
    """Build the app for a database that is already migrated."""
    passwords.use_profile(settings.password_profile)
    phones.use_region(settings.phone_region)
    # A connection for every request thread, plus a few for the others: a dispatch round
    # holds two (its session and the ticket reads), and the hub's and WebSocket-auth reads
    # run in asyncio's default executor, outside the request-thread limit. At a peak these
    # can outnumber the spare connections, and then a request waits for one (the pool's
    # overflow opens more, see store/database.py).
    url = public_url(settings, tls=settings.tls_cert is not None)
    engine = make_engine(
        database_url, pool_size=settings.request_threads + 4,
        application_name=application_name(url), guard_event_loop=True,
    )
    sessions = make_sessionmaker(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Requests beyond this many wait their turn in the event loop instead of crowding the
        # GIL and the database; the live feed's pushes stay prompt under load.
        to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        # Password checks (logins) on threads of their own, one per core (see routes/auth.py).
        app.state.password_checks = CapacityLimiter(passwords.checks_at_once())
        dispatcher = None
        if settings.dispatch:
            dispatcher = Dispatcher(
                sessions,
                tick_seconds=settings.dispatch_tick_seconds,
                grace_seconds=settings.presence_grace_seconds,
            )
        deliverer = None
        if settings.webhooks:
            deliverer = Deliverer(
                sessions,
                policy=webhook_policy(settings),
                concurrency=settings.webhook_concurrency,
                poll_seconds=settings.webhook_poll_seconds,
                allowed_networks=settings.webhook_allowed_networks,
                keep_delivered_days=settings.webhook_keep_delivered_days,
            )
        hub = Hub(
            engine=engine,
            session_factory=sessions,
            queue_size=settings.live_queue_size,
            poll_seconds=settings.live_poll_seconds,
            replay_limit=settings.live_replay_limit,
            replay_batch=settings.live_replay_batch,
            heartbeat_seconds=_heartbeat(settings.presence_grace_seconds),
            also_wake=dispatcher.wake if dispatcher else None,
            wake_on_every_event=deliverer.wake if deliverer else None,
            observe=lambda kind, data: (token_cache.observe(kind, data), refs.observe(kind, data)),
        )
        await hub.start()
        app.state.hub = hub
        app.state.dispatcher = dispatcher
        app.state.deliverer = deliverer
        if dispatcher:
            dispatcher.start()
        if deliverer:
            deliverer.start()
        advertiser = None
        if settings.discovery:
            advertiser = Advertiser(
                name=settings.server_name,
                host=settings.host,
                port=settings.port,
                interfaces=settings.discovery_interfaces,
                tls_pin=tls.check_pair(settings.tls_cert, settings.tls_key),
            )
            await advertiser.start()
        _build_routes(app)
        route_table.install(app)
        # What start-up built (the app, the mappers, the schemas) lives as long as the process:
        # frozen out of the collector, a full collection no longer walks it — ~100 ms with
        # every request held up, every few seconds under load, before this.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if advertiser:
                await advertiser.stop()
            if dispatcher:
                await asyncio.to_thread(dispatcher.stop)
            if deliverer:
                await asyncio.to_thread(deliverer.stop)
            await hub.stop()
            if puller is not None:
                puller.close()
            engine.dispose()
            if on_shutdown is not None:
                on_shutdown()

    app = FastAPI(
        title="TicketDesk API",
        version=API_VERSION,
        summary="Tickets addressed to groups, assigned by the server, every step recorded.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
        # An id ending in an encoded slash (/tickets/1%2F) answered an undocumented 307 to a
        # path the client never asked for (make fuzz): paths are exact, the rest is a 404.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.token_cache = token_cache = TokenCache()
    app.state.refs = refs = ReferenceCache()
    app.state.export_slots = exports.ExportSlots()
    app.state.uploads = attachments.Uploads(
        sessions,
        at_once=settings.attachment_uploads_at_once,
        limit=settings.attachment_max_bytes,
        allowed=settings.attachment_types,
    )
    app.state.order_puller = puller = OrderPuller(
        url_template=settings.order_pull_url,
        token=settings.order_pull_token,
        timeout_seconds=settings.order_pull_timeout_seconds,
        attempts=settings.order_pull_attempts,
        ttl_seconds=settings.order_pull_ttl_seconds,
        sessions=sessions,
    ) if settings.order_pull_url else None
    app.state.login_policy = throttle.Policy(
        max_delay_seconds=settings.login_max_delay_seconds,
        lock_username_after=settings.login_lock_after,
        lock_address_after=settings.login_lock_after * 3,
    )
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.token_batcher = token_batcher = TokenBatcher(sessions)
    app.state.metrics = metrics = Metrics(
        sessions=sessions,
        engine=engine,
        live_clients=lambda: app.state.hub.subscriber_count,
        events_pushed=lambda: app.state.hub.delivered,
        replay_buffered=lambda: (app.state.hub.replay_buffered, app.state.hub.replay_buffered_peak),
        replay_read=lambda: app.state.hub.replay_cache.reads,
        live_auth=lambda: (token_batcher.batches, token_batcher.tokens),
        live_resume=lambda: (app.state.hub.resumes.batches, app.state.hub.resumes.clients),
        live_timings=lambda: app.state.hub.timings,
    )
    errors.install(app)
    app.add_middleware(StrictInput)  # added first: runs inside BodyLimit, on a bounded body
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestMetrics, metrics=metrics)  # outermost: counts refusals too

    # The live WebSocket first: FastAPI tries the routes in order, each try a few
    # microseconds, and a restart has a thousand handshakes arriving at once — behind the
    # ~40 routes before it they spent ~0.3 ms each in matching alone. No other route shares
    # its path, and a WebSocket route is not in the OpenAPI document, so nothing else moves.
    # (exports before tickets: /tickets/export is not /tickets/{id})
    # Each router is included in the app itself, under the API's prefix, not in an /api/v1
    # router of its own: FastAPI matches a request once for every level of inclusion it
    # passes (and again to handle it), so a level less is matching done once less on every
    # request. The routes, their order and the OpenAPI document are the same.
    for module in (live, auth, users, groups, ticket_types, exports, tickets, attachments,
                   events, orders, kpis, routing, api_keys, webhooks, lookup, quick_replies,
                   views):
        app.include_router(module.router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    app.include_router(health.router)
    unit_of_work.install(app)
    openapi_examples.install(app)
    return app


def _build_routes(app: FastAPI) -> None:
    """Have FastAPI build what it builds on a route's first match (every route's
    dependencies and field models: ~0.3 s here, more under load) now, before the port
    opens, rather than in the event loop on the first request after a restart, with a
    thousand live clients reconnecting. A path no route has, tried against every route,
    makes it build them all."""
    for kind in ("http", "websocket"):
        scope = {"type": kind, "path": f"{API_PREFIX}/\x00", "root_path": "", "method": "GET",
                 "headers": [], "query_string": b"", "app": app}
        for route in app.router.routes:
            route.matches(scope)


def webhook_policy(settings: Settings) -> WebhookPolicy:
    return WebhookPolicy(
        timeout_seconds=settings.webhook_timeout_seconds,
        base_seconds=settings.webhook_retry_base_seconds,
        max_seconds=settings.webhook_retry_max_seconds,
        budget_seconds=settings.webhook_retry_budget_seconds,
        secret_overlap_hours=settings.webhook_secret_overlap_hours,
    )


def _heartbeat(grace_seconds: float) -> float:
    """Heartbeats well inside the grace period, so a connected agent is never swept."""
    return min(grace_seconds / 3, 10.0) if grace_seconds > 0 else 10.0
