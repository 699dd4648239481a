"""`ServerListModel`: the TicketDesk servers found on the LAN, for the login window."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ticketdesk.common import API_VERSION

from ..net.discovery import Discovery, FoundServer

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex


class ServerRole(IntEnum):
    ADDRESS = Qt.ItemDataRole.UserRole + 1
    KEY_PIN = Qt.ItemDataRole.UserRole + 2
    """The TLS key pin the server announced (empty without TLS)."""


def compatible(server: FoundServer) -> bool:
    """Whether this client can talk to the server: the same major API version."""
    return server.api_version.split(".")[0] == API_VERSION.split(".")[0]


class ServerListModel(QAbstractListModel):
    def __init__(self, discovery: Discovery, parent: Any = None) -> None:
        super().__init__(parent)
        self._servers: list[FoundServer] = []
        discovery.found.connect(self._on_found)
        discovery.lost.connect(self._on_lost)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._servers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._servers):
            return None
        server = self._servers[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if not compatible(server):
                return translate(
                    "Servers", "{name} ({address}) — API {version}: needs another client"
                ).format(name=server.name, address=server.address, version=server.api_version)
            return translate("Servers", "{name} ({address})").format(
                name=server.name, address=server.address
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate("Servers", "{address} · API version {version}").format(
                address=server.address, version=server.api_version or "?"
            )
        if role == ServerRole.ADDRESS:
            return server.address
        if role == ServerRole.KEY_PIN:
            return server.key_pin
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._servers):
            return Qt.ItemFlag.NoItemFlags
        if not compatible(self._servers[index.row()]):
            return Qt.ItemFlag.NoItemFlags  # listed, so users see it, but cannot be chosen
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_of_address(self, address: str) -> int:
        """The row of a compatible server at ``address`` (as typed or remembered), or -1."""
        wanted = address.strip().rstrip("/").removeprefix("https://").removeprefix("http://")
        for row, server in enumerate(self._servers):
            if compatible(server) and server.address.removeprefix("https://") == wanted:
                return row
        return -1

    def _row(self, key: str) -> int:
        return next((i for i, s in enumerate(self._servers) if s.key == key), -1)

    def _on_found(self, server: FoundServer) -> None:
        row = self._row(server.key)
        if row >= 0:
            self._servers[row] = server
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
            return
        row = len(self._servers)
        self.beginInsertRows(QModelIndex(), row, row)
        self._servers.append(server)
        self.endInsertRows()

    def _on_lost(self, key: str) -> None:
        row = self._row(key)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._servers[row]
            self.endRemoveRows()
