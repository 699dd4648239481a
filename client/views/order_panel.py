"""The order panel of the ticket detail: the linked order as the order system reported it
(customer, status, items, owner) and the order's other tickets, newest first, one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QListWidget, QListWidgetItem, QWidget

from ticketdesk.common.models import OrderPublic

from ..labels import status_label
from ..net.api import ApiError, ApiReply
from ..state.orders import load_order
from ..state.session import ClientSession
from .common import error_text, plain_label
from .retranslate import FollowsLanguage, Texts

TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class OrderPanel(FollowsLanguage, QGroupBox):
    ticket_chosen = Signal(int)

    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderPanel")
        self._session = session
        self._shown: tuple[int, str] | None = None
        self._reply: ApiReply | None = None
        """The order being fetched for the ticket shown; answers to earlier ones are late."""
        """(ticket id, order number) the panel was last filled for."""
        self.order: OrderPublic | None = None
        self.status_line = plain_label("", self, selectable=True)
        self.customer_label = plain_label("", self, selectable=True)
        self.order_status_label = plain_label("", self)
        self.owner_label = plain_label("", self)
        self.items_label = plain_label("", self, selectable=True)
        self.items_label.setWordWrap(True)
        self.others = QListWidget(self)
        self.others.setMaximumHeight(110)
        self.others.itemActivated.connect(self._choose)
        self.others.itemClicked.connect(self._choose)
        form = QFormLayout(self)
        form.addRow(self.status_line)
        label = self.texts.label
        form.addRow(label(lambda: self.tr("Customer"), self.customer_label), self.customer_label)
        form.addRow(label(lambda: self.tr("Order status"), self.order_status_label),
                    self.order_status_label)
        form.addRow(label(lambda: self.tr("Owner"), self.owner_label), self.owner_label)
        form.addRow(label(lambda: self.tr("Items"), self.items_label), self.items_label)
        form.addRow(label(lambda: self.tr("Other tickets"), self.others), self.others)
        self._status: Texts = Texts()
        """The title and the line above the order (loading, not found), said again in a new
        language."""
        self.hide()

    def show_for(self, ticket_id: int, order_no: str | None) -> None:
        """Fill the panel for a ticket (hidden when it names no order)."""
        if not order_no:
            self._shown = None
            self._reply = None
            self.hide()
            return
        if self._shown == (ticket_id, order_no):
            return
        self._shown = (ticket_id, order_no)
        self.order = None
        self._status = Texts()
        self._status.set(self.setTitle, lambda: self.tr("Order {number}").format(number=order_no))
        self._status.set(self.status_line.setText, lambda: self.tr("Loading…"))
        self.status_line.show()
        for label in (self.customer_label, self.order_status_label, self.owner_label,
                      self.items_label):
            label.clear()
        self.others.clear()
        self.show()
        # Bound methods, not lambdas: Qt drops the connection when the panel is deleted, so
        # an answer arriving after the window closed touches no deleted label.
        self._reply = load_order(self._session, order_no)
        self._reply.succeeded.connect(self._on_loaded)
        self._reply.failed.connect(self._on_load_failed)

    def retranslate(self) -> None:
        super().retranslate()
        self._status.retranslate()
        if self.order is not None:
            self.others.clear()
            self._fill(self._shown, self.order)  # the total, the other tickets' statuses

    def _on_loaded(self, order: OrderPublic) -> None:
        if self.sender() is self._reply:  # else another ticket is shown by now
            self._fill(self._shown, order)

    def _on_load_failed(self, error: ApiError) -> None:
        if self.sender() is self._reply:
            self._failed(error)

    def _fill(self, key: tuple[int, str] | None, order: OrderPublic) -> None:
        self.order = order
        self.status_line.hide()
        phone = f"  {order.customer_phone}" if order.customer_phone else ""
        self.customer_label.setText(f"{order.customer_name}{phone}".strip() or "—")
        self.order_status_label.setText(order.status or "—")
        self.owner_label.setText(self._session.state.user_name(order.owner_id) or "—")
        items = [f"{item.name or item.sku} ×{item.quantity:g}" for item in order.items]
        if order.amount is not None:
            items.append(self.tr("Total {amount}").format(amount=f"{order.amount:,.2f}"))
        self.items_label.setText("\n".join(items) or "—")
        current = key[0] if key else None
        for ticket in order.tickets:  # newest first, as the server sends them
            if ticket.id == current:
                continue
            item = QListWidgetItem(
                f"#{ticket.id}  {ticket.title} — {status_label(ticket.status)}", self.others)
            item.setData(TICKET_ID_ROLE, ticket.id)
        if self.others.count() == 0:
            QListWidgetItem(self.tr("(none)"), self.others).setFlags(Qt.ItemFlag.NoItemFlags)

    def _failed(self, error: ApiError) -> None:
        if error.status == 404:
            self._status.set(self.status_line.setText,
                             lambda: self.tr("The order system has not reported this order."))
        else:
            self._status.set(self.status_line.setText, lambda: error_text(error))

    def _choose(self, item: QListWidgetItem) -> None:
        ticket_id = item.data(TICKET_ID_ROLE)
        if ticket_id is not None:
            self.ticket_chosen.emit(int(ticket_id))
