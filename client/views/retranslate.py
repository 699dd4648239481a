"""Texts that follow a language switch while the client runs.

A widget sets a text through `Texts.set` — the setter and a function that makes the text
(``lambda: self.tr("&Refresh")``) — instead of calling the setter once; on
`QEvent.LanguageChange` (which Qt sends every widget when translators are installed or
removed) `Texts.retranslate` calls every function again. It is the ``retranslateUi`` of a
Designer form, kept beside the line that builds the widget instead of in a second list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QLabel, QWidget


class Texts:
    def __init__(self) -> None:
        self._items: list[tuple[Callable[[str], object], Callable[[], str]]] = []

    def set(self, setter: Callable[[str], object], text: Callable[[], str]) -> None:
        """Call ``setter(text())`` now and again on every language change."""
        setter(text())
        self._items.append((setter, text))

    def label(self, text: Callable[[], str], buddy: QWidget | None = None) -> QLabel:
        """A caption whose words follow the language (``buddy``: the field it names, for the
        mnemonic and the screen reader)."""
        caption = QLabel()
        self.set(caption.setText, text)
        if buddy is not None:
            caption.setBuddy(buddy)
        return caption

    def retranslate(self) -> None:
        alive = []
        for setter, text in self._items:
            try:
                setter(text())
            except RuntimeError:  # its widget or action was deleted: forget it
                continue
            alive.append((setter, text))
        self._items = alive


def refresh_words(model: QAbstractItemModel) -> None:
    """Have the views of ``model`` ask for its headers and cells again: their words (column
    titles, statuses, times) are made when asked, in the language installed then."""
    columns = model.columnCount()
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
    rows = model.rowCount()
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
