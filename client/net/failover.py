"""Failing over to another server of the same installation.

Every server of an installation shares one database: a session token works on any of them
and the live stream resumes from its cursor on any of them. So when the server a client
talks to stops answering (a crash, a restart, a host going down), the client moves its HTTP
calls and its live stream to the next server the installation listed at login, and comes
back round the list if that one fails too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from .api import ApiClient, server_url
from .live import LiveClient, LiveState

log = logging.getLogger(__name__)


def _same(a: str, b: str) -> bool:
    return server_url(a).lower() == server_url(b).lower()


class Failover(QObject):
    switched = Signal(str)
    """Now talking to this server (its base URL)."""

    def __init__(
        self,
        api: ApiClient,
        live: LiveClient,
        *,
        after_failures: int = 2,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._live = live
        self._after = after_failures
        self._failures = 0
        self.servers: list[str] = []
        """The installation's servers, as the server listed them at login."""
        live.connection_lost.connect(self._on_lost)
        live.state_changed.connect(self._on_state)

    def set_servers(self, servers: list[str]) -> None:
        current = self._api.base_url
        known = [s.rstrip("/") for s in servers if s]
        if current and not any(_same(current, s) for s in known):
            known.insert(0, current)  # as typed: perhaps a name the others do not know
        self.servers = known
        self._failures = 0

    def _on_state(self, state: str) -> None:
        if state == LiveState.ONLINE.value:
            self._failures = 0

    def _on_lost(self, code: int) -> None:
        self._failures += 1
        if self._failures < self._after or len(self.servers) < 2:
            return
        here = next((i for i, s in enumerate(self.servers) if _same(s, self._api.base_url)), -1)
        target = self.servers[(here + 1) % len(self.servers)]
        self._failures = 0
        log.info(
            "server %s not answering (last close %s); failing over to %s",
            self._api.base_url,
            code,
            target,
        )
        self._api.switch_server(target)
        self._live.switch_server(self._api.base_url)
        self.switched.emit(self._api.base_url)
