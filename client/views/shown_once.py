"""A secret shown once (a new API key, a webhook's signing secret): monospace, read-only,
with a Copy button and the reason it cannot be shown again; hidden until there is one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .retranslate import FollowsLanguage


class ShownOnce(FollowsLanguage, QGroupBox):
    copied = Signal()

    def __init__(self, title: Callable[[], str], explanation: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        """``title``, ``explanation``: functions that make the words (they follow a language
        switch)."""
        super().__init__(parent)
        self.texts.set(self.setTitle, title)
        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(self)
        self.texts.set(self.copy_button.setText, lambda: self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy)
        layout = QVBoxLayout(self)
        once = QLabel(self)
        self.texts.set(once.setText, explanation)
        once.setWordWrap(True)
        layout.addWidget(once)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        self.hide()

    def show_secret(self, secret: str) -> None:
        self.edit.setText(secret)
        self.edit.setCursorPosition(0)  # its start (the prefix) in view, not its end
        self.show()

    def forget(self) -> None:
        self.hide()
        self.edit.clear()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.edit.text())
        self.copied.emit()
