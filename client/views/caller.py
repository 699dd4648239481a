"""The screen-pop: who is calling — their orders and open tickets — and a new ticket for
them, prefilled. Opened by ``ticketdesk --lookup-phone N`` (through the running client)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.models import LookupResult

from ..labels import status_label
from ..net.api import ApiError, ApiReply
from ..state.caller import look_up
from ..state.session import ClientSession
from .common import MessageBar, error_text
from .retranslate import FollowsLanguage

TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CallerDialog(FollowsLanguage, QDialog):
    new_ticket_requested = Signal(str, str)
    """(phone, order number) to prefill a new ticket with; either may be empty."""
    ticket_chosen = Signal(int)

    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callerDialog")
        self.texts.set(self.setWindowTitle, lambda: self.tr("Incoming call"))
        self._session = session
        self.result_: LookupResult | None = None
        self._asked: tuple[str, str] = ("", "")
        self._reply: ApiReply | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("callerHeading")
        self.orders = QTableWidget(0, 4, self)
        self.texts.set(lambda _: self.orders.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("Customer"), self.tr("Status"), self.tr("Amount")]), str)
        self.tickets = QTableWidget(0, 3, self)
        self.texts.set(lambda _: self.tickets.setHorizontalHeaderLabels(
            [self.tr("Ticket"), self.tr("Title"), self.tr("Status")]), str)
        for table in (self.orders, self.tickets):
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tickets.cellDoubleClicked.connect(self._open_ticket)
        self.message = MessageBar(self)
        self.new_button = QPushButton(self)
        self.texts.set(self.new_button.setText, lambda: self.tr("New ticket for this caller"))
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self._new_ticket)
        close = QPushButton(self)
        self.texts.set(close.setText, lambda: self.tr("Close"))
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.texts.label(lambda: self.tr("Orders"), self.orders))
        layout.addWidget(self.orders)
        layout.addWidget(self.texts.label(lambda: self.tr("Open tickets (double-click to open)"),
                                          self.tickets))
        layout.addWidget(self.tickets)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(720, 480)

    def retranslate(self) -> None:
        super().retranslate()
        if self.result_ is not None:
            self._show(self.result_)  # the heading, the tickets' statuses
        elif self._asked[1] and self.heading.text() != self._asked[1]:
            self.heading.setText(self.tr("Looking up {value}…").format(value=self._asked[1]))

    def look_up(self, kind: str, value: str) -> None:
        self._asked = (kind, value)
        self.result_ = None
        self.heading.setText(self.tr("Looking up {value}…").format(value=value))
        self.orders.setRowCount(0)
        self.tickets.setRowCount(0)
        self.message.clear_message()
        # The next call may pop before this one's answer comes: only the answer to the
        # caller shown counts (bound methods: Qt drops them when the dialog goes).
        self._reply = reply = look_up(self._session, kind, value)
        reply.succeeded.connect(self._on_found)
        reply.failed.connect(self._on_failed)

    def _on_found(self, result: LookupResult) -> None:
        if self.sender() is self._reply:
            self._show(result)

    def _on_failed(self, error: ApiError) -> None:
        if self.sender() is self._reply:
            self._failed(error)

    def _show(self, result: LookupResult) -> None:
        self.result_ = result
        kind, value = self._asked
        who = result.orders[0].customer_name if result.orders else ""
        number = result.phone_e164 or value
        self.heading.setText(
            self.tr("Caller {number} {who}").format(number=number, who=who).strip()
            if kind == "phone" else self.tr("Order {number}").format(number=value))
        self.orders.setRowCount(len(result.orders))
        for row, order in enumerate(result.orders):
            amount = "" if order.amount is None else f"{order.amount:,.2f}"
            for column, text in enumerate(
                    (order.order_no, order.customer_name, order.status, amount)):
                self.orders.setItem(row, column, QTableWidgetItem(text))
        self.tickets.setRowCount(len(result.open_tickets))
        for row, ticket in enumerate(result.open_tickets):
            for column, text in enumerate(
                    (f"#{ticket.id}", ticket.title, status_label(ticket.status))):
                item = QTableWidgetItem(text)
                item.setData(TICKET_ID_ROLE, ticket.id)
                self.tickets.setItem(row, column, item)
        if not result.orders and not result.open_tickets:
            self.message.show_notice(
                lambda: self.tr("No orders or open tickets for this caller."))

    def _failed(self, error: ApiError) -> None:
        self.heading.setText(self._asked[1])
        self.message.show_error(lambda: error_text(error))

    def _new_ticket(self) -> None:
        kind, value = self._asked
        order_no = value if kind == "order_no" else ""
        phone = value if kind == "phone" else ""
        if self.result_ is not None and self.result_.orders:
            order_no = order_no or self.result_.orders[0].order_no
            phone = phone or self.result_.orders[0].customer_phone
        self.new_ticket_requested.emit(phone, order_no)

    def _open_ticket(self, row: int, _column: int) -> None:
        item = self.tickets.item(row, 0)
        if item is not None:
            self.ticket_chosen.emit(int(item.data(TICKET_ID_ROLE)))
