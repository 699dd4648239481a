"""The main window's modes (Inbox | Dispatch board | …): a row of buttons over a stack of
pages. Each mode is added by name with a factory, so a page is built only when first shown,
and whoever adds a mode (board, KPIs, audit, admin) touches nothing else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QToolBar, QWidget


class ModeSwitch(QStackedWidget):
    """Pages by key; ``toolbar`` holds one checkable button per mode (hidden while only one
    mode is available, e.g. for an agent)."""

    mode_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modeSwitch")
        self.toolbar = QToolBar(self.tr("Modes"), parent)
        self.toolbar.setObjectName("modeToolbar")
        self.toolbar.setMovable(False)
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._actions: dict[str, QAction] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._pages: dict[str, QWidget] = {}
        self._current = ""

    def add_mode(
        self,
        key: str,
        label: str,
        factory: Callable[[], QWidget],
        *,
        shortcut: str | None = None,
    ) -> QAction:
        """Add a mode; its page is made by ``factory`` when first shown."""
        action = QAction(label, self)
        action.setCheckable(True)
        action.setObjectName(f"mode_{key}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            keys = QKeySequence(shortcut).toString()

            def tip() -> None:
                # The mode's name as it is now (it follows a language switch), and its keys.
                text = f"{action.text()} ({keys})"
                if action.toolTip() != text:
                    action.setToolTip(text)

            action.changed.connect(tip)
            tip()
        action.triggered.connect(lambda: self.show_mode(key))
        self._group.addAction(action)
        self.toolbar.addAction(action)
        self._actions[key] = action
        self._factories[key] = factory
        self.toolbar.setVisible(len(self._actions) > 1)
        if not self._current:
            self.show_mode(key)
        return action

    def modes(self) -> list[str]:
        return list(self._actions)

    def current(self) -> str:
        return self._current

    def page(self, key: str) -> QWidget:
        """The mode's page, made now if it was not yet."""
        page = self._pages.get(key)
        if page is None:
            page = self._factories[key]()
            self._pages[key] = page
            self.addWidget(page)
        return page

    def show_mode(self, key: str) -> QWidget:
        page = self.page(key)
        self.setCurrentWidget(page)
        self._actions[key].setChecked(True)
        if key != self._current:
            self._current = key
            self.mode_changed.emit(key)
        return page
