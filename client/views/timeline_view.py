"""The record of one ticket as a column of entries: who did what, when, and what they wrote.

Entries follow the `TimelineModel` row by row; text written by people is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ..models.timeline import TimelineRole
from .common import plain_label

AnyIndex = QModelIndex | QPersistentModelIndex

_WRITTEN = {"commented", "transferred"}
"""Kinds whose text someone wrote for others to read: their entries stand out."""


class TimelineEntry(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("timelineEntry")
        self.headline = plain_label("", self, object_name="timelineHeadline")
        self.time = plain_label("", self, wrap=False, object_name="timelineTime")
        self.explanation = plain_label("", self, object_name="timelineExplanation")
        self.explanation.hide()
        self.detail = plain_label("", self, selectable=True, object_name="timelineDetail")
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.headline, 1)
        top.addWidget(self.time)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.explanation)
        layout.addWidget(self.detail)

    def show_index(self, index: AnyIndex) -> None:
        self.headline.setText(index.data(TimelineRole.HEADLINE) or "")
        self.time.setText(index.data(TimelineRole.TIME) or "")
        self.setToolTip(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        explanation = index.data(TimelineRole.EXPLANATION) or ""
        self.explanation.setText(explanation)
        self.explanation.setVisible(bool(explanation))
        detail = index.data(TimelineRole.DETAIL) or ""
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setProperty("kind", index.data(TimelineRole.KIND) or "")
        self.setProperty("written", (index.data(TimelineRole.KIND) or "") in _WRITTEN)
        self.style().unpolish(self)
        self.style().polish(self)


class TimelineView(QWidget):
    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self._model = model
        self._entries: list[TimelineEntry] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        model.modelReset.connect(self._rebuild)
        model.rowsInserted.connect(self._on_inserted)
        model.rowsRemoved.connect(self._rebuild)
        model.dataChanged.connect(self._on_changed)
        self._rebuild()

    @property
    def entries(self) -> list[TimelineEntry]:
        return list(self._entries)

    def _rebuild(self) -> None:
        for entry in self._entries:
            entry.deleteLater()
        self._entries = []
        self._on_inserted(QModelIndex(), 0, self._model.rowCount() - 1)

    def _on_inserted(self, parent: AnyIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            entry = TimelineEntry(self)
            entry.show_index(self._model.index(row, 0))
            self._entries.insert(row, entry)
            self._layout.insertWidget(row, entry)

    def _on_changed(self, top_left: AnyIndex, bottom_right: AnyIndex) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            if 0 <= row < len(self._entries):
                self._entries[row].show_index(self._model.index(row, 0))
