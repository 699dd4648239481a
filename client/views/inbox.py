"""The inbox: tabs of ticket lists (mine, my groups' queues, created by me, all for
supervisors) over one table model, each sortable and narrowed by the quick filter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.models.views import VIEW_COLUMNS, ViewPublic

from ..models.countdown import CountdownTicker
from ..models.inbox import Inbox, InboxModel
from ..models.ticket_presenter import Column, TicketPresenter
from ..models.tickets import TicketTableModel
from ..state.cache import ClientState
from ..state.saved_views import SavedViews
from .common import plain_label
from .retranslate import FollowsLanguage
from .saved_views_bar import SavedViewsBar

_WIDTHS = {
    Column.NUMBER: 3.5,
    Column.TYPE: 5.5,
    Column.GROUP: 5.5,
    Column.STATUS: 8.5,  # room for an offer's countdown, in bold: "Assigned · 1:42"
    Column.PRIORITY: 4,
    Column.ASSIGNEE: 4.5,
    Column.AGE: 5.5,
    Column.SLA: 8.5,  # "Overdue since 2026-11-30 12:30"
}
"""Starting column widths in multiples of the font's height: wide enough for the Chinese
labels and the English ones; the title takes the rest."""


class InboxPage(QWidget):
    """One tab: the table, or a hint when it is empty."""

    def __init__(self, model: InboxModel, empty_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView(self)
        self.table.setObjectName(f"inbox_{model.inbox.value}")
        # When the open ticket leaves this list (accepted, transferred…), the view moves its
        # current row to a neighbour; that is not the agent choosing another ticket. These
        # two connections bracket the view's own handling, so the move can be told apart.
        self.rows_leaving = False
        model.rowsAboutToBeRemoved.connect(self._on_rows_leaving)
        self.table.setModel(model)
        model.rowsRemoved.connect(self._on_rows_left)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (rows are whole tickets)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Most urgent first, and within a priority the oldest: the order work is done in (and
        # the model's own at first, so that enabling sorting sorts nothing).
        self.table.horizontalHeader().setSortIndicator(
            Column.PRIORITY, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().height()
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, round(width * em))
        self.empty = plain_label(empty_text, self, object_name="placeholder")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        self._layout.addWidget(self._stack)
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.layoutChanged,
        ):
            signal.connect(self._update_empty)
        self._update_empty()

    def _on_rows_leaving(self) -> None:
        self.rows_leaving = True

    def _on_rows_left(self) -> None:
        self.rows_leaving = False

    def add_option(self, widget: QWidget) -> None:
        self._layout.insertWidget(0, widget)

    def _update_empty(self) -> None:
        self._stack.setCurrentIndex(0 if self.model.rowCount() else 1)


class InboxPanel(FollowsLanguage, QWidget):
    ticket_selected = Signal(int)

    def __init__(
        self,
        state: ClientState,
        parent: QWidget | None = None,
        *,
        ticker: CountdownTicker | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self.selected_id: int | None = None
        self._views: SavedViews | None = None
        self.views_bar: SavedViewsBar | None = None
        self._filter_text = ""
        """The ticket this panel last asked to show."""
        self.presenter = TicketPresenter(state, self, ticker=ticker)
        self.model = TicketTableModel(state, self, presenter=self.presenter)
        """Every cached ticket, as it came."""
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("inboxTabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[Inbox, InboxPage] = {}
        me = state.me
        inboxes = [Inbox.MINE, Inbox.QUEUES, Inbox.CREATED]
        if me is not None and me.role.supervises:
            inboxes.append(Inbox.ALL)
        for inbox in inboxes:
            model = InboxModel(self.presenter, inbox, self)
            page = InboxPage(model, self._empty_text(inbox), self)
            page.table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, p=page: self._on_current(p, current)
            )
            page.table.activated.connect(lambda index, p=page: self._on_current(p, index))
            self.pages[inbox] = page
            self.tabs.addTab(page, "")
            for signal in (
                model.rowsInserted,
                model.rowsRemoved,
                model.modelReset,
                model.layoutChanged,
            ):
                signal.connect(lambda *_args, i=inbox: self._update_title(i))
        self.include_handled = QCheckBox(self)
        self.include_handled.toggled.connect(self.pages[Inbox.QUEUES].model.set_all_open)
        self.pages[Inbox.QUEUES].add_option(self.include_handled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        """Every word of the panel in the language now installed: tab titles, hints, the
        table's headers and cells (statuses, priorities, times are words too)."""
        self.include_handled.setText(self.tr("Also show tickets someone is handling"))
        for inbox, page in self.pages.items():
            page.empty.setText(self._empty_text(inbox))
            model = page.model
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
            if model.rowCount():
                model.dataChanged.emit(
                    model.index(0, 0), model.index(model.rowCount() - 1, len(Column) - 1)
                )
        self._update_titles()

    def _empty_text(self, inbox: Inbox) -> str:
        match inbox:
            case Inbox.MINE:
                return self.tr(
                    "Nothing assigned to you right now.\nNew tickets for you appear "
                    "here by themselves."
                )
            case Inbox.QUEUES:
                return self.tr("No ticket is waiting in your groups' queues.")
            case Inbox.CREATED:
                return self.tr("No open ticket created by you.")
            case Inbox.ALL:
                return self.tr("No open tickets.")

    def _title(self, inbox: Inbox) -> str:
        match inbox:
            case Inbox.MINE:
                return self.tr("My tickets")
            case Inbox.QUEUES:
                return self.tr("My groups' queues")
            case Inbox.CREATED:
                return self.tr("Created by me")
            case Inbox.ALL:
                return self.tr("All open")

    def _update_titles(self) -> None:
        for inbox in self.pages:
            self._update_title(inbox)

    def _update_title(self, inbox: Inbox) -> None:
        """The tab's name and how many tickets it lists (the tab bar is laid out anew only
        when that changed)."""
        page = self.pages[inbox]
        text = f"{self._title(inbox)} ({page.model.rowCount()})"
        index = self.tabs.indexOf(page)
        if self.tabs.tabText(index) != text:
            self.tabs.setTabText(index, text)

    def current_page(self) -> InboxPage:
        page = self.tabs.currentWidget()
        assert isinstance(page, InboxPage)
        return page

    def show_inbox(self, inbox: Inbox) -> None:
        self.tabs.setCurrentWidget(self.pages[inbox])

    def set_saved_views(self, views: SavedViews) -> SavedViewsBar:
        """Show the saved views above the tabs; choosing one narrows every tab to it."""
        self._views = views
        self.views_bar = SavedViewsBar(views, self._state, self.current_layout, self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.views_bar)
        self.views_bar.view_chosen.connect(self.apply_view)
        return self.views_bar

    def apply_view(self, view: ViewPublic | None) -> None:
        """List only the view's tickets, in its order, in its columns (None: everything)."""
        views = self._views
        admits = None if view is None or views is None else (lambda t: views.admits(view, t))
        for page in self.pages.values():
            page.model.set_narrowing(admits)
            table = page.table
            for column in Column:
                shown = view is None or VIEW_COLUMNS[column] in view.columns
                table.setColumnHidden(column, not shown)
            if view is not None and view.sort_column in VIEW_COLUMNS:
                order = (Qt.SortOrder.DescendingOrder if view.sort_descending
                         else Qt.SortOrder.AscendingOrder)
                table.sortByColumn(VIEW_COLUMNS.index(view.sort_column), order)

    def current_layout(self) -> dict[str, object]:
        """The shown tab's quick filter, sort and columns as a saved view's settings."""
        table = self.current_page().table
        header = table.horizontalHeader()
        text = " ".join(self._filter_text.split())[:200]
        return {
            "filter": {"q": text} if text else {},
            "sort_column": VIEW_COLUMNS[header.sortIndicatorSection()],
            "sort_descending": header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            "columns": [VIEW_COLUMNS[c] for c in Column if not table.isColumnHidden(c)],
        }

    def set_filter_text(self, text: str) -> None:
        self._filter_text = text
        for page in self.pages.values():
            page.model.set_text(text)

    def select_ticket(self, ticket_id: int) -> bool:
        """Select the ticket in the current tab, or in the first tab that lists it."""
        pages = [self.current_page(), *self.pages.values()]
        for page in pages:
            row = page.model.row_of(ticket_id)
            if row >= 0:
                self.tabs.setCurrentWidget(page)
                page.table.selectRow(row)
                page.table.scrollTo(page.model.index(row, 0))
                return True
        return False

    def step(self, by: int) -> bool:
        """Select the ticket ``by`` rows below (above, if negative) the current one in the
        shown tab — the first one if none is current — and put the keyboard on the list."""
        page = self.current_page()
        rows = page.model.rowCount()
        if not rows:
            return False
        current = page.table.currentIndex()
        if not current.isValid():
            row = 0 if by > 0 else rows - 1
        elif page.model.ticket_id(current.row()) != self.selected_id:
            # The open ticket left this list and the view moved on to its neighbour, which
            # the agent has not seen yet: that one is next.
            row = current.row()
        else:
            row = current.row() + by
        row = max(0, min(rows - 1, row))
        page.table.selectRow(row)
        page.table.scrollTo(page.model.index(row, 0))
        page.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        ticket_id = page.model.ticket_id(row)
        if ticket_id is not None and ticket_id != self.selected_id:
            self._select(ticket_id)
        return True

    def focus_inbox(self, inbox: Inbox) -> None:
        """Show the tab and put the keyboard on its list."""
        self.show_inbox(inbox)
        self.pages[inbox].table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_current(self, page: InboxPage, index: QModelIndex) -> None:
        if index.isValid() and not page.rows_leaving:
            ticket_id = page.model.ticket_id(index.row())
            if ticket_id is not None:
                self._select(ticket_id)

    def _select(self, ticket_id: int) -> None:
        self.selected_id = ticket_id
        self.ticket_selected.emit(ticket_id)
