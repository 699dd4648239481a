"""The shortcut sheet (F1): every key of the main window, as now set, by menu; and the keys
that work inside the reply box. Read from the keymap each time it is shown, so it is never
out of date after the agent changed a key."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .keymap import Keymap, plain_text
from .retranslate import FollowsLanguage


def native(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutSheet(FollowsLanguage, QDialog):
    def __init__(self, keymap: Keymap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.texts.set(self.setWindowTitle, lambda: self.tr("Keyboard shortcuts"))
        self._keymap = keymap
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutTree")
        self.texts.set(lambda _: self.tree.setHeaderLabels([self.tr("Command"), self.tr("Keys")]),
                       str)
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        keymap.changed.connect(self.fill)
        self.fill()
        self.resize(520, 640)

    def retranslate(self) -> None:
        super().retranslate()
        # The menus' and commands' names, once the main window has set them (it gets the same
        # event, before or after this dialog).
        QTimer.singleShot(0, self, self.fill)

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, command, keys) as listed: for the tests and the agent's guide."""
        listed = []
        for s in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(s)
            for c in range(section.childCount()):
                item = section.child(c)
                listed.append((section.text(0), item.text(0), item.text(1)))
        return listed

    def fill(self) -> None:
        self.tree.clear()
        sections: dict[str, QTreeWidgetItem] = {}

        def add(section: str, command: str, keys: str) -> None:
            parent = sections.get(section)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [section, ""])
                parent.setFirstColumnSpanned(True)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                sections[section] = parent
            QTreeWidgetItem(parent, [command, keys])

        for command in self._keymap.commands():
            sequence = self._keymap.sequence(command.key)
            if not sequence.isEmpty() and command.action.isVisible():
                add(command.section, plain_text(command.action), native(sequence))
        reply = self.tr("In the reply box")
        add(reply, self.tr("Send the reply"), native(QKeySequence("Ctrl+Return")))
        add(reply, self.tr("Move on to the next field"), native(QKeySequence("Tab")))
        self.tree.expandAll()
