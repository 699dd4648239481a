"""One connected WebSocket client as the hub sees it: who they are and a bounded queue."""

from __future__ import annotations

import asyncio

from ticketdesk.common.enums import EventKind, Role

from .cursor import Cursor
from .feed import Item


class Subscriber:
    def __init__(
        self,
        *,
        user_id: int,
        role: Role,
        group_ids: frozenset[int],
        queue_size: int,
    ) -> None:
        self.user_id = user_id
        self.role = role
        self.group_ids = set(group_ids)
        self.queue: asyncio.Queue[Item] = asyncio.Queue(maxsize=queue_size)
        self.last_sent: Cursor | None = None
        self.dropped = asyncio.Event()
        """Set when the client fell too far behind; its connection is then closed."""

    def may_see(self, item: Item) -> bool:
        if self.role.supervises or item.public:
            return True
        return self.user_id in item.audience_users or not self.group_ids.isdisjoint(
            item.audience_groups
        )

    def offer(self, item: Item) -> None:
        """Called by the hub for every event, in order; never blocks."""
        self._follow_membership(item)
        if self.dropped.is_set() or not self.may_see(item):
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # A client that does not read must not hold up anyone else: drop it; it resumes
            # from its cursor when it reconnects.
            self.dropped.set()

    def _follow_membership(self, item: Item) -> None:
        if item.data.get("user_id") != self.user_id:
            return
        if item.kind is EventKind.MEMBER_SET:
            self.group_ids.add(item.data["group_id"])
        elif item.kind is EventKind.MEMBER_REMOVED:
            self.group_ids.discard(item.data["group_id"])
        elif item.kind is EventKind.USER_UPDATED:
            role = item.data.get("changes", {}).get("role")
            if role:
                self.role = Role(role["to"])
