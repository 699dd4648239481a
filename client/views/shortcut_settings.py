"""Choosing one's own keys: every command of the keymap with its key, changed by pressing
the new one. A key already taken is refused, saying by what; nothing is saved until OK."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .common import MessageBar
from .keymap import Keymap, plain_text
from .retranslate import FollowsLanguage
from .shortcut_sheet import native


class ShortcutSettings(FollowsLanguage, QDialog):
    def __init__(self, keymap: Keymap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSettings")
        self.texts.set(self.setWindowTitle, lambda: self.tr("Customize shortcuts"))
        self._keymap = keymap
        self._commands = [c for c in keymap.commands() if c.action.isVisible()]
        self.chosen = {c.key: keymap.sequence(c.key) for c in self._commands}
        """The keys as they will be saved on OK."""

        self.message = MessageBar(self)
        self.table = QTableWidget(len(self._commands), 3, self)
        self.table.setObjectName("shortcutTable")
        self.texts.set(lambda _: self.table.setHorizontalHeaderLabels(
            [self.tr("Menu"), self.tr("Command"), self.tr("Keys")]), str)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, command in enumerate(self._commands):
            for column, text in enumerate((command.section, plain_text(command.action), "")):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self._show_row(row)
        self.table.currentCellChanged.connect(self._on_row)

        self.key_edit = QKeySequenceEdit(self)
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setClearButtonEnabled(True)
        self.key_edit.editingFinished.connect(self._on_key)
        self.key_edit.keySequenceChanged.connect(self._on_cleared)
        key_label = self.texts.label(lambda: self.tr("&New keys:"), self.key_edit)
        self.default_button = QPushButton(self)
        self.texts.set(self.default_button.setText, lambda: self.tr("&Default"))
        self.default_button.clicked.connect(self._use_default)
        self.reset_button = QPushButton(self)
        self.texts.set(self.reset_button.setText, lambda: self.tr("Reset &all"))
        self.reset_button.clicked.connect(self._reset_all)
        row_layout = QHBoxLayout()
        row_layout.addWidget(key_label)
        row_layout.addWidget(self.key_edit, 1)
        row_layout.addWidget(self.default_button)
        row_layout.addWidget(self.reset_button)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_layout)
        layout.addWidget(buttons)
        self.resize(620, 600)
        if self._commands:
            self.table.setCurrentCell(0, 1)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        super().retranslate()
        # The menus' and commands' names, once the main window has set them (it gets the same
        # event, before or after this dialog).
        QTimer.singleShot(0, self, self._name_commands)

    def _name_commands(self) -> None:
        for row, command in enumerate(self._commands):
            self.table.item(row, 0).setText(command.section)
            self.table.item(row, 1).setText(plain_text(command.action))

    def _show_row(self, row: int) -> None:
        item = self.table.item(row, 2)
        item.setText(native(self.chosen[self._commands[row].key]))

    def _on_row(self, row: int, *_: int) -> None:
        if 0 <= row < len(self._commands):
            self.key_edit.setKeySequence(self.chosen[self._commands[row].key])

    def select(self, key: str) -> None:
        """Make ``key``'s command the one the key field changes."""
        row = next(i for i, c in enumerate(self._commands) if c.key == key)
        self.table.setCurrentCell(row, 1)

    def choose(self, sequence: QKeySequence) -> bool:
        """Give the selected command ``sequence`` (empty: no key); False if it is taken."""
        row = self.table.currentRow()
        if not 0 <= row < len(self._commands):
            return False
        command = self._commands[row]
        if not sequence.isEmpty():
            for other in self._commands:
                if other.key != command.key and self.chosen[other.key] == sequence:
                    self.message.show_error(
                        lambda o=other: self.tr(
                            "{keys} already runs “{command}”. Give that one other keys "
                            "first.").format(keys=native(sequence), command=plain_text(o.action))
                    )
                    self.key_edit.setKeySequence(self.chosen[command.key])
                    return False
        self.message.clear_message()
        self.chosen[command.key] = sequence
        self._show_row(row)
        return True

    def _on_key(self) -> None:
        self.choose(self.key_edit.keySequence())

    def _on_cleared(self, sequence: QKeySequence) -> None:
        if sequence.isEmpty():  # the clear button: the command gets no key
            self.choose(sequence)

    def _use_default(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._commands):
            default = self._commands[row].default
            if self.choose(default):
                self.key_edit.setKeySequence(default)

    def _reset_all(self) -> None:
        self.message.clear_message()
        for row, command in enumerate(self._commands):
            self.chosen[command.key] = command.default
            self._show_row(row)
        self._on_row(self.table.currentRow())

    def accept(self) -> None:
        self._keymap.set_many(self.chosen)
        super().accept()
