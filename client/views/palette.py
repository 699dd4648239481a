"""The command palette (Ctrl+K): one line to type in, the matches under it; Up and Down
choose, Enter runs, Esc closes. Runs a command, switches a view, opens a ticket or (in the
reply box) inserts a quick reply — whatever was found, without the mouse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..models.palette import Entry, PaletteColumn, PaletteModel
from .retranslate import FollowsLanguage

_MOVES = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class CommandPalette(FollowsLanguage, QDialog):
    chosen = Signal(object)
    """An `Entry` the agent chose (the palette has closed by then)."""

    def __init__(self, model: PaletteModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.texts.set(self.setWindowTitle, lambda: self.tr("Command palette"))
        self.model = model
        self.edit = QLineEdit(self)
        self.edit.setObjectName("paletteQuery")
        self.texts.set(self.edit.setPlaceholderText, lambda: self.tr(
            "Type a command, a view, a ticket number or title (pinyin works too)…"))
        self.texts.set(self.edit.setAccessibleName, lambda: self.tr("Find"))
        self.list = QTreeView(self)
        self.list.setObjectName("paletteList")
        self.list.setModel(model)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderHidden(True)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the line
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PaletteColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PaletteColumn.HINT, QHeaderView.ResizeMode.ResizeToContents)
        self.list.activated.connect(lambda index: self._run(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.edit)
        layout.addWidget(self.list, 1)
        self.edit.textChanged.connect(model.set_query)
        self.edit.returnPressed.connect(lambda: self._run(self.current_row()))
        self.edit.installEventFilter(self)
        model.modelReset.connect(self._select_first)
        self.resize(640, 420)
        self._select_first()

    def retranslate(self) -> None:
        super().retranslate()
        # The commands' names, once the main window has set them (it gets the same event,
        # before or after the palette).
        QTimer.singleShot(0, self, self.model.refresh)

    def open_with(self, text: str = "") -> None:
        self.edit.setText(text)
        self.model.refresh()
        self.edit.selectAll()
        self.show()
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def entries(self) -> list[Entry]:
        """What is listed now, top to bottom."""
        return [e for r in range(self.model.rowCount()) if (e := self.model.entry(r))]

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, PaletteColumn.NAME))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up, Down and paging move in the list while the text stays where one types.
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _MOVES:
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def _run(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None:
            return
        self.accept()
        self.chosen.emit(entry)
