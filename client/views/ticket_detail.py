"""One ticket in full: header, the actions the state machine allows this user, its fields,
description, the whole record, and a box to comment. This module lays the parts out and
tells them which ticket is shown; each part is a module of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.enums import Action
from ticketdesk.common.models import TicketPublic

from ..models.countdown import CountdownTicker
from ..models.timeline import TimelineModel
from ..net.api import ApiError
from ..net.live import LiveState
from ..state import ClientSession
from ..state.attachments import Attachments
from ..state.quick_replies import QuickReplies
from .action_bar import ActionBar
from .comment_box import CommentBox
from .common import MessageBar, error_text, plain_label
from .order_panel import OrderPanel
from .quick_reply_dialog import MyQuickRepliesDialog
from .retranslate import FollowsLanguage
from .ticket_facts import TicketFacts, TicketHeader
from .timeline_view import TimelineView


class TicketDetailView(FollowsLanguage, QWidget):
    ticket_shown = Signal(int)
    notice = Signal(str)
    """Something the user should read that concerns a ticket no longer shown here (a comment
    on it that could not be sent); the window shows it in its status bar."""

    def __init__(
        self,
        session: ClientSession,
        parent: QWidget | None = None,
        *,
        ticker: CountdownTicker | None = None,
    ) -> None:
        """``ticker``: the beat of the accept countdowns, shared with the inbox so that both
        show the same second."""
        super().__init__(parent)
        self.setObjectName("ticketDetail")
        self._session = session
        self._state = session.state
        self.ticket_id: int | None = None
        self._record_missing = False
        """The shown ticket's record could not be loaded (the server was away)."""
        self._record_error = ""
        self.timeline_model = TimelineModel(session.state, self)
        self._ticker = ticker or CountdownTicker(session.clock.now, self)

        self._stack = QStackedWidget(self)
        self.placeholder = plain_label("", self, object_name="placeholder")
        self.texts.set(self.placeholder.setText, lambda: self.tr("Select a ticket to see it here."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        state = session.state
        state.ticket_changed.connect(self._on_ticket_changed)
        state.ticket_added.connect(self._on_ticket_changed)
        state.ticket_removed.connect(self._on_ticket_removed)
        state.types_changed.connect(self._refresh)
        state.groups_changed.connect(self._refresh)
        state.users_changed.connect(self._refresh)
        state.me_changed.connect(self._refresh)
        session.live_state_changed.connect(self._on_live_state)

    # ------------------------------------------------------------ layout

    def _build_content(self) -> QWidget:
        content = QWidget(self)
        self.message = MessageBar(content)
        self.header = TicketHeader(self._state, content)
        self.action_bar = ActionBar(self._session, self.message, self._ticker, content)
        self.action_bar.notice.connect(self.notice)
        self.facts = TicketFacts(self._state, self._session.clock.now, content)
        self.facts.type_version_wanted.connect(self._session.load_type_version)
        self.order_panel = OrderPanel(self._session, content)
        self.order_panel.ticket_chosen.connect(self.show_ticket)
        self.body_label = plain_label("", content, selectable=True, object_name="ticketBody")
        self.attachments = Attachments(self._session, self)
        self.timeline = TimelineView(self.timeline_model, content, self.attachments)
        self.comment_box = CommentBox(self._session, self.message, content, self.attachments)
        self.comment_box.notice.connect(self.notice)
        self.quick_replies = QuickReplies(self._session, self)
        self.my_quick_replies_dialog: MyQuickRepliesDialog | None = None
        self.quick_replies.changed.connect(
            lambda: self.comment_box.edit.set_quick_replies(self.quick_replies.replies)
        )
        self.comment_box.edit.values = self.placeholder_values
        self.quick_reply_dialog: QInputDialog | None = None
        # The parts' widgets, by the names the window and the tests know them by.
        self.title_label = self.header.title_label
        self.buttons = self.action_bar.buttons
        self.countdown_label = self.action_bar.countdown_label
        self.info = self.facts.form
        self.comment_edit = self.comment_box.edit
        self.comment_button = self.comment_box.button

        inner = QWidget(content)
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 8, 0)
        inner_layout.setSpacing(8)
        inner_layout.addWidget(self.facts)
        inner_layout.addWidget(self.order_panel)
        for text, below in (
            (lambda: self.tr("Description"), self.body_label),
            (lambda: self.tr("Record"), None),
        ):
            title = plain_label("", inner, object_name="sectionTitle")
            self.texts.set(title.setText, text)
            inner_layout.addWidget(title)
            if below is not None:
                inner_layout.addWidget(below)
        inner_layout.addWidget(self.timeline)
        inner_layout.addStretch(1)
        self.scroll = QScrollArea(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(inner)
        # Follow the record as it grows: new steps appear at the bottom.
        self._follow_record = False
        self.timeline_model.rowsInserted.connect(self._scroll_to_end_later)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._on_scroll_range)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.action_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.comment_box)
        return content

    def _scroll_to_end_later(self) -> None:
        # The scroll range grows only once the new entry is laid out; follow it then.
        self._follow_record = True

    def _on_scroll_range(self, _minimum: int, maximum: int) -> None:
        if self._follow_record:
            self._follow_record = False
            self.scroll.verticalScrollBar().setValue(maximum)

    # ------------------------------------------------------------ which ticket

    def show_ticket(self, ticket_id: int | None) -> None:
        if ticket_id == self.ticket_id:
            return
        if self.ticket_id is not None:
            self._session.close_ticket(self.ticket_id)
        self.comment_box.set_ticket(ticket_id)
        self.ticket_id = ticket_id
        self.action_bar.set_ticket(ticket_id)
        self.message.clear_message()
        self.timeline_model.set_ticket(ticket_id)
        if ticket_id is None:
            self._stack.setCurrentIndex(0)
            return
        self._load_record(ticket_id)
        self._refresh()
        self._stack.setCurrentIndex(1 if ticket_id in self._state.tickets else 0)
        self.ticket_shown.emit(ticket_id)

    def _load_record(self, ticket_id: int) -> None:
        self._record_missing = False
        reply = self._session.open_ticket(ticket_id)
        reply.failed.connect(lambda error, t=ticket_id: self._on_open_failed(t, error))

    def _on_open_failed(self, ticket_id: int, error: ApiError) -> None:
        if ticket_id == self.ticket_id:
            self._record_missing = True  # loaded again once the server is back
            self._record_error = error_text(error)
            self.message.show_error(self._record_error)

    def _on_live_state(self) -> None:
        if (
            self._record_missing
            and self.ticket_id is not None
            and self._session.live_state is LiveState.ONLINE
        ):
            if self.message.text() == self._record_error:
                self.message.clear_message()
            self._load_record(self.ticket_id)

    def _on_ticket_changed(self, ticket_id: int) -> None:
        if ticket_id == self.ticket_id:
            self._stack.setCurrentIndex(1)
            self._refresh()

    def _on_ticket_removed(self, ticket_id: int) -> None:
        if ticket_id == self.ticket_id:
            self.show_ticket(None)

    @property
    def ticket(self) -> TicketPublic | None:
        return self._state.tickets.get(self.ticket_id) if self.ticket_id is not None else None

    @property
    def dialog(self) -> QDialog | None:
        """The action dialog open right now, if any."""
        return self.action_bar.dialog

    def placeholder_values(self) -> dict[str, str]:
        """What a quick reply's placeholders stand for on the shown ticket (empty: unknown)."""
        ticket = self.ticket
        me = self._state.me
        if ticket is None:
            return {}
        order = self.order_panel.order
        customer = order.customer_name if order is not None and order.order_no == ticket.order_no \
            else str(ticket.fields.get("customer_name") or "")
        return {
            "customer_name": customer,
            "order_number": ticket.order_no or "",
            "agent_name": me.display_name if me is not None else "",
            "ticket_number": str(ticket.id),
        }

    def manage_quick_replies(self) -> MyQuickRepliesDialog:
        """The dialog of my own quick replies (one, kept; raised if it is open)."""
        if self.my_quick_replies_dialog is None:
            self.my_quick_replies_dialog = MyQuickRepliesDialog(
                self._state, self.quick_replies, self.window())
        dialog = self.my_quick_replies_dialog
        if dialog.isVisible():  # (open already, perhaps behind: bring it up)
            dialog.raise_()
            dialog.activateWindow()
        dialog.show()
        return dialog

    def save_reply_as_quick_reply(self) -> QInputDialog | None:
        """Keep what is in the reply box as one of my own quick replies, under a name asked
        for (on the server: it follows me to any workstation)."""
        text = self.comment_edit.toPlainText().strip()
        if not text:
            self.message.show_error(lambda: self.tr("Write the text in the reply box first."))
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("quickReplyName")
        dialog.setWindowTitle(self.tr("Save as quick reply"))
        dialog.setLabelText(self.tr("Name (type / and part of it in the reply box):"))
        dialog.setTextValue("")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda name: self._save_quick_reply(name, text))
        self.quick_reply_dialog = dialog
        dialog.open()
        return dialog

    def _save_quick_reply(self, name: str, text: str) -> None:
        reply = self.quick_replies.add_mine(name.strip(), text)
        # Bound methods, not lambdas: Qt drops them when the detail goes before the answer.
        reply.setProperty("quick_reply_name", name)
        reply.succeeded.connect(self._on_quick_reply_saved)
        reply.failed.connect(self._on_quick_reply_failed)

    def _on_quick_reply_saved(self, _reply: object) -> None:
        reply = self.sender()
        name = reply.property("quick_reply_name") if reply is not None else ""
        self.notice.emit(self.tr("Quick reply “{name}” saved.").format(name=name))

    def _on_quick_reply_failed(self, error: ApiError) -> None:
        self.message.show_error(error_text(error))

    def focus_reply(self) -> bool:
        """Put the keyboard in the reply box, if the shown ticket takes comments."""
        if self.ticket is None or not self.comment_edit.isEnabled():
            return False
        self.comment_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def info_text(self) -> dict[str, str]:
        """The particulars as shown: label → value."""
        return self.facts.text()

    # ------------------------------------------------------------ showing it

    def retranslate(self) -> None:
        super().retranslate()
        self._refresh()  # the shown ticket's words (statuses, times, buttons) anew

    def _refresh(self) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        self.header.show_ticket(ticket)
        self.facts.show_ticket(ticket)
        self.order_panel.show_for(ticket.id, ticket.order_no)
        self.action_bar.refresh()
        self.body_label.setText(ticket.body.strip() or self.tr("(no description)"))
        self.comment_box.set_allowed(Action.COMMENT in self._state.allowed_actions(ticket.id))
