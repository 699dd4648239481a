"""One client per workstation user: a second ``ticketdesk --lookup-phone N`` hands its
lookup to the one already running (over a local socket, QLocalServer) and exits; that one
raises its window and shows the caller. This is how a softphone's "run a command on an
incoming call" pops the caller up."""

from __future__ import annotations

import getpass
import json
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

INSTANCE_ENV = "TICKETDESK_INSTANCE"
"""Overrides the socket's name (tests; or two separate clients for one user)."""
KINDS = ("phone", "order_no")
MAX_MESSAGE = 4096


def instance_name() -> str:
    return os.environ.get(INSTANCE_ENV) or f"ticketdesk-{getpass.getuser()}"


def hand_over(kind: str, value: str, name: str | None = None, timeout_ms: int = 1000) -> bool:
    """Give a lookup to the running client; False when none is running. (Blocking: it is
    called before this process shows any window.)"""
    socket = QLocalSocket()
    socket.connectToServer(name or instance_name())
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(json.dumps({"lookup": kind, "value": value}).encode() + b"\n")
    delivered = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return delivered


class InstanceServer(QObject):
    """Listens for the lookups of later invocations; emits ``lookup_requested``."""

    lookup_requested = Signal(str, str)  # kind ("phone" or "order_no"), value

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or instance_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        if not self._server.listen(self.name):
            # A socket file left by a client that crashed: nobody answers it, take it over.
            QLocalServer.removeServer(self.name)
            return self._server.listen(self.name)
        return True

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            buffer = bytearray()

            def read(socket: QLocalSocket = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(socket.readAll().data()))
                if len(buffer) > MAX_MESSAGE:
                    socket.abort()
                    return
                if b"\n" in buffer:
                    self._handle(bytes(buffer.split(b"\n", 1)[0]))
                    socket.disconnectFromServer()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)

    def _handle(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        kind, value = message.get("lookup"), message.get("value")
        if kind in KINDS and isinstance(value, str) and 0 < len(value) <= 64:
            self.lookup_requested.emit(kind, value)
