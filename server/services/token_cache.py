"""Recently authenticated bearer tokens, kept for a few seconds so a busy client does not
cost a database round trip per request. Entries are dropped at once when the record says
the session, the API key or the user changed (logout, revocation, deactivation, password,
role or group change),
and never outlive their session or the time-to-live."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from ticketdesk.common.enums import EventKind

from .. import clock
from .actors import Actor

INVALIDATING = frozenset({
    EventKind.LOGGED_OUT, EventKind.USER_UPDATED, EventKind.MEMBER_SET, EventKind.MEMBER_REMOVED,
    EventKind.API_KEY_REVOKED,
})


class TokenCache:
    def __init__(self, ttl_seconds: float = 5.0, max_entries: int = 20_000) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._entries: dict[str, tuple[float, Actor]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str, source: str) -> Actor | None:
        with self._lock:
            entry = self._entries.get(digest)
        if entry is None:
            return None
        stored_at, actor = entry
        if time.monotonic() - stored_at > self._ttl or (
            actor.session_expires_at is not None and actor.session_expires_at <= clock.now()
        ):
            self._drop(lambda d, a: d == digest)
            return None
        return actor if actor.source == source else replace(actor, source=source)

    def put(self, digest: str, actor: Actor) -> None:
        with self._lock:
            if len(self._entries) >= self._max:
                self._entries.clear()  # crude but bounded; refilled from the database
            self._entries[digest] = (time.monotonic(), actor)

    def forget_user(self, user_id: int) -> None:
        self._drop(lambda d, a: a.user_id == user_id)

    def forget_session(self, session_id: int) -> None:
        self._drop(lambda d, a: a.session_id == session_id)

    def forget_key(self, key_id: int) -> None:
        self._drop(lambda d, a: a.key_id == key_id)

    def observe(self, kind: EventKind, data: dict) -> None:
        """Fed every event of the record (from the live hub)."""
        if kind not in INVALIDATING:
            return
        if kind is EventKind.API_KEY_REVOKED and "key_id" in data:
            self.forget_key(data["key_id"])
        elif kind is EventKind.LOGGED_OUT and "session_id" in data:
            self.forget_session(data["session_id"])
        elif "user_id" in data:
            self.forget_user(data["user_id"])

    def _drop(self, predicate) -> None:
        with self._lock:
            for digest in [d for d, (_, a) in self._entries.items() if predicate(d, a)]:
                del self._entries[digest]
