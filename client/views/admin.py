"""The administrator's window: accounts, groups, ticket types, API keys and webhooks, as
tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..state.session import Session
from .admin_groups import GroupsAdmin
from .admin_keys import KeysAdmin
from .admin_types import TypesAdmin
from .admin_users import UsersAdmin
from .admin_webhooks import WebhooksAdmin


class AdminWindow(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminWindow")
        self.setWindowTitle(self.tr("Administration"))
        self.tabs = QTabWidget(self)
        self.users = UsersAdmin(session, self.tabs)
        self.tabs.addTab(self.users, self.tr("Users"))
        self.groups = GroupsAdmin(session, self.tabs)
        self.tabs.addTab(self.groups, self.tr("Groups"))
        self.types = TypesAdmin(session, self.tabs)
        self.tabs.addTab(self.types, self.tr("Ticket types"))
        self.keys = KeysAdmin(session, self.tabs)
        self.tabs.addTab(self.keys, self.tr("API keys"))
        self.webhooks = WebhooksAdmin(session, self.tabs)
        self.tabs.addTab(self.webhooks, self.tr("Webhooks"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1280, 720)
