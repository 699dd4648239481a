"""``WS /api/v1/live``: the events a user may see, resumable from a cursor.

Protocol: connect with ``Authorization: Bearer <token>`` and optionally ``?cursor=<c>``.
The server sends ``hello`` (with the cursor the stream starts after), then the backlog
after the client's cursor, then live events; or ``reset`` when the backlog is too long,
after which the client reloads over HTTP and continues from the reset's cursor.
Close codes: 4401 bad token or session ended (log in again; for an API key: revoked or
expired), 4403 an API key without ``events:read``, 4408 too slow (reconnect and resume),
4400 bad cursor, 1008 flooding the socket, 1009 a frame over 64 KiB.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from ticketdesk.common.enums import Role, Scope
from ticketdesk.common.models import LiveMessage

from ...live.cursor import Cursor
from ...live.hub import Hub
from ...live.subscriber import Subscriber
from ...live.token_batch import TokenBatcher
from ...services.actors import Actor
from ...services.errors import Unauthorized
from ..unit_of_work import UnitOfWorkRoute

log = logging.getLogger(__name__)
router = APIRouter(tags=["live"], route_class=UnitOfWorkRoute)

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_BAD_CURSOR = 4400
CLOSE_POLICY = 1008
FLOOD_WINDOW_SECONDS = 10.0
FLOOD_MAX_MESSAGES = 20


async def _authenticate(ws: WebSocket) -> Actor:
    scheme, _, token = ws.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("missing bearer token")
    source = ws.client.host if ws.client else ""
    # Gathered with the other handshakes of the moment into one query (a restart's storm).
    batcher: TokenBatcher = ws.app.state.token_batcher
    return await batcher.authenticate(token.strip(), source)


@router.websocket("/live")
async def live(ws: WebSocket) -> None:
    await ws.accept()
    try:
        actor = await _authenticate(ws)
    except Unauthorized as exc:
        await ws.close(code=CLOSE_UNAUTHORIZED, reason=exc.code)  # e.g. logged_out, expired
        return
    if actor.scopes is not None and Scope.EVENTS_READ not in actor.scopes:
        await ws.close(code=CLOSE_FORBIDDEN, reason="scope_required")
        return
    after: Cursor | None = None
    if "cursor" in ws.query_params:
        try:
            after = Cursor.parse(ws.query_params["cursor"])
        except ValueError:
            await ws.close(code=CLOSE_BAD_CURSOR, reason="malformed cursor")
            return

    hub: Hub = ws.app.state.hub
    assert actor.user_id is not None
    sub, start = hub.subscribe(
        user_id=actor.user_id,
        # A key with events:read follows the whole record, as a supervisor's board does.
        role=Role.SUPERVISOR if actor.is_key else actor.role,
        group_ids=actor.group_ids,
        session_id=actor.session_id,
        expires_at=actor.session_expires_at,
        key_id=actor.key_id,
    )
    try:
        # The backlog is sent by the same task as the live events that follow it, so a
        # client that stops reading mid-backlog is dropped like any other (its task is
        # cancelled), and the hub's queue collects the live events meanwhile.
        sub.sender = asyncio.create_task(_send(ws, sub, hub, after, start))
        receiver = asyncio.create_task(_receive(ws, sub))
        tasks = {sub.sender, receiver}
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                log.debug("live connection ended: %r", task.exception())
        if sub.dropped:
            log.info("closing live client of user %s: %s", sub.user_id, sub.close_reason)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(code=sub.close_code, reason=sub.close_reason), 1)
    except WebSocketDisconnect:
        pass
    finally:
        hub.unsubscribe(sub)
        if ws.application_state is WebSocketState.CONNECTED and not sub.dropped:
            with contextlib.suppress(Exception):
                await ws.close()


async def _send(
    ws: WebSocket, sub: Subscriber, hub: Hub, after: Cursor | None, start: Cursor
) -> None:
    await _send_backlog(ws, sub, hub, after, start)
    await sub.pump(ws.send_text)


async def _reset(ws: WebSocket, sub: Subscriber, start: Cursor) -> None:
    """Tell the client to reload over HTTP and follow live events from ``start``."""
    sub.last_sent = start
    await ws.send_text(LiveMessage(type="reset", cursor=str(start)).model_dump_json())


async def _send_backlog(
    ws: WebSocket, sub: Subscriber, hub: Hub, after: Cursor | None, start: Cursor
) -> None:
    """``hello`` and the events in (after, start] this client may see, one bounded batch at
    a time (each read only once the previous one is sent); or ``reset`` when too many, or
    when the cursor is of another database (a backup restored elsewhere since)."""
    if after is not None and after > start and await hub.from_elsewhere(after):
        await _reset(ws, sub, start)
        return
    if after is None or after >= start:
        sub.last_sent = max(after, start) if after is not None else start
        await ws.send_text(LiveMessage(type="hello", cursor=str(sub.last_sent)).model_dump_json())
        return
    backlog = await hub.resume(sub, after, start)
    if backlog is None:  # too long to replay
        await _reset(ws, sub, start)
        return
    await ws.send_text(LiveMessage(type="hello", cursor=str(after)).model_dump_json())
    sub.last_sent = after
    async with contextlib.aclosing(backlog) as batches:
        async for batch in batches:
            for item in batch:
                # backlogs are always encoded
                await ws.send_text(item.message_for(sub.role.supervises) or "")
                sub.last_sent = item.cursor
    sub.last_sent = start  # nothing else up to ``start`` is for this client


async def _receive(ws: WebSocket, sub: Subscriber) -> None:
    # Clients have nothing to say on this socket (pings are protocol frames, answered below
    # us); reading keeps the close handshake flowing. A client that floods it is cut off.
    window_start, count = time.monotonic(), 0
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        now = time.monotonic()
        if now - window_start > FLOOD_WINDOW_SECONDS:
            window_start, count = now, 0
        count += 1
        if count > FLOOD_MAX_MESSAGES:
            sub.drop(CLOSE_POLICY, "too many messages")
            return
