"""The agent's main window: the inbox beside the ticket detail, live all day."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.enums import Presence, PresenceReason, Role
from ticketdesk.common.models import EventPublic

from .. import i18n
from ..appearance import Appearance
from ..labels import presence_label, role_label
from ..models.countdown import CountdownTicker
from ..net.api import ApiError
from ..net.live import LiveState
from ..state import ClientSession
from ..state.news import NewsFeed, NewsWatcher, NotifyPrefs
from ..state.saved_views import SavedViews
from .common import Banner, error_text, plain_label
from .inbox import InboxPanel
from .keymap import Keymap, plain_text
from .modes import ModeSwitch
from .new_ticket import NewTicketDialog
from .notify import DesktopNotifier
from .notify_controls import NotifyControls
from .notify_settings import NotifyPage
from .palette import CommandPalette
from .retranslate import FollowsLanguage
from .settings import AppearancePage, SettingsDialog, SettingsPage
from .shortcut_settings import ShortcutSettings
from .shortcut_sheet import ShortcutSheet
from .ticket_commands import TicketCommands
from .ticket_detail import TicketDetailView

if TYPE_CHECKING:
    from ..models.palette import Entry, EntryKind
    from .admin import AdminWindow
    from .caller import CallerDialog
    from .wallboard import Wallboard

BANNER_DELAY_MS = 1500
"""How long the connection may be down before the window says so across its top (the
status bar says so at once)."""
GEOMETRY_KEY = "main/geometry"
SPLITTER_KEY = "main/splitter"
MODE_KEY = "main/mode"
"""The mode (inbox, board, …) the window was left in: a supervisor comes back to the board."""


class MainWindow(FollowsLanguage, QMainWindow):
    logout_requested = Signal()
    closed = Signal()

    def __init__(
        self,
        session: ClientSession,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        use_tray: bool | None = None,
        activity_clock: Callable[[], float] | None = None,
        system_idle: bool = True,
        appearance: Appearance | None = None,
    ) -> None:
        """``use_tray``: None shows offers in the system tray when the desktop has one;
        ``activity_clock`` (monotonic seconds) times input for the automatic away (tests
        drive it); ``system_idle``: also count input to other programs where the platform
        tells it."""
        super().__init__(parent)
        self._session = session
        self._state = session.state
        self._settings = settings
        self._new_ticket: NewTicketDialog | None = None
        self.caller_dialog: CallerDialog | None = None
        self.admin_window: AdminWindow | None = None
        self.wallboard: Wallboard | None = None
        self._requested_presence: Presence | None = None
        """What this window last asked the server to set, until the server confirms it."""
        self.setObjectName("mainWindow")
        self.keymap = Keymap(settings, self)
        self.appearance = appearance or Appearance(
            QApplication.instance(), settings, parent=self  # type: ignore[arg-type]
        )
        if appearance is None:
            self.appearance.translators.language = i18n.choose_language(settings)
        self.settings_dialog: SettingsDialog | None = None
        self.shortcut_sheet: ShortcutSheet | None = None
        self.palette: CommandPalette | None = None
        self._focus_before_palette: QWidget | None = None
        self._status_words: tuple[str, Callable[[], str], int] | None = None
        """The passing message shown, its maker and how long it stays (see `say`)."""

        # One beat for the accept countdowns in the list and in the detail.
        self.ticker = CountdownTicker(session.clock.now, self)
        self.inbox = InboxPanel(session.state, self, ticker=self.ticker)
        self.detail = TicketDetailView(session, self, ticker=self.ticker)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.inbox)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        self.splitter.setChildrenCollapsible(False)
        # Lasting states above everything: the connection is down; the server set me offline.
        self.connection_banner = Banner(self, object_name="connectionBanner")
        self._banner_delay = QTimer(self, singleShot=True, interval=BANNER_DELAY_MS)
        self._banner_delay.timeout.connect(self._show_connection_banner)
        self.presence_banner = Banner(self, object_name="presenceBanner")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.connection_banner)
        layout.addWidget(self.presence_banner)
        # Modes: the agent's inbox, and for supervisors the dispatch board (others add theirs
        # with ``self.modes.add_mode``).
        self.modes = ModeSwitch(self)
        self._inbox_mode = self.modes.add_mode(
            "inbox", self.tr("Inbox"), lambda: self.splitter, shortcut="Ctrl+1"
        )
        self.texts.set(self._inbox_mode.setText, lambda: self.tr("Inbox"))
        layout.addWidget(self.modes, 1)
        self.setCentralWidget(central)
        self.inbox.ticket_selected.connect(self.detail.show_ticket)
        # Saved views with live counts, above the inbox (counted from the live tickets).
        self.saved_views = SavedViews(session, self.inbox.presenter.matches, self)
        self.inbox.set_saved_views(self.saved_views)
        self.detail.notice.connect(self._show_notice)

        # What is news (offers, transfers in, comments, SLA) is decided in the state — the
        # watcher, then the feed (settings, bursts, do-not-disturb); the notifier shows it.
        self.news = NewsWatcher(
            session.state, session.live_event, since=session.started_at, parent=self
        )
        self.offers = self.news.offers
        self.news_feed = NewsFeed(session.state, NotifyPrefs(settings), self)
        self.news.news.connect(self.news_feed.add)
        self.notifier = DesktopNotifier(
            self, session.state, QApplication.windowIcon(), self.news_feed, use_tray=use_tray
        )
        self.notify_controls = NotifyControls(self, session.state, self.news_feed, self.notifier)
        self.notify_controls.settings_requested.connect(
            lambda: self.open_settings("notifications"))

        self.commands = TicketCommands(self, self._state, self.inbox, self.detail, self.keymap)
        self._build_actions()
        self._build_toolbar()
        self.addToolBar(self.modes.toolbar)
        self._build_menus()
        self._build_status_bar()

        self.offers.offered.connect(self._on_offered)
        self.notifier.clicked.connect(self._on_notification_clicked)

        self._start_auto_presence(activity_clock, system_idle)

        state = session.state
        state.me_changed.connect(self._on_me_changed)
        state.my_presence_event.connect(self._on_my_presence_event)
        session.live_state_changed.connect(self._update_connection)
        session.loading_changed.connect(self._update_connection)
        session.load_failed.connect(self._on_load_failed)
        self._on_me_changed()
        self._update_connection()
        self._restore_geometry()

    # ------------------------------------------------------------ building

    def _action(
        self,
        text: Callable[[], str],
        *,
        icon_text: Callable[[], str] | None = None,
        tip: Callable[[], str] | None = None,
    ) -> QAction:
        """An action whose words follow the language."""
        action = QAction(self)
        self.texts.set(action.setText, text)
        if icon_text is not None:
            self.texts.set(action.setIconText, icon_text)  # the toolbar's words
        if tip is not None:
            self.texts.set(action.setToolTip, tip)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            lambda: self.tr("&New ticket…"),
            icon_text=lambda: self.tr("New ticket"),
            tip=lambda: self.tr("Create a ticket for a group (Ctrl+N)"),
        )
        self.new_action.triggered.connect(self.open_new_ticket)
        self.refresh_action = self._action(
            lambda: self.tr("&Refresh"),
            icon_text=lambda: self.tr("Refresh"),
            tip=lambda: self.tr("Load everything again from the server (F5)"),
        )
        self.refresh_action.triggered.connect(self._session.reload)
        self.find_action = self._action(lambda: self.tr("&Filter"))
        self.find_action.triggered.connect(lambda: self.filter_edit.setFocus())
        # The audit search is a mode of the window; this action switches to it.
        self.audit_action = self._action(
            lambda: self.tr("&Audit search…"),
            tip=lambda: self.tr("Search every ticket, step and admin change"),
        )
        self.audit_action.setVisible(False)  # supervisors and admins only
        self.audit_action.triggered.connect(self.open_audit)
        self.logout_action = self._action(lambda: self.tr("&Log out"))
        self.logout_action.triggered.connect(self.logout_requested)
        self.quit_action = self._action(lambda: self.tr("&Quit"))
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.find_action)
        self.wallboard_action = self._action(
            lambda: self.tr("&Wallboard"),
            tip=lambda: self.tr(
                "Queues of every group full screen, for the TV on the wall (F11; Esc closes)"
            ),
        )
        self.wallboard_action.setVisible(False)  # supervisors and admins only
        self.wallboard_action.triggered.connect(self.open_wallboard)
        # Alt+D: Alt+A is audit search's.
        self.admin_action = self._action(
            lambda: self.tr("A&dministration…"),
            tip=lambda: self.tr("Users, groups and ticket types"),
        )
        self.admin_action.triggered.connect(self.open_admin)
        self.admin_action.setVisible(False)
        self.palette_action = self._action(
            lambda: self.tr("Command &palette…"),
            tip=lambda: self.tr(
                "Find any command, view or ticket by typing (pinyin initials work too)"
            ),
        )
        self.palette_action.triggered.connect(self.open_palette)
        self.sheet_action = self._action(lambda: self.tr("&Keyboard shortcuts"))
        self.sheet_action.triggered.connect(self.show_shortcut_sheet)
        self.customize_action = self._action(lambda: self.tr("&Customize shortcuts…"))
        self.customize_action.triggered.connect(self.customize_shortcuts)
        self.settings_action = self._action(
            lambda: self.tr("&Settings…"),
            tip=lambda: self.tr("Theme, text size, language, notifications"),
        )
        self.settings_action.triggered.connect(self.open_settings)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self)
        self.texts.set(toolbar.setWindowTitle, lambda: self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_action)
        new_button = toolbar.widgetForAction(self.new_action)
        if new_button is not None:
            new_button.setObjectName("primary")
        toolbar.addAction(self.refresh_action)
        toolbar.addSeparator()
        self.filter_edit = QLineEdit(toolbar)
        self.filter_edit.setObjectName("quickFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.texts.set(
            self.filter_edit.setPlaceholderText,
            lambda: self.tr("Filter: number, title, order no., customer, name… (Ctrl+F)"),
        )
        self.texts.set(self.filter_edit.setAccessibleName, lambda: self.tr("Quick filter"))
        self.filter_edit.setMinimumWidth(360)
        self.filter_edit.textChanged.connect(self.inbox.set_filter_text)
        toolbar.addWidget(self.filter_edit)
        self.addToolBar(toolbar)

    def _keyed(self, menu: QMenu, key: str, action: QAction, default: str | QKeySequence) -> None:
        """Put ``action`` in ``menu`` with a key the agent may change (command ``key``)."""
        menu.addAction(action)
        self.keymap.add(key, action, default, section=menu.menuAction())

    def _menu(self, text: Callable[[], str], parent: QMenu | None = None) -> QMenu:
        """A menu of the menu bar (or of ``parent``) whose title follows the language."""
        menu = parent.addMenu("") if parent is not None else self.menuBar().addMenu("")
        self.texts.set(menu.setTitle, text)
        return menu

    def _build_menus(self) -> None:
        standard = QKeySequence.StandardKey
        file_menu = self._menu(lambda: self.tr("&File"))
        self._keyed(file_menu, "file.new", self.new_action, QKeySequence(standard.New))
        file_menu.addSeparator()
        self._keyed(file_menu, "file.settings", self.settings_action, "Ctrl+,")
        file_menu.addSeparator()
        file_menu.addAction(self.logout_action)
        self._keyed(file_menu, "file.quit", self.quit_action, "Ctrl+Q")
        view_menu = self._menu(lambda: self.tr("&View"))
        self._keyed(view_menu, "view.refresh", self.refresh_action, QKeySequence(standard.Refresh))
        self._keyed(view_menu, "view.search", self.find_action, QKeySequence(standard.Find))
        self._keyed(view_menu, "view.palette", self.palette_action, "Ctrl+K")
        view_menu.addAction(self.audit_action)
        self._keyed(view_menu, "view.wallboard", self.wallboard_action, "F11")
        view_menu.addAction(self.admin_action)
        view_menu.addSeparator()
        self.notify_controls.add_to_menu(view_menu)
        language_menu = self._menu(lambda: self.tr("&Language"), view_menu)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=code: self._choose_language(c))
            self.language_actions[code] = action
        self._check_language()
        self.commands.fill_ticket_menu(self._menu(lambda: self.tr("&Ticket")))
        self.go_menu = self._menu(lambda: self.tr("&Go"))
        self.commands.fill_go_menu(self.go_menu)
        self.go_menu.addSeparator()
        self._keyed(self.go_menu, "mode.inbox", self._inbox_mode, "Ctrl+1")
        help_menu = self._menu(lambda: self.tr("&Help"))
        self._keyed(help_menu, "help.shortcuts", self.sheet_action, "F1")
        help_menu.addAction(self.customize_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # Permanent, so that passing messages on the left never hide whether we are live.
        self.connection_label = plain_label("", bar, wrap=False, object_name="connection")
        self.texts.set(
            self.connection_label.setToolTip,
            lambda: self.tr("While live, new and changed tickets appear by themselves."),
        )
        self.user_label = plain_label("", bar, wrap=False)
        self.presence_combo = QComboBox(bar)
        self.presence_combo.setObjectName("presence")
        self.texts.set(
            self.presence_combo.setToolTip,
            lambda: self.tr("Online: new tickets may be assigned to you"),
        )
        for presence in Presence:
            self.presence_combo.addItem(presence_label(presence), presence.value)
        self.presence_combo.activated.connect(self._on_presence_chosen)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.user_label)
        self.notify_controls.add_to_status_bar(bar)
        status_label = QLabel(bar)
        self.texts.set(status_label.setText, lambda: self.tr("&Status:"))
        status_label.setBuddy(self.presence_combo)
        bar.addPermanentWidget(status_label)
        bar.addPermanentWidget(self.presence_combo)

    def _restore_geometry(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 860)
        splitter = self._settings.value(SPLITTER_KEY)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([820, 620])

    def open_audit(self) -> QWidget:
        """Switch to the audit search (supervisors and admins)."""
        return self.modes.show_mode("audit")

    def _make_audit(self) -> QWidget:
        from .audit import AuditView  # only supervisors open it: not loaded at start

        return AuditView(self._session, self)

    # ------------------------------------------------------------ state → window

    def _add_supervisor_modes(self) -> None:
        me = self._state.me
        if me is None or not me.role.supervises or "board" in self.modes.modes():
            return
        for key, label, factory, default in (
            ("board", lambda: self.tr("Dispatch board"), self._make_board, "Ctrl+2"),
            ("dashboard", lambda: self.tr("KPI dashboard"), self._make_dashboard, "Ctrl+3"),
            ("audit", lambda: self.tr("Audit search"), self._make_audit, "Ctrl+4"),
        ):
            action = self.modes.add_mode(key, label(), factory)
            self.texts.set(action.setText, label)
            self._keyed(self.go_menu, f"mode.{key}", action, default)
        last = self._settings.value(MODE_KEY)
        if isinstance(last, str) and last in self.modes.modes():
            self.modes.show_mode(last)

    def _make_dashboard(self) -> QWidget:
        # Only supervisors open it, and its charts load pyqtgraph (a second): not at start.
        from .dashboard import DashboardView

        return DashboardView(self._session, self)

    def _make_board(self) -> QWidget:
        from .board import BoardView  # only supervisors open it: not loaded at start

        return BoardView(self._session, self.ticker, self)

    def _on_me_changed(self) -> None:
        self._add_supervisor_modes()
        me = self._state.me
        if me is None:
            return
        self.audit_action.setVisible(me.role.supervises)
        self.wallboard_action.setVisible(me.role.supervises)
        self.setWindowTitle(
            self.tr("{name} ({role}) @ {server}").format(
                name=me.display_name,
                role=role_label(me.role),
                server=self._session.server_name or self._session.server_address,
            )
        )
        self.admin_action.setVisible(me.role is Role.ADMIN)
        groups = "、".join(self._state.group_name(g) for g in me.group_ids)
        self.user_label.setText(f"{me.display_name} · {groups}" if groups else me.display_name)
        self._show_my_presence()

    def _show_my_presence(self) -> None:
        """The switcher shows what the server says my presence is."""
        me = self._state.me
        if me is None:
            return
        row = self.presence_combo.findData(me.presence.value)
        self.presence_combo.setCurrentIndex(row)
        combo = self.presence_combo
        if combo.property("presence") != me.presence.value:
            combo.setProperty("presence", me.presence.value)
            combo.style().unpolish(combo)
            combo.style().polish(combo)
        if me.presence is Presence.ONLINE:
            self.presence_banner.dismiss()

    def _update_connection(self) -> None:
        live = self._session.live_state
        if self._session.loading:
            text, kind = self.tr("Loading…"), "busy"
        elif live is LiveState.ONLINE:
            text, kind = self.tr("● Live"), "online"
        elif live is LiveState.RECONNECTING:
            text, kind = (
                self.tr("● Connection lost, reconnecting… (the list may be behind)"),
                "lost",
            )
        elif live is LiveState.CONNECTING:
            text, kind = self.tr("Connecting…"), "busy"
        else:
            text, kind = self.tr("● Offline"), "lost"
        self.connection_label.setText(text)
        self.connection_label.setProperty("kind", kind)
        self.connection_label.style().unpolish(self.connection_label)
        self.connection_label.style().polish(self.connection_label)
        # The banner waits a moment: a blip that mends at once should not shift the window.
        if live is LiveState.RECONNECTING:
            if self.connection_banner.isHidden() and not self._banner_delay.isActive():
                self._banner_delay.start()
        else:
            self._banner_delay.stop()
            self.connection_banner.dismiss()

    def _show_connection_banner(self) -> None:
        if self._session.live_state is LiveState.RECONNECTING:
            self.connection_banner.show_message(
                lambda: self.tr(
                    "The connection to the server is lost. Reconnecting… Until it is back, "
                    "the lists may be behind and actions may fail; nothing is lost meanwhile."
                ),
                "lost",
            )

    def say(self, text: Callable[[], str] | str, ms: int) -> None:
        """A passing message in the status bar for ``ms``; given a function that makes it,
        it is said again in a new language while it is up."""
        words = text if callable(text) else None
        shown = words() if words is not None else str(text)
        self._status_words = (shown, words, ms) if words is not None else None
        self.statusBar().showMessage(shown, ms)

    def _say_again(self) -> None:
        """The passing message, if one is up, in the language installed now."""
        if self._status_words is None:
            return
        shown, words, ms = self._status_words
        if self.statusBar().currentMessage() == shown:
            self.say(words, ms)
        else:
            self._status_words = None

    def _on_load_failed(self, error: ApiError) -> None:
        self.say(lambda: self.tr("Could not load the tickets: {reason}").format(
            reason=error_text(error)), 15_000)

    def _on_offered(self, ticket_id: int) -> None:
        """A ticket was just offered to me: say so here (the notifier tells the desktop)."""
        ticket = self._state.tickets.get(ticket_id)
        if ticket is None:
            return
        self.say(lambda: self.tr("New ticket for you: #{number} {title}").format(
            number=ticket.id, title=ticket.title), 30_000)

    def _on_notification_clicked(self, ticket_id: int) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if not self.inbox.select_ticket(ticket_id):
            self.detail.show_ticket(ticket_id)

    def _show_notice(self, text: str) -> None:
        self.say(text, 30_000)

    def _on_my_presence_event(self, event: EventPublic) -> None:
        """My presence changed on the server: by this window's choice (nothing to say), or
        by the server or another session (say so, and offer the way back)."""
        to = event.data.get("to")
        requested, self._requested_presence = self._requested_presence, None
        if requested is not None and to == requested.value:
            return
        if to == Presence.ONLINE.value or to not in {p.value for p in Presence}:
            self.presence_banner.dismiss()
            return
        reason = event.data.get("reason")

        def text() -> str:
            match reason:
                case "connection_lost":
                    return self.tr(
                        "TicketDesk set you offline: the connection to the server was lost for "
                        "too long. Tickets offered to you and not yet accepted went back to "
                        "the queue."
                    )
                case "logged_out":
                    return self.tr("You were set offline because you logged out elsewhere.")
                case _:
                    return self.tr("Your status was set to “{presence}” elsewhere.").format(
                        presence=presence_label(Presence(to))
                    )

        self.presence_banner.show_message(
            text,
            "notice",
            action_text=lambda: self.tr("Go online"),
            action=lambda: self.set_presence(Presence.ONLINE),
        )

    # ------------------------------------------------------------ commands

    def show_shortcut_sheet(self) -> ShortcutSheet:
        """The sheet of every key (F1); one, kept, beside the window (not modal: the agent may
        keep it open while learning the keys)."""
        if self.shortcut_sheet is None:
            self.shortcut_sheet = ShortcutSheet(self.keymap, self)
        elif self.shortcut_sheet.isVisible():  # (open already, perhaps behind: bring it up)
            self.shortcut_sheet.raise_()
        self.shortcut_sheet.show()
        self.shortcut_sheet.activateWindow()
        return self.shortcut_sheet

    def open_palette(self) -> CommandPalette:
        """The command palette (Ctrl+K), made on first use (it loads the pinyin dictionary)."""
        if self.palette is None:
            from ..models.palette import PaletteModel

            model = PaletteModel(
                self._state, self._palette_actions, self, extra=self._palette_quick_replies
            )
            self.palette = CommandPalette(model, self)
            self.palette.chosen.connect(self._on_palette_chosen)
            self.palette.finished.connect(self._restore_focus_after_palette)
        if not self.palette.isVisible():
            self._focus_before_palette = QApplication.focusWidget()
        self.palette.open_with()
        return self.palette

    def _palette_actions(self) -> list[tuple[EntryKind, QAction, str]]:
        """Every command of the menus, with its keys (or its menu) beside it."""
        from ..models.palette import EntryKind

        found: list[tuple[EntryKind, QAction, str]] = []

        def walk(menu: QMenu, kind: EntryKind, where: str) -> None:
            for action in menu.actions():
                if action.isSeparator() or action is self.palette_action:
                    continue
                if action.menu() is not None:
                    walk(action.menu(), kind, plain_text(action))
                    continue
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                found.append((kind, action, keys or where))

        for top in self.menuBar().actions():
            if top.menu() is not None:
                kind = EntryKind.VIEW if top.menu() is self.go_menu else EntryKind.COMMAND
                walk(top.menu(), kind, plain_text(top))
        return found

    def _palette_quick_replies(self) -> list[Entry]:
        """The saved views (chosen: shown), and the quick replies while the shown ticket
        takes a reply (chosen: inserted)."""
        from ..models.palette import Entry, EntryKind

        views = self.saved_views
        found = [
            Entry(EntryKind.VIEW, v.name, self.tr("Saved view ({count})").format(
                count=views.counts.get(v.id, 0)), key=f"view:{v.id}")
            for v in views.views
        ]
        if not self.commands.reply.isEnabled():
            return found
        hint = self.tr("Quick reply")
        return found + [
            Entry(EntryKind.QUICK_REPLY, r.name, hint, key=r.name)
            for r in self.detail.quick_replies.replies
        ]

    def _restore_focus_after_palette(self) -> None:
        self.activateWindow()
        before, self._focus_before_palette = self._focus_before_palette, None
        if before is not None and before.window() is self and before.isEnabled():
            before.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_palette_chosen(self, entry: Entry) -> None:
        from ..models.palette import EntryKind

        if entry.action is not None:
            entry.action.trigger()
        elif entry.kind is EntryKind.VIEW and entry.key.startswith("view:"):
            self.modes.show_mode("inbox")
            if self.inbox.views_bar is not None:
                self.inbox.views_bar.choose(int(entry.key.removeprefix("view:")))
            self.inbox.current_page().table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif entry.kind is EntryKind.QUICK_REPLY:
            if self.detail.focus_reply():
                self.detail.comment_edit.insert_quick_reply(entry.key)
        elif entry.ticket_id is not None:
            self.modes.show_mode("inbox")
            if self.inbox.select_ticket(entry.ticket_id):
                self.inbox.current_page().table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            else:
                self.detail.show_ticket(entry.ticket_id)

    def customize_shortcuts(self) -> ShortcutSettings:
        dialog = ShortcutSettings(self.keymap, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_admin(self) -> AdminWindow:
        """The administration window (one per main window), raised if it is open."""
        if self.admin_window is None:
            from .admin import AdminWindow  # (only admins need it: not at start-up)

            self.admin_window = AdminWindow(self._session, self, self._settings,
                                            self.detail.quick_replies)
            self.admin_window.setWindowFlag(Qt.WindowType.Window)
        if self.admin_window.isVisible():  # (open already, perhaps behind: bring it up)
            self.admin_window.raise_()
            self.admin_window.activateWindow()
        self.admin_window.show()
        return self.admin_window

    def open_wallboard(self) -> Wallboard:
        """The wallboard, full screen (on the screen this window is on; one at a time)."""
        if self.wallboard is None:
            from .wallboard import Wallboard  # (supervisors only: not at start-up)

            self.wallboard = Wallboard(self._session, self)
            self.wallboard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.wallboard.closed.connect(self._forget_wallboard)
        elif self.wallboard.isVisible():  # (open already, perhaps behind: bring it up)
            self.wallboard.raise_()
            self.wallboard.activateWindow()
        # The whole screen this window is on, also where no window manager makes a window
        # full screen (a TV's kiosk PC often runs none).
        self.wallboard.setGeometry(self.screen().geometry())
        self.wallboard.showFullScreen()
        return self.wallboard

    def _forget_wallboard(self) -> None:
        self.wallboard = None

    def show_caller(self, kind: str, value: str) -> CallerDialog:
        """The screen-pop: raise the window and show who is calling (``kind``: phone or
        order_no), with a new ticket for them one click away."""
        from .caller import CallerDialog

        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()
        if self.caller_dialog is None:
            self.caller_dialog = CallerDialog(self._session, self)
            self.caller_dialog.new_ticket_requested.connect(self._new_ticket_for_caller)
            self.caller_dialog.ticket_chosen.connect(self._on_notification_clicked)
        self.caller_dialog.look_up(kind, value)
        self.caller_dialog.show()
        self.caller_dialog.raise_()
        self.caller_dialog.activateWindow()
        return self.caller_dialog

    def _new_ticket_for_caller(self, phone: str, order_no: str) -> None:
        dialog = self.open_new_ticket()
        dialog.prefill(phone=phone or None, order_no=order_no or None)

    def open_new_ticket(self) -> NewTicketDialog:
        if self._new_ticket is not None:
            self._new_ticket.raise_()
            self._new_ticket.activateWindow()
            return self._new_ticket
        dialog = NewTicketDialog(self._session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._on_created)
        dialog.finished.connect(self._forget_new_ticket)
        self._new_ticket = dialog
        dialog.open()
        return dialog

    def _forget_new_ticket(self) -> None:
        self._new_ticket = None

    def _on_created(self, ticket_id: int) -> None:
        self.say(lambda: self.tr("Ticket #{number} created.").format(number=ticket_id), 10_000)
        if not self.inbox.select_ticket(ticket_id):
            self.detail.show_ticket(ticket_id)

    def _on_presence_chosen(self, row: int) -> None:
        presence = Presence(self.presence_combo.itemData(row))
        self.auto_presence.chose(presence)  # the agent's own choice: never undone by itself
        self.set_presence(presence)

    def _start_auto_presence(
        self, clock: Callable[[], float] | None, system_idle: bool
    ) -> None:
        """Away after the server's idle minutes without input, online again on input."""
        from ..idle import InputWatcher, combined, system_idle_source
        from ..state.auto_presence import AutoPresence

        clock = clock or time.monotonic
        self.input_watcher = InputWatcher(clock, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.input_watcher)
        sources = [self.input_watcher.seconds_since_input]
        system = system_idle_source() if system_idle else None
        if system is not None:
            sources.append(system)
        self.auto_presence = AutoPresence(
            self._state, combined(sources), idle_minutes=self._session.idle_away_minutes,
            clock=clock, parent=self,
        )
        self.auto_presence.wants.connect(self._set_presence_automatically)
        if system_idle:
            from ..lock_watch import LockWatcher

            self.lock_watcher = LockWatcher(self)
            self.lock_watcher.went_away.connect(self.auto_presence.away_now)
        self.auto_presence.start()

    def set_presence(self, presence: Presence, reason: PresenceReason | None = None) -> None:
        """Ask the server to set my presence; the switcher follows once it has.
        ``reason``: set by the automatic away, not by the agent."""
        self._requested_presence = presence
        self.presence_banner.dismiss()
        reply = self._session.set_presence(presence, reason)
        reply.failed.connect(self._on_presence_failed)

    def _set_presence_automatically(self, presence: Presence) -> None:
        reason = PresenceReason.IDLE if presence is Presence.AWAY else PresenceReason.BACK
        self.set_presence(presence, reason)

    def _on_presence_failed(self, error: ApiError) -> None:
        self._requested_presence = None
        self.auto_presence.chose(self._state.me.presence if self._state.me else Presence.OFFLINE)
        self._show_my_presence()  # back to what the server says
        self.say(lambda: self.tr("Your status was not changed: {reason}").format(
            reason=error_text(error)), 15_000)

    def _choose_language(self, code: str) -> None:
        """Speak ``code`` at once, in this window and every other (and from now on)."""
        self.appearance.set_language(code)
        self._check_language()

    def _check_language(self) -> None:
        for code, action in self.language_actions.items():
            action.setChecked(code == self.appearance.language)

    # ------------------------------------------------------------ settings, language

    def settings_pages(self) -> list[SettingsPage]:
        """The pages of the settings dialog, in order (a feature with settings of its own adds
        its page here)."""
        state = self._state
        return [
            AppearancePage(self.appearance),
            NotifyPage(
                self.news_feed.prefs,
                supervisor=lambda: state.me is not None and state.me.role.supervises,
                sound_available=self.notifier.sound.available,
            ),
        ]

    def open_settings(self, page: str | None = None) -> SettingsDialog:
        """The settings dialog (one, kept); each change applies at once."""
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.settings_pages(), self)
        elif self.settings_dialog.isVisible():  # (open already, perhaps behind: bring it up)
            self.settings_dialog.raise_()
        if page is not None:
            self.settings_dialog.show_page(page)
        self.settings_dialog.show()
        self.settings_dialog.activateWindow()
        return self.settings_dialog

    def retranslate(self) -> None:
        """Every text of the window in the language now installed (the inbox, the detail and
        open dialogs do their own on the same event)."""
        self.texts.retranslate()
        self.commands.retranslate()
        self.notify_controls.retranslate()
        for row in range(self.presence_combo.count()):
            self.presence_combo.setItemText(
                row, presence_label(Presence(self.presence_combo.itemData(row)))
            )
        self._check_language()
        self._update_connection()
        self._on_me_changed()
        self._say_again()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.notifier.close()
        self.auto_presence.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.input_watcher)
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        self._settings.setValue(MODE_KEY, self.modes.current())
        super().closeEvent(event)
        self.closed.emit()
