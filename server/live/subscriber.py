"""One connected WebSocket client as the hub sees it: who they are and a bounded queue."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from ticketdesk.common.enums import EventKind, Role

from .cursor import Cursor
from .feed import Item
from .timing import Batch, PushTimings

CLOSE_SESSION_ENDED = 4401
CLOSE_TOO_SLOW = 4408


class Subscriber:
    def __init__(
        self,
        *,
        user_id: int,
        role: Role,
        group_ids: frozenset[int],
        queue_size: int,
        timings: PushTimings | None = None,
        session_id: int | None = None,
        expires_at: datetime | None = None,
        key_id: int | None = None,
    ) -> None:
        self.user_id = user_id
        self.role = role
        self.group_ids = set(group_ids)
        self.session_id = session_id
        self.key_id = key_id
        """The API key it connected with, if any: its revocation closes the connection."""
        self.expires_at = expires_at
        self.queue: asyncio.Queue[tuple[Item, Batch | None]] = asyncio.Queue(maxsize=queue_size)
        self._timings = timings
        self.last_sent: Cursor | None = None
        self.dropped = False
        """True when the connection must close: see ``close_code`` and ``close_reason``."""
        self.close_code = CLOSE_TOO_SLOW
        self.close_reason = ""
        self.sender: asyncio.Task[None] | None = None
        """The task writing to this client; cancelled when it is dropped (it may be stuck)."""

    def drop(self, code: int, reason: str) -> None:
        if not self.dropped:
            self.close_code, self.close_reason = code, reason
            self.dropped = True
            if self.sender is not None:
                self.sender.cancel()

    def may_see(self, item: Item) -> bool:
        if self.role.supervises or item.public:
            return True
        return self.user_id in item.audience_users or not self.group_ids.isdisjoint(
            item.audience_groups
        )

    def offer(self, item: Item, batch: Batch | None = None) -> None:
        """Called by the hub, in order, for every event this client may see; never blocks.
        ``batch``: when its batch was notified and offered, for the push's timings."""
        if self.dropped:
            return
        try:
            self.queue.put_nowait((item, batch))
        except asyncio.QueueFull:
            # A client that does not read must not hold up anyone else: drop it; it resumes
            # from its cursor when it reconnects.
            self.drop(CLOSE_TOO_SLOW, "too slow; reconnect and resume")

    async def pump(self, send: Callable[[str], Awaitable[None]]) -> None:
        """Send the offered events, in order, for as long as the connection lasts (after the
        backlog, which ``last_sent`` marks the end of)."""
        while True:
            item, batch = await self.queue.get()
            if self.last_sent is not None and item.cursor <= self.last_sent:
                continue  # already sent in the backlog
            text = item.message_for(self.role.supervises)
            assert text is not None  # encoded: this client was listening
            await send(text)
            self.last_sent = item.cursor
            if batch is not None and self._timings is not None:
                self._timings.sent(batch)

    def follow(self, item: Item) -> bool:
        """Keep up with an event about this user: their groups, role, and the end of their
        session. Returns whether what they may see changed."""
        if item.data.get("user_id") != self.user_id:
            return False
        before = (self.role, frozenset(self.group_ids))
        changes = item.data.get("changes", {})
        if item.kind is EventKind.LOGGED_OUT and item.data.get("session_id") == self.session_id:
            self.drop(CLOSE_SESSION_ENDED, "logged_out")
        elif (item.kind is EventKind.API_KEY_REVOKED and self.key_id is not None
              and item.data.get("key_id") == self.key_id):
            self.drop(CLOSE_SESSION_ENDED, "api_key_revoked")
        elif item.kind is EventKind.USER_UPDATED and changes.get("active", {}).get("to") is False:
            self.drop(CLOSE_SESSION_ENDED, "deactivated")
        elif item.kind is EventKind.USER_UPDATED and "password" in changes:
            self.drop(CLOSE_SESSION_ENDED, "password_changed")
        if item.kind is EventKind.MEMBER_SET:
            self.group_ids.add(item.data["group_id"])
        elif item.kind is EventKind.MEMBER_REMOVED:
            self.group_ids.discard(item.data["group_id"])
        elif item.kind is EventKind.USER_UPDATED:
            role = item.data.get("changes", {}).get("role")
            if role:
                self.role = Role(role["to"])
        return (self.role, frozenset(self.group_ids)) != before
