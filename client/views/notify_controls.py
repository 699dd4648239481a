"""The agent's handles on notifications: do-not-disturb (a checkable action, in the menu,
the tray's menu and as a button in the status bar showing how many messages it holds) and
the way to the notifications page of the settings (`settings_requested`)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStatusBar, QToolButton, QWidget

from ..state.cache import ClientState
from ..state.news import NewsFeed
from .common import set_style_property
from .notify import DesktopNotifier
from .retranslate import Texts


class NotifyControls(QObject):
    settings_requested = Signal()
    """The agent asked for the notification settings (the window opens that page)."""

    def __init__(
        self,
        window: QWidget,
        state: ClientState,
        feed: NewsFeed,
        notifier: DesktopNotifier,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._state = state
        self._feed = feed
        self._notifier = notifier
        # Texts that follow a language switch while the client runs (see `retranslate`).
        self.texts = Texts()
        self.dnd_action = QAction(self)
        self.texts.set(self.dnd_action.setText, lambda: self.tr("Do not dis&turb"))
        self.dnd_action.setCheckable(True)
        self.texts.set(self.dnd_action.setToolTip, lambda: self.tr(
            "Hold desktop messages and sounds back; they are counted and told at the end"))
        self.dnd_action.toggled.connect(feed.set_do_not_disturb)
        self.settings_action = QAction(self)
        self.texts.set(self.settings_action.setText, lambda: self.tr("&Notification settings…"))
        self.settings_action.triggered.connect(self.settings_requested)
        self.show_action = QAction(self)
        self.texts.set(self.show_action.setText, lambda: self.tr("&Show TicketDesk"))
        self.show_action.triggered.connect(self._show_window)
        self.dnd_button: QToolButton | None = None
        self.tray_menu = QMenu(window)
        self.tray_menu.addAction(self.show_action)
        self.tray_menu.addSeparator()
        self.tray_menu.addAction(self.dnd_action)
        self.tray_menu.addAction(self.settings_action)
        notifier.set_menu(self.tray_menu)
        feed.dnd_changed.connect(self._update)

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addAction(self.dnd_action)
        menu.addAction(self.settings_action)

    def add_to_status_bar(self, bar: QStatusBar) -> None:
        button = QToolButton(bar)
        button.setObjectName("doNotDisturb")
        button.setCheckable(True)
        button.setToolTip(self.dnd_action.toolTip())
        button.setAutoRaise(True)
        button.toggled.connect(self.dnd_action.setChecked)
        bar.addPermanentWidget(button)
        self.dnd_button = button
        self._update()

    def retranslate(self) -> None:
        """Every text again, in the language now chosen."""
        self.texts.retranslate()
        if self.dnd_button is not None:
            self.dnd_button.setToolTip(self.dnd_action.toolTip())
        self._update()

    def _update(self) -> None:
        on = self._feed.do_not_disturb
        if self.dnd_action.isChecked() != on:
            self.dnd_action.setChecked(on)
        if self.dnd_button is None:
            return
        if self.dnd_button.isChecked() != on:
            self.dnd_button.setChecked(on)
        held = self._feed.held_count
        if not on:
            text = self.tr("Do not disturb")
        elif held:
            text = self.tr("Do not disturb: {count} held").format(count=held)
        else:
            text = self.tr("Do not disturb: on")
        self.dnd_button.setText(text)
        set_style_property(self.dnd_button, "dnd", "on" if on else "off")

    def _show_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
