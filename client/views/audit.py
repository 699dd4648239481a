"""The audit search (审计) for supervisors: filters over the whole record, results paged in
from the server as the table scrolls, any ticket's full timeline a double-click away, and
the results exported exactly as shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import numbers
from ticketdesk.common.enums import EventKind, Status

from ..labels import event_kind_label, status_label
from ..models.audit import AuditResultsModel
from ..models.audit_rows import EVENTS, TICKETS, ResultKind
from ..net.api import ApiError
from ..state.audit import AuditSearch
from ..state.session import ClientSession
from .common import MessageBar, error_text, plain_label
from .export_progress import ExportProgressDialog, ask_export_path, start_export
from .retranslate import FollowsLanguage, refresh_words
from .ticket_detail import TicketDetailView

NO_DATE = QDate(2000, 1, 1)
"""The dates' lowest value, shown as "any"."""
ADMIN_CHANGES = "admin"
"""The event-kind choice meaning every admin change."""


class AuditView(FollowsLanguage, QWidget):
    ticket_opened = Signal(int)

    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self._session = session
        self._state = session.state
        self.search = AuditSearch(session, self)
        self.model = AuditResultsModel(self)
        self.export_dialog: ExportProgressDialog | None = None
        self.ticket_dialog: QDialog | None = None

        self.scope = QComboBox(self)
        self.scope.addItem("", "events")
        self.scope.addItem("", "tickets")
        self.text_edit = QLineEdit(self)
        self.texts.set(self.text_edit.setPlaceholderText,
                       lambda: self.tr("Words (notes, comments, titles, changes)"))
        self.ticket_edit = QLineEdit(self)
        self.texts.set(self.ticket_edit.setPlaceholderText, lambda: self.tr("Ticket number"))
        self.order_edit = QLineEdit(self)
        self.texts.set(self.order_edit.setPlaceholderText, lambda: self.tr("Order number"))
        self.group_box = QComboBox(self)
        self.agent_box = QComboBox(self)
        self.actor_box = QComboBox(self)
        self.status_box = QComboBox(self)
        self.kind_box = QComboBox(self)
        self.from_date = self._date_edit()
        self.to_date = self._date_edit()
        self.search_button = QPushButton(self)
        self.texts.set(self.search_button.setText, lambda: self.tr("Search"))
        self.search_button.setDefault(True)
        self.export_button = QPushButton(self)
        self.texts.set(self.export_button.setText, lambda: self.tr("Export…"))
        self.export_button.setEnabled(False)

        self.status_box.addItem("", None)
        for status in Status:
            self.status_box.addItem("", status.value)
        self.kind_box.addItem("", None)
        self.kind_box.addItem("", ADMIN_CHANGES)
        for kind in EventKind:
            self.kind_box.addItem("", kind.value)
        self._name_choices()
        self._fill_directory()

        grid = QGridLayout()
        rows: list[list[tuple[Callable[[], str], QWidget]]] = [
            [
                (lambda: self.tr("Search in"), self.scope),
                (lambda: self.tr("Words"), self.text_edit),
                (lambda: self.tr("Ticket"), self.ticket_edit),
                (lambda: self.tr("Order"), self.order_edit),
            ],
            [
                (lambda: self.tr("Group"), self.group_box),
                (lambda: self.tr("Agent"), self.agent_box),
                (lambda: self.tr("Done by"), self.actor_box),
                (lambda: self.tr("Status"), self.status_box),
            ],
            [
                (lambda: self.tr("Event"), self.kind_box),
                (lambda: self.tr("From"), self.from_date),
                (lambda: self.tr("To"), self.to_date),
            ],
        ]
        for r, cells in enumerate(rows):
            for c, (text, widget) in enumerate(cells):
                label = plain_label("", self, wrap=False)
                self.texts.set(label.setText, text)
                label.setBuddy(widget)  # a screen reader names the field after its label
                grid.addWidget(label, r, 2 * c)
                grid.addWidget(widget, r, 2 * c + 1)
                grid.setColumnStretch(2 * c + 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.export_button)
        grid.addLayout(buttons, 2, 6, 1, 2)

        self.message = MessageBar(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditResults")
        self.texts.set(self.table.setAccessibleName, lambda: self.tr("Search results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.summary = plain_label("", self, object_name="auditSummary")

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

        self.scope.currentIndexChanged.connect(self._update_criteria)
        self.search_button.clicked.connect(self.run_search)
        for edit in (self.text_edit, self.ticket_edit, self.order_edit):
            edit.returnPressed.connect(self.run_search)
        self.export_button.clicked.connect(self._ask_export)
        self.table.doubleClicked.connect(lambda index: self.open_ticket_at(index.row()))
        self.table.verticalScrollBar().valueChanged.connect(self._maybe_load_more)
        self.table.verticalScrollBar().rangeChanged.connect(lambda *_: self._maybe_load_more())
        self.search.reset.connect(self.model.reset)
        self.search.page_loaded.connect(self._on_page)
        self.search.failed.connect(self._on_failed)
        self.search.loading_changed.connect(self._update_summary)
        self._state.users_changed.connect(self._fill_directory)
        self._state.groups_changed.connect(self._fill_directory)
        self._update_criteria()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        self.texts.set(edit.setSpecialValueText, lambda: self.tr("any"))
        edit.setDate(NO_DATE)
        return edit

    def _name_choices(self) -> None:
        """The fixed choices' words (the directory's are `_fill_directory`'s)."""
        self.scope.setItemText(0, self.tr("Events"))
        self.scope.setItemText(1, self.tr("Tickets"))
        self.status_box.setItemText(0, self.tr("Any status"))
        for row in range(1, self.status_box.count()):
            self.status_box.setItemText(row, status_label(Status(self.status_box.itemData(row))))
        self.kind_box.setItemText(0, self.tr("Any event"))
        self.kind_box.setItemText(1, self.tr("Admin changes (all)"))
        for row in range(2, self.kind_box.count()):
            self.kind_box.setItemText(row, event_kind_label(EventKind(self.kind_box.itemData(row))))

    def retranslate(self) -> None:
        """Every word in the language now installed: labels, choices, the results' words."""
        self.texts.retranslate()
        self._name_choices()
        self._fill_directory()
        self._update_summary()
        refresh_words(self.model)

    def _fill_directory(self) -> None:
        for box, anyone in (
            (self.group_box, self.tr("Any group")),
            (self.agent_box, self.tr("Anyone")),
            (self.actor_box, self.tr("Anyone")),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(anyone, None)
            items = (
                sorted(self._state.groups.values(), key=lambda g: g.name)
                if box is self.group_box
                else sorted(self._state.users.values(), key=lambda u: u.display_name)
            )
            for item in items:
                label = item.name if box is self.group_box else item.display_name
                box.addItem(label, item.id)
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.blockSignals(False)

    def _update_criteria(self) -> None:
        events = self.scope.currentData() == "events"
        self.actor_box.setEnabled(events)
        self.kind_box.setEnabled(events)
        self.status_box.setEnabled(not events)

    # ------------------------------------------------------------ the query

    def query(self) -> tuple[ResultKind, dict[str, Any]]:
        """What the filters ask, as the API's parameters (the export asks the same)."""
        events = self.scope.currentData() == "events"
        params: dict[str, Any] = {}
        text = self.text_edit.text().strip()
        number = self.ticket_edit.text().strip().lstrip("#")
        order_no = self.order_edit.text().strip()
        if order_no:
            params["order_no"] = order_no
        if self.group_box.currentData() is not None:
            params["group"] = [self.group_box.currentData()]
        start, end = self.from_date.date(), self.to_date.date()
        if start != NO_DATE:
            params["created_from"] = _local_midnight(start)
        if end != NO_DATE:
            params["created_to"] = _local_midnight(end.addDays(1))  # the whole last day
        agent = self.agent_box.currentData()
        if events:
            if (ticket_no := numbers.parse_int(number)) is not None:
                params["ticket"] = ticket_no
            if text:
                params["q"] = text
            if agent is not None:
                params["user"] = agent
            if self.actor_box.currentData() is not None:
                params["actor"] = [self.actor_box.currentData()]
            kind = self.kind_box.currentData()
            if kind == ADMIN_CHANGES:
                params["subject"] = "admin"
            elif kind is not None:
                params["kind"] = [kind]
            return EVENTS, params
        if numbers.is_digits(number):
            params["q"] = f"#{number}"
        elif text:
            params["q"] = text
        if agent is not None:
            params["assignee"] = str(agent)
        if self.status_box.currentData() is not None:
            params["status"] = [self.status_box.currentData()]
        return TICKETS, params

    def run_search(self) -> None:
        self.message.clear_message()
        number = self.ticket_edit.text().strip().lstrip("#")
        if number and numbers.parse_int(number) is None:  # ASCII digits: "²" is no number
            self.message.show_error(lambda: self.tr("A ticket number is digits only."))
            return
        kind, params = self.query()
        self.search.search(kind, params)

    def _on_page(self, rows: list) -> None:
        self.model.append(rows)
        if self.model.rowCount() and self.table.columnWidth(0) <= 100:
            self.table.resizeColumnsToContents()
        self.export_button.setEnabled(True)
        self._update_summary()
        self._maybe_load_more()

    def _on_failed(self, error: ApiError) -> None:
        self.message.show_error(lambda: error_text(error))
        self._update_summary()

    def _maybe_load_more(self, *_: object) -> None:
        """More rows when the table is scrolled near its end (or not yet full)."""
        bar = self.table.verticalScrollBar()
        if self.search.has_more and bar.value() >= bar.maximum() - 5:
            self.search.load_more()

    def _update_summary(self) -> None:
        n = self.model.rowCount()
        if self.search.loading:
            text = self.tr("{n} found so far, loading…").format(n=n)
        elif self.search.has_more:
            text = self.tr("{n} shown; scroll down for more").format(n=n)
        elif self.search.kind is not None:
            text = self.tr("{n} found").format(n=n)
        else:
            text = ""
        self.summary.setText(text)

    # ------------------------------------------------------------ tickets, export

    def open_ticket_at(self, row: int) -> QDialog | None:
        ticket_id = self.model.ticket_at(row)
        if ticket_id is None:
            return None
        if self.ticket_dialog is not None:
            self.ticket_dialog.close()
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Ticket #{number}").format(number=ticket_id))
        dialog.resize(760, 680)
        detail = TicketDetailView(self._session, dialog)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(detail)
        dialog.detail = detail  # type: ignore[attr-defined]
        dialog.finished.connect(lambda *_: detail.show_ticket(None))
        detail.show_ticket(ticket_id)
        dialog.show()
        self.ticket_dialog = dialog
        self.ticket_opened.emit(ticket_id)
        return dialog

    def _ask_export(self) -> None:
        path = ask_export_path(self, self.tr("audit"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> ExportProgressDialog | None:
        """Export every row of the query on screen (all pages, not only those loaded)."""
        if self.search.kind is None:
            return None
        self.export_dialog = start_export(self.search.export_source(), path, self)
        return self.export_dialog


def _local_midnight(day: QDate) -> str:
    """The start of that day in this workstation's timezone, as ISO 8601 with its offset."""
    moment = datetime.combine(day.toPython(), time()).astimezone()
    return moment.isoformat()
