"""Webhook endpoints and their deliveries as tables for the administration screen."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ticketdesk.common.models import DeliveryPublic, WebhookPublic

from ..labels import event_kind_label, joined
from ..state.webhooks import WebhookList
from ..timefmt import format_time

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class EndpointColumn(IntEnum):
    URL = 0
    EVENTS = 1
    GROUPS = 2
    STATUS = 3
    PENDING = 4
    DELIVERED = 5
    DEAD = 6


class WebhookTableModel(QAbstractTableModel):
    """The endpoints in the order they were registered; follows the list's `changed`."""

    def __init__(self, hooks: WebhookList, group_name: Callable[[int], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hooks = hooks
        self._group_name = group_name
        self._rows: list[WebhookPublic] = list(hooks.endpoints)
        hooks.changed.connect(self._reload)

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = list(self._hooks.endpoints)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(EndpointColumn)

    def endpoint_at(self, row: int) -> WebhookPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, endpoint_id: int) -> int:
        return next((i for i, w in enumerate(self._rows) if w.id == endpoint_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hook = self._rows[index.row()]
        column = EndpointColumn(index.column())
        if role == ID_ROLE:
            return hook.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == EndpointColumn.URL:
                return hook.description or hook.url
            if column == EndpointColumn.STATUS and not hook.enabled:
                return hook.disabled_reason
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= EndpointColumn.PENDING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case EndpointColumn.URL:
                return hook.url
            case EndpointColumn.EVENTS:
                return joined(event_kind_label(k) for k in hook.kinds) or self.tr("All")
            case EndpointColumn.GROUPS:
                return joined(self._group_name(g) for g in hook.groups) or self.tr("All")
            case EndpointColumn.STATUS:
                return self.tr("Enabled") if hook.enabled else self.tr("Disabled")
            case EndpointColumn.PENDING:
                return hook.counts.pending
            case EndpointColumn.DELIVERED:
                return hook.counts.delivered
            case _:
                return hook.counts.dead

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(EndpointColumn):
            return None
        return (self.tr("Receiver URL"), self.tr("Events"), self.tr("Groups"),
                self.tr("Status"), self.tr("Pending"), self.tr("Delivered"),
                self.tr("Dead"))[section]


class DeliveryColumn(IntEnum):
    CREATED = 0
    MESSAGE = 1
    TICKET = 2
    STATE = 3
    ATTEMPTS = 4
    LAST_ATTEMPT = 5
    LAST_STATUS = 6
    LAST_ERROR = 7


class DeliveryTableModel(QAbstractTableModel):
    """One endpoint's deliveries (``which="deliveries"``) or dead letters (``"dead"``),
    newest first; follows the list's `deliveries_changed`."""

    def __init__(self, hooks: WebhookList, which: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hooks = hooks
        self._which = which
        self._rows: list[DeliveryPublic] = list(getattr(hooks, which))
        hooks.deliveries_changed.connect(self._reload)

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = list(getattr(self._hooks, self._which))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DeliveryColumn)

    def delivery_at(self, row: int) -> DeliveryPublic | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, delivery_id: int) -> int:
        return next((i for i, d in enumerate(self._rows) if d.id == delivery_id), -1)

    def _state(self, d: DeliveryPublic) -> str:
        return {
            "blocked": self.tr("Waiting for an earlier one"),
            "pending": self.tr("Retrying") if d.attempts else self.tr("Queued"),
            "sending": self.tr("Sending"),
            "delivered": self.tr("Delivered"),
            "dead": self.tr("Dead letter"),
        }.get(d.state, d.state)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        column = DeliveryColumn(index.column())
        if role == ID_ROLE:
            return d.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DeliveryColumn.LAST_ERROR and d.last_error:
                return d.last_error
            if column == DeliveryColumn.STATE and d.next_attempt_at and d.state == "pending":
                return self.tr("Next attempt {time}").format(time=format_time(d.next_attempt_at))
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case DeliveryColumn.CREATED:
                return format_time(d.created_at)
            case DeliveryColumn.MESSAGE:
                return d.type
            case DeliveryColumn.TICKET:
                return d.ticket_id if d.ticket_id is not None else ""
            case DeliveryColumn.STATE:
                return self._state(d)
            case DeliveryColumn.ATTEMPTS:
                return d.attempts
            case DeliveryColumn.LAST_ATTEMPT:
                return format_time(d.last_attempt_at) if d.last_attempt_at else ""
            case DeliveryColumn.LAST_STATUS:
                return d.last_status if d.last_status is not None else ""
            case _:
                return d.last_error

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(DeliveryColumn):
            return None
        return (self.tr("Event time"), self.tr("Message"), self.tr("Ticket"),
                self.tr("State"), self.tr("Attempts"), self.tr("Last attempt"),
                self.tr("HTTP status"), self.tr("Last error"))[section]
