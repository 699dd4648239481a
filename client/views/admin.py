"""The administrator's window: accounts, groups, ticket types, the groups' quick replies,
API keys and webhooks, as tabs. Its size and the split of the groups and types screens are
remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QGuiApplication, QHideEvent
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ..state.quick_replies import QuickReplies
from ..state.session import ClientSession
from .admin_groups import GroupsAdmin
from .admin_keys import KeysAdmin
from .admin_quick_replies import QuickRepliesAdmin
from .admin_types import TypesAdmin
from .admin_users import UsersAdmin
from .admin_webhooks import WebhooksAdmin
from .retranslate import FollowsLanguage, refresh_words

GEOMETRY_KEY = "admin/geometry"
GROUPS_SPLITTER_KEY = "admin/groups_splitter"
TYPES_SPLITTER_KEY = "admin/types_splitter"

DEFAULT_SIZE = QSize(1280, 680)
"""The first size: fits a 1366×768 laptop screen with its task bar (the smallest office
screen still common), and each screen's content has room in it."""


class AdminWindow(FollowsLanguage, QWidget):
    def __init__(
        self,
        session: ClientSession,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        quick_replies: QuickReplies | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminWindow")
        self.setWindowTitle(self.tr("Administration"))
        self._settings = settings
        self.tabs = QTabWidget(self)
        self.users = UsersAdmin(session, self.tabs)
        self.tabs.addTab(self.users, self.tr("Users"))
        self.groups = GroupsAdmin(session, self.tabs)
        self.tabs.addTab(self.groups, self.tr("Groups"))
        self.types = TypesAdmin(session, self.tabs)
        self.tabs.addTab(self.types, self.tr("Ticket types"))
        # The main window's list, when it has one, so the admin's own reply box follows.
        replies = quick_replies if quick_replies is not None else QuickReplies(session, self)
        self.quick_replies = QuickRepliesAdmin(session, replies, self.tabs)
        self.tabs.addTab(self.quick_replies, self.tr("Quick replies"))
        self.keys = KeysAdmin(session, self.tabs)
        self.tabs.addTab(self.keys, self.tr("API keys"))
        self.webhooks = WebhooksAdmin(session, self.tabs)
        self.tabs.addTab(self.webhooks, self.tr("Webhooks"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._restore()
        self.retranslate()

    def retranslate(self) -> None:
        """The window's title, its tabs, the names and headers of each screen's lists in the
        language now installed (the users screen and the SLA section do their own words)."""
        self.setWindowTitle(self.tr("Administration"))
        for screen, title in (
            (self.users, self.tr("Users")),
            (self.groups, self.tr("Groups")),
            (self.types, self.tr("Ticket types")),
            (self.quick_replies, self.tr("Quick replies")),
            (self.keys, self.tr("API keys")),
            (self.webhooks, self.tr("Webhooks")),
        ):
            self.tabs.setTabText(self.tabs.indexOf(screen), title)
        for table, name in (
            (self.groups.table, self.tr("Groups")),
            (self.types.table, self.tr("Ticket types")),
            (self.keys.table, self.tr("API keys")),
            (self.webhooks.table, self.tr("Webhook endpoints")),
            (self.webhooks.deliveries_table, self.tr("Deliveries")),
            (self.webhooks.dead_table, self.tr("Failed deliveries")),
        ):
            table.setAccessibleName(name)
            refresh_words(table.model())

    def _splitters(self) -> dict[str, QSplitter]:
        return {GROUPS_SPLITTER_KEY: self.groups.splitter, TYPES_SPLITTER_KEY: self.types.splitter}

    def _restore(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY) if self._settings else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self._default_size())
        for key, splitter in self._splitters().items():
            state = self._settings.value(key) if self._settings else None
            if state is not None:
                splitter.restoreState(state)

    def _default_size(self) -> QSize:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        room = screen.availableGeometry().size() - QSize(40, 40)  # the frame, a margin
        return DEFAULT_SIZE.boundedTo(room)

    def remember(self) -> None:
        """Keep the window's size and the splits for the next time it opens."""
        if self._settings is None:
            return
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        for key, splitter in self._splitters().items():
            self._settings.setValue(key, splitter.saveState())

    def hideEvent(self, event: QHideEvent) -> None:
        self.remember()
        super().hideEvent(event)
