"""Texts that follow a language switch while the client runs.

A widget sets a text through `Texts.set` — the setter and a function that makes the text
(``lambda: self.tr("&Refresh")``) — instead of calling the setter once; on
`QEvent.LanguageChange` (which Qt sends every widget when translators are installed or
removed) `Texts.retranslate` calls every function again. It is the ``retranslateUi`` of a
Designer form, kept beside the line that builds the widget instead of in a second list.

`FollowsLanguage` is the one place that listens: a widget class that lists it first
(``class Inbox(FollowsLanguage, QWidget)``) gets ``self.texts`` and has its ``retranslate``
called on every language change; a widget with words made otherwise (a combo box refilled,
a summary remade) overrides ``retranslate`` and calls ``super().retranslate()``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget


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

    def tab(self, tabs: QTabWidget, page: QWidget, text: Callable[[], str]) -> int:
        """Add ``page`` to ``tabs`` under a title that follows the language; its index."""
        index = tabs.addTab(page, "")
        self.set(lambda title: tabs.setTabText(tabs.indexOf(page), title), text)
        return index

    def retranslate(self) -> None:
        alive = []
        for setter, text in self._items:
            try:
                setter(text())
            except RuntimeError:  # its widget or action was deleted: forget it
                continue
            alive.append((setter, text))
        self._items = alive


class FollowsLanguage:
    """For a QWidget class, listed before the Qt class: ``self.texts`` and ``retranslate``,
    called on every `QEvent.LanguageChange` the widget gets."""

    @property
    def texts(self) -> Texts:
        """The widget's fixed words (made on first use)."""
        texts: Texts | None = getattr(self, "_follows_texts", None)
        if texts is None:
            texts = Texts()
            self._follows_texts = texts
        return texts

    def retranslate(self) -> None:
        """Set every text again in the language installed now."""
        self.texts.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def refresh_words(model: QAbstractItemModel) -> None:
    """Have the views of ``model`` ask for its headers and cells again: their words (column
    titles, statuses, times) are made when asked, in the language installed then."""
    columns = model.columnCount()
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
    rows = model.rowCount()
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
