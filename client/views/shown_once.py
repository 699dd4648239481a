"""A secret shown once (a new API key, a webhook's signing secret): monospace, read-only,
with a Copy button and the reason it cannot be shown again; hidden until there is one."""

from __future__ import annotations

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


class ShownOnce(QGroupBox):
    copied = Signal()

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.clicked.connect(self.copy)
        layout = QVBoxLayout(self)
        once = QLabel(explanation, self)
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
