"""Live events over ``WS /api/v1/live``: reconnects with backoff and resumes from its cursor.

The server sends ``hello`` (the cursor the stream continues after), then ``event`` messages,
each with the ticket as it now stands, or ``reset`` when the backlog is too long to replay.
Delivery is at least once, so events are de-duplicated by id here. Close codes: 4401 the
token is no longer valid (stop; the user must log in again), 4408 we fell behind (resume),
4400 our cursor was refused (start afresh and reload).
"""

from __future__ import annotations

import json
import logging
from collections import deque
from enum import StrEnum

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, QUrl, QUrlQuery, Signal
from PySide6.QtNetwork import QAbstractSocket, QNetworkProxy, QNetworkRequest, QSslError
from PySide6.QtWebSockets import QWebSocket

from ticketdesk.common.models import LiveMessage

from .backoff import LIVE_MAX_MS, LIVE_MIN_MS, Backoff
from .trust import KeyPins

log = logging.getLogger(__name__)

CLOSE_BAD_CURSOR = 4400
CLOSE_UNAUTHORIZED = 4401
CLOSE_TOO_SLOW = 4408
CLOSE_GOING_AWAY = 1001
CLOSE_SERVICE_RESTART = 1012

_SEEN_MAX = 10_000
"""Event ids remembered for de-duplication; replays never reach further back than this."""


class LiveState(StrEnum):
    OFFLINE = "offline"
    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"


class LiveClient(QObject):
    state_changed = Signal(str)  # LiveState
    event_received = Signal(object)  # LiveMessage of type "event", each event id once
    reload_needed = Signal()
    """The stream starts without history (first connection, reset, refused cursor): whatever
    the client holds must be reloaded over HTTP; events keep flowing meanwhile."""
    unauthorized = Signal(str)
    """The server refused the token (4401); the client has stopped."""
    connection_lost = Signal(int)
    """A connection failed or closed (the close code; 1006 when none came) and a
    reconnect is scheduled — e.g. for failing over to another server."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        min_backoff_ms: int = LIVE_MIN_MS,
        max_backoff_ms: int = LIVE_MAX_MS,
        ping_interval_ms: int = 15_000,
        pong_timeout_ms: int = 10_000,
    ) -> None:
        super().__init__(parent)
        self._backoff = Backoff(min_backoff_ms, max_backoff_ms)
        self.recent_delays_ms: deque[int] = deque(maxlen=32)
        """The latest reconnect delays (jittered), newest last; for diagnostics and tests."""
        self._base_url = ""
        self._token = ""
        self._socket: QWebSocket | None = None
        self.pins: KeyPins | None = None
        """Server keys trusted on first use; the session shares its API client's."""
        self._running = False
        self._state = LiveState.OFFLINE
        self.cursor: str | None = None
        self._seen: set[int] = set()
        self._seen_order: deque[int] = deque()
        self.connections = 0
        """Streams opened so far (each ``hello`` or ``reset``); for the status bar and tests."""

        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._open)
        # A dead network path may never deliver a close; our own pings find it out.
        self._ping = QTimer(self, interval=ping_interval_ms)
        self._ping.timeout.connect(self._send_ping)
        self._pong_deadline = QTimer(self, singleShot=True, interval=pong_timeout_ms)
        self._pong_deadline.timeout.connect(self._on_pong_timeout)

    @property
    def state(self) -> LiveState:
        return self._state

    def start(self, base_url: str, token: str, cursor: str | None = None) -> None:
        """Connect to ``base_url`` (http://host:port) and keep connected until `stop`."""
        self.stop()
        self._base_url, self._token, self.cursor = base_url, token, cursor
        self._running = True
        self._backoff.reset()
        self._set_state(LiveState.CONNECTING)
        self._open()

    def switch_server(self, base_url: str) -> None:
        """Reconnect to another server of the same installation now, resuming from the
        cursor (events are in the shared database, so none is missed)."""
        if not self._running:
            return
        self._base_url = base_url
        self._retry.stop()
        self._drop_socket(close=False)
        self._set_state(LiveState.RECONNECTING)
        self._open()

    @property
    def base_url(self) -> str:
        return self._base_url

    def stop(self) -> None:
        self._running = False
        self._retry.stop()
        self._ping.stop()
        self._pong_deadline.stop()
        self._drop_socket(close=True)
        self._set_state(LiveState.OFFLINE)

    def drop_connection(self) -> None:
        """Abort the current connection as a network failure would; the client reconnects."""
        if self._socket is not None:
            self._socket.abort()

    # ------------------------------------------------------------ connection

    def _url(self) -> QUrl:
        url = QUrl(self._base_url + "/api/v1/live")
        url.setScheme("wss" if url.scheme() == "https" else "ws")
        if self.cursor:
            query = QUrlQuery()
            query.addQueryItem("cursor", self.cursor)
            url.setQuery(query)
        return url

    def _open(self) -> None:
        if not self._running:
            return
        self._drop_socket(close=False)
        socket = QWebSocket(parent=self)
        socket.setProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy))
        socket.textMessageReceived.connect(self._on_message)
        socket.disconnected.connect(self._on_disconnected)
        socket.errorOccurred.connect(self._on_error)
        socket.pong.connect(self._on_pong)
        socket.sslErrors.connect(self._on_ssl_errors)
        self._socket = socket
        request = QNetworkRequest(self._url())
        request.setRawHeader(b"Authorization", f"Bearer {self._token}".encode())
        socket.open(request)

    def _drop_socket(self, *, close: bool) -> None:
        socket, self._socket = self._socket, None
        if socket is None:
            return
        for signal in (
            socket.textMessageReceived,
            socket.disconnected,
            socket.errorOccurred,
            socket.pong,
            socket.sslErrors,
        ):
            signal.disconnect()
        if close and socket.state() is not QAbstractSocket.SocketState.UnconnectedState:
            socket.close()
        socket.deleteLater()

    def _on_ssl_errors(self, errors: list[QSslError]) -> None:
        socket = self._socket
        if socket is None or self.pins is None:
            return
        chain = socket.sslConfiguration().peerCertificateChain()
        if self.pins.judge(self._url(), chain, errors):
            socket.ignoreSslErrors(errors)

    def _on_error(self, error: QAbstractSocket.SocketError) -> None:
        socket = self._socket
        if socket is None:
            return
        log.debug("live connection error: %s", socket.errorString())
        # A failed handshake or refused connection may end without `disconnected`.
        if socket.state() is QAbstractSocket.SocketState.UnconnectedState:
            self._on_disconnected()

    def _on_disconnected(self) -> None:
        socket = self._socket
        if socket is None or not self._running:
            return
        code = socket.closeCode().value  # an enum that also carries unnamed codes (4401)
        reason = socket.closeReason()
        self._drop_socket(close=False)
        self._ping.stop()
        self._pong_deadline.stop()
        if code == CLOSE_UNAUTHORIZED:
            log.info("live connection refused the token: %s", reason)
            self.stop()
            self.unauthorized.emit(reason)
            return
        if code == CLOSE_BAD_CURSOR:
            log.info("live cursor refused (%s); starting afresh", reason)
            self.cursor = None
        # A server restarting (1012) or going away (1001) is back, or replaced, at once.
        quick = code in (CLOSE_TOO_SLOW, CLOSE_SERVICE_RESTART, CLOSE_GOING_AWAY)
        delay = self._backoff.first_ms() if quick else self._backoff.next_ms()
        self.recent_delays_ms.append(delay)
        self._set_state(LiveState.RECONNECTING)
        self._retry.start(delay)
        self.connection_lost.emit(code)

    def _send_ping(self) -> None:
        if self._socket is not None and not self._pong_deadline.isActive():
            self._socket.ping()
            self._pong_deadline.start()

    def _on_pong(self, *_: object) -> None:
        self._pong_deadline.stop()

    def _on_pong_timeout(self) -> None:
        log.info("live connection silent; reconnecting")
        self.drop_connection()

    # ------------------------------------------------------------ messages

    def _on_message(self, text: str) -> None:
        raw: object = None
        try:
            raw = json.loads(text)
            message = LiveMessage.model_validate(raw)
        except (ValueError, ValidationError) as exc:
            # E.g. an event kind from a newer server. Step past it, so that resuming does
            # not bring it back again and again.
            if isinstance(raw, dict) and raw.get("type") == "event":
                cursor = raw.get("cursor")
                self.cursor = cursor if isinstance(cursor, str) else self.cursor
            log.warning("ignoring a live message this client cannot read: %s", exc)
            return
        if message.type == "event":
            self.cursor = message.cursor
            if message.event is None or self._remember(message.event.id):
                self.event_received.emit(message)
            return
        # hello or reset: a stream (re)starts
        fresh = message.type == "reset" or self.cursor is None
        self.cursor = message.cursor
        self.connections += 1
        self._backoff.reset()
        self._ping.start()
        self._set_state(LiveState.ONLINE)
        if fresh:
            self.reload_needed.emit()

    def _remember(self, event_id: int) -> bool:
        """True the first time an event id is seen."""
        if event_id in self._seen:
            return False
        self._seen.add(event_id)
        self._seen_order.append(event_id)
        if len(self._seen_order) > _SEEN_MAX:
            self._seen.discard(self._seen_order.popleft())
        return True

    def _set_state(self, state: LiveState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state.value)
