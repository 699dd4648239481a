"""Administration of webhooks: endpoints (register with event and group filters, enable or
disable, rotate the secret, remove), each one's latest deliveries with their state and last
error, and its dead letters with Redeliver.

A secret is shown once, in a panel with a copy button (the receiver verifies with it). The
form is checked with the server's own `WebhookCreate` first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common import limits
from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import (
    RedeliverResult,
    WebhookCreate,
    WebhookPublic,
    WebhookWithSecret,
)

from ..collation import sorted_by_name
from ..labels import event_kind_label
from ..models.webhooks import DeliveryTableModel, WebhookTableModel
from ..net.api import ApiError, ApiReply
from ..state.session import ClientSession
from ..state.webhooks import WebhookList
from .admin_rows import reselect_quietly, select_id, selected_row
from .common import MessageBar, error_text
from .retranslate import FollowsLanguage
from .shown_once import ShownOnce

ROLE_VALUE = Qt.ItemDataRole.UserRole + 1


def _table(parent: QWidget, model: object, multi: bool = False) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _checklist(parent: QWidget, items: list[tuple[str, object]], rows: int) -> QListWidget:
    box = QListWidget(parent)
    for text, value in items:
        item = QListWidgetItem(text, box)
        item.setData(ROLE_VALUE, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    # Room for ``rows`` rows whether or not any are there yet (the groups arrive later).
    row = max(box.sizeHintForRow(0), box.fontMetrics().height() + 4)
    box.setFixedHeight(row * rows + 2 * box.frameWidth() + 4)
    return box


def _checked(box: QListWidget) -> list[object]:
    return [box.item(i).data(ROLE_VALUE) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


class WebhooksAdmin(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webhooksAdmin")
        self.hooks = WebhookList(session, self)
        self._session = session
        self._reply: ApiReply | None = None
        self._made_id: int | None = None

        self.model = WebhookTableModel(self.hooks, session.state.group_name, self)
        self.table = _table(self, self.model)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        # A reload keeps the chosen endpoint chosen (its deliveries stay on screen).
        self.model.modelReset.connect(lambda: reselect_quietly(
            self.table, self.model, self.hooks.endpoint_id))
        self.model.modelReset.connect(self._update_buttons)

        self.enable_button = QPushButton(self)  # its words: `_update_buttons`
        self.enable_button.clicked.connect(self.toggle_selected)
        self.rotate_button = QPushButton(self)
        self.texts.set(self.rotate_button.setText, lambda: self.tr("Rotate secret…"))
        self.texts.set(self.rotate_button.setToolTip, lambda: self.tr(
            "A new secret, shown once; the old one also signs for a day, so the receiver "
            "can switch over"))
        self.rotate_button.clicked.connect(self.rotate_selected)
        self.remove_button = QPushButton(self)
        self.texts.set(self.remove_button.setText, lambda: self.tr("Remove…"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh_button = QPushButton(self)
        self.texts.set(self.refresh_button.setText, lambda: self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)

        self.deliveries_model = DeliveryTableModel(self.hooks, "deliveries", self)
        self.deliveries_table = _table(self, self.deliveries_model)
        self.dead_model = DeliveryTableModel(self.hooks, "dead", self)
        self.dead_table = _table(self, self.dead_model, multi=True)
        self.dead_table.selectionModel().selectionChanged.connect(self._on_selected)
        self.dead_model.modelReset.connect(self._update_buttons)
        self.redeliver_button = QPushButton(self)
        self.texts.set(self.redeliver_button.setText, lambda: self.tr("Redeliver selected"))
        self.redeliver_button.clicked.connect(self.redeliver_selected)
        self.redeliver_all_button = QPushButton(self)
        self.texts.set(self.redeliver_all_button.setText, lambda: self.tr("Redeliver all"))
        self.redeliver_all_button.clicked.connect(self.redeliver_all)
        dead_page = QWidget(self)
        dead_layout = QVBoxLayout(dead_page)
        dead_layout.setContentsMargins(0, 0, 0, 0)
        dead_hint = QLabel(dead_page)
        self.texts.set(dead_hint.setText, lambda: self.tr(
            "Messages that kept failing for the whole retry period (24 hours by default). "
            "Redeliver sends them again, with the same webhook-id."))
        dead_hint.setWordWrap(True)
        dead_layout.addWidget(dead_hint)
        dead_layout.addWidget(self.dead_table, 1)
        dead_actions = QHBoxLayout()
        dead_actions.addStretch(1)
        dead_actions.addWidget(self.redeliver_button)
        dead_actions.addWidget(self.redeliver_all_button)
        dead_layout.addLayout(dead_actions)
        self.delivery_tabs = QTabWidget(self)
        self.texts.tab(self.delivery_tabs, self.deliveries_table, lambda: self.tr("Deliveries"))
        self.texts.tab(self.delivery_tabs, dead_page, lambda: self.tr("Dead letters"))

        self.url_edit = QLineEdit(self)
        self.url_edit.setMaxLength(limits.URL_MAX)
        self.url_edit.setPlaceholderText("https://crm.example.com/hooks/ticketdesk")
        self.description_edit = QLineEdit(self)
        self.description_edit.setMaxLength(limits.DESCRIPTION_MAX)
        self.texts.set(self.description_edit.setPlaceholderText,
                       lambda: self.tr("e.g. CRM: after-sales tickets"))
        self.kinds_list = _checklist(self, [(event_kind_label(k), k.value) for k in EventKind],
                                     6)
        self.groups_list = _checklist(self, [], 4)
        session.state.groups_changed.connect(self._fill_groups)
        self._fill_groups()
        self.create_button = QPushButton(self)
        self.texts.set(self.create_button.setText, lambda: self.tr("Register endpoint"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        self.message = MessageBar(self)

        form = QFormLayout()
        label = self.texts.label
        form.addRow(label(lambda: self.tr("Receiver URL"), self.url_edit), self.url_edit)
        form.addRow(label(lambda: self.tr("Description"), self.description_edit),
                    self.description_edit)
        form.addRow(label(lambda: self.tr("Events"), self.kinds_list), self.kinds_list)
        form.addRow(label(lambda: self.tr("Groups"), self.groups_list), self.groups_list)
        new_box = QGroupBox(self)
        self.texts.set(new_box.setTitle, lambda: self.tr("New endpoint"))
        new_layout = QVBoxLayout(new_box)
        hint = QLabel(new_box)
        self.texts.set(hint.setText, lambda: self.tr(
            "Nothing ticked sends every event, of every group. The receiver must be on a "
            "public address unless the server allows its network."))
        hint.setWordWrap(True)
        new_layout.addWidget(hint)
        new_layout.addLayout(form)
        create_row = QHBoxLayout()
        create_row.addStretch(1)
        create_row.addWidget(self.create_button)
        new_layout.addLayout(create_row)

        self.shown_box = ShownOnce(
            lambda: self.tr("The signing secret — shown this once"),
            lambda: self.tr("Give it to the receiver now (it verifies every message with "
                            "it); it cannot be shown again."),
            self,
        )
        self.shown_box.copied.connect(self._on_copied)
        self.secret_edit, self.copy_button = self.shown_box.edit, self.shown_box.copy_button

        actions = QHBoxLayout()
        for button in (self.enable_button, self.rotate_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.refresh_button)
        left = QVBoxLayout()
        left.addWidget(self.table, 2)
        left.addLayout(actions)
        left.addWidget(self.delivery_tabs, 3)
        right = QVBoxLayout()
        right.addWidget(new_box)
        right.addWidget(self.shown_box)
        right.addWidget(self.message)
        right.addStretch(1)
        side = QWidget(self)
        side.setLayout(right)
        side.setMaximumWidth(440)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(side)
        self._update_buttons()
        self.hooks.load().failed.connect(self._on_failed)

    def retranslate(self) -> None:
        super().retranslate()
        for row in range(self.kinds_list.count()):
            item = self.kinds_list.item(row)
            item.setText(event_kind_label(EventKind(item.data(ROLE_VALUE))))
        self._update_buttons()  # Enable / Disable

    def _on_copied(self) -> None:
        self.message.show_notice(lambda: self.tr("Secret copied."))

    def _fill_groups(self) -> None:
        chosen = set(_checked(self.groups_list))
        self.groups_list.clear()
        for group in sorted_by_name(self._session.state.groups.values(), lambda g: g.name):
            item = QListWidgetItem(group.name, self.groups_list)
            item.setData(ROLE_VALUE, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if group.id in chosen
                               else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------ choosing

    def selected_endpoint(self) -> WebhookPublic | None:
        row = selected_row(self.table)
        return self.model.endpoint_at(row) if row is not None else None

    def select_endpoint(self, endpoint_id: int) -> bool:
        return select_id(self.table, self.model, endpoint_id)

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        hook = self.selected_endpoint()
        chosen = hook.id if hook is not None else None
        if chosen != self.hooks.endpoint_id:
            self.hooks.load_deliveries(chosen)
        self._update_buttons()

    def _selected_dead(self) -> list[int]:
        rows = sorted(i.row() for i in self.dead_table.selectionModel().selectedRows())
        return [d.id for r in rows if (d := self.dead_model.delivery_at(r)) is not None]

    def _update_buttons(self) -> None:
        hook = self.selected_endpoint()
        idle = self._reply is None
        for button in (self.enable_button, self.rotate_button, self.remove_button):
            button.setEnabled(hook is not None and idle)
        self.enable_button.setText(self.tr("Enable") if hook is not None and not hook.enabled
                                   else self.tr("Disable"))
        self.redeliver_button.setEnabled(idle and bool(self._selected_dead()))
        self.redeliver_all_button.setEnabled(idle and self.dead_model.rowCount() > 0)
        self.create_button.setEnabled(idle)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before a change a receiver notices (a test may answer for the user)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def refresh(self) -> None:
        self.hooks.load().failed.connect(self._on_failed)

    # ------------------------------------------------------------ changing

    def _form_data(self) -> WebhookCreate:
        return WebhookCreate(
            url=self.url_edit.text().strip(),
            description=self.description_edit.text(),
            kinds=_checked(self.kinds_list),  # type: ignore[arg-type]
            groups=_checked(self.groups_list),  # type: ignore[arg-type]
        )

    def create(self) -> None:
        if self._reply is not None:
            return
        self.message.clear_message()
        try:
            data = self._form_data()
        except ValidationError:
            self.message.show_error(lambda: self.tr("Enter the receiver's URL (https://…)."))
            return
        self._send(self.hooks.create(data), self._on_secret)

    def toggle_selected(self) -> None:
        hook = self.selected_endpoint()
        if hook is None or self._reply is not None:
            return
        if hook.enabled and not self.confirm(self.tr("Disable endpoint"), self.tr(
                "Stop sending to {url}? Nothing new is queued for it until it is enabled "
                "again.").format(url=hook.url)):
            return
        self.message.clear_message()
        self._send(self.hooks.set_enabled(hook.id, not hook.enabled), None)

    def rotate_selected(self) -> None:
        hook = self.selected_endpoint()
        if hook is None or self._reply is not None:
            return
        if not self.confirm(self.tr("Rotate secret"), self.tr(
                "Make a new secret for {url}? Messages carry both signatures for a day; "
                "give the receiver the new one.").format(url=hook.url)):
            return
        self.message.clear_message()
        self._send(self.hooks.rotate(hook.id), self._on_secret)

    def remove_selected(self) -> None:
        hook = self.selected_endpoint()
        if hook is None or self._reply is not None:
            return
        if not self.confirm(self.tr("Remove endpoint"), self.tr(
                "Remove {url} with its queue and its record of deliveries?").format(
                    url=hook.url)):
            return
        self.message.clear_message()
        self._send(self.hooks.remove(hook.id), self._on_removed)

    def redeliver_selected(self) -> None:
        self._redeliver(self._selected_dead())

    def redeliver_all(self) -> None:
        self._redeliver(None)

    def _redeliver(self, ids: list[int] | None) -> None:
        hook = self.selected_endpoint()
        if hook is None or self._reply is not None or ids == []:
            return
        self.message.clear_message()
        self._send(self.hooks.redeliver(hook.id, ids), self._on_redelivered)

    def _send(self, reply: ApiReply, on_success: Callable[[Any], None] | None) -> None:
        # ``on_success`` is a bound method of this view (never a lambda or a local function):
        # Qt drops a connection to a bound slot of a deleted widget, so an answer arriving
        # after the screen closed touches nothing.
        self._reply = reply
        if on_success is not None:
            reply.succeeded.connect(on_success)
        reply.failed.connect(self._on_failed)
        reply.finished.connect(self._on_finished)
        self._update_buttons()

    def _on_secret(self, made: WebhookWithSecret) -> None:
        self.shown_box.show_secret(made.secret)
        self.message.show_notice(lambda: self.tr("Secret made for {url}.").format(url=made.url))
        self._made_id = made.id
        self.hooks.changed.connect(self._select_made, Qt.ConnectionType.SingleShotConnection)

    def _select_made(self) -> None:
        if self._made_id is not None:
            self.select_endpoint(self._made_id)

    def _on_removed(self, _result: object) -> None:
        self.message.show_notice(lambda: self.tr("Endpoint removed."))

    def _on_redelivered(self, result: RedeliverResult) -> None:
        self.message.show_notice(lambda: self.tr("{n} dead letters sent again.").format(
            n=result.redelivered))


    def _on_failed(self, error: ApiError) -> None:
        if error.code == "webhook_url_refused":
            self.message.show_error(lambda: self.tr(
                "The server refuses this receiver: {reason}").format(reason=error.message))
        else:
            self.message.show_error(lambda: error_text(error))

    def _on_finished(self) -> None:
        self._reply = None
        self._update_buttons()
