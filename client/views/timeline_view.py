"""The record of one ticket as a column of entries: who did what, when, and what they wrote.

Entries follow the `TimelineModel` row by row; text written by people is shown as plain text.
"""

from __future__ import annotations

import tempfile
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ticketdesk.common.models import PREVIEW_TYPES

from ..models.timeline import TimelineRole
from ..state.attachments import Attachments
from .common import plain_label
from .retranslate import FollowsLanguage

AnyIndex = QModelIndex | QPersistentModelIndex

_WRITTEN = {"commented", "transferred"}
"""Kinds whose text someone wrote for others to read: their entries stand out."""


class Thumbnail(QLabel):
    """A picture's preview in the record; a click (or Enter) shows it at full size."""

    def __init__(self, parent: QWidget, on_click: Any) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentThumbnail")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._on_click = on_click

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._on_click()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._on_click()
        else:
            super().keyPressEvent(event)


class AttachmentStrip(FollowsLanguage, QWidget):
    """An ``attached`` step's file: its preview if it is a picture, Open and Save…"""

    def __init__(self, parent: QWidget, attachments: Attachments) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentStrip")
        self._attachments = attachments
        self.info: dict[str, Any] | None = None
        self.thumbnail = Thumbnail(self, self.show_full)
        self.thumbnail.hide()
        self.open_button = QPushButton(self)
        self.texts.set(self.open_button.setText, lambda: self.tr("Open"))
        self.open_button.setObjectName("attachmentOpen")
        self.open_button.clicked.connect(self.open_file)
        self.save_button = QPushButton(self)
        self.texts.set(self.save_button.setText, lambda: self.tr("Save…"))
        self.save_button.setObjectName("attachmentSave")
        self.save_button.clicked.connect(self.save_file)
        self.full: QDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 0)
        row.addWidget(self.thumbnail)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        attachments.preview_ready.connect(self._on_preview)

    def show_attachment(self, info: dict[str, Any]) -> None:
        self.info = info
        self._name_buttons()
        if info["content_type"] in PREVIEW_TYPES and info["ticket_id"] is not None:
            self._attachments.want_preview(info["ticket_id"], info["id"], info["size"])
            self._on_preview(info["id"])

    def retranslate(self) -> None:
        super().retranslate()
        self._name_buttons()

    def _name_buttons(self) -> None:
        name = self.info["name"] if self.info is not None else ""
        self.open_button.setAccessibleName(self.tr("Open {name}").format(name=name))
        self.save_button.setAccessibleName(self.tr("Save {name}").format(name=name))
        self.thumbnail.setAccessibleName(self.tr("Preview of {name}").format(name=name))

    def _on_preview(self, attachment_id: int) -> None:
        if self.info is None or attachment_id != self.info["id"]:
            return
        image = self._attachments.thumbnail(attachment_id)
        if image is not None:
            self.thumbnail.setPixmap(QPixmap.fromImage(image))
            self.thumbnail.show()

    def open_file(self) -> None:
        if self.info is not None:
            self._attachments.open_externally(self.info["ticket_id"], self.info["id"],
                                              self.info["name"])

    def save_file(self) -> None:
        if self.info is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save attachment"), self.info["name"])
        if path:
            self._attachments.save(self.info["ticket_id"], self.info["id"], path)

    def show_full(self) -> None:
        """The picture at full size, in a window of its own (fetched into a file first)."""
        if self.info is None:
            return
        dialog = QDialog(self)
        dialog.setObjectName("attachmentFull")
        dialog.setWindowTitle(self.info["name"])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        label = QLabel(self.tr("Loading…"), dialog)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea(dialog)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        QVBoxLayout(dialog).addWidget(scroll)
        dialog.resize(900, 700)
        folder = tempfile.mkdtemp(prefix="ticketdesk-")
        path = f"{folder}/{self.info['id']}"
        download = self._attachments.save(self.info["ticket_id"], self.info["id"], path)
        download.succeeded.connect(lambda: label.setPixmap(QPixmap(path)) if label else None)
        self.full = dialog
        dialog.open()


class TimelineEntry(QFrame):
    def __init__(self, parent: QWidget, attachments: Attachments | None = None) -> None:
        super().__init__(parent)
        self.attachment = AttachmentStrip(self, attachments) if attachments else None
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
        if self.attachment is not None:
            self.attachment.hide()
            layout.addWidget(self.attachment)

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
        info = index.data(TimelineRole.ATTACHMENT)
        if self.attachment is not None:
            self.attachment.setVisible(info is not None)
            if info is not None:
                self.attachment.show_attachment(info)
        self.setProperty("kind", index.data(TimelineRole.KIND) or "")
        self.setProperty("written", (index.data(TimelineRole.KIND) or "") in _WRITTEN)
        self.style().unpolish(self)
        self.style().polish(self)


class TimelineView(FollowsLanguage, QWidget):
    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None,
                 attachments: Attachments | None = None) -> None:
        """``attachments``: where the record's files are fetched from (None: shown by name
        only)."""
        super().__init__(parent)
        self._attachments = attachments
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

    def retranslate(self) -> None:
        """Every step's words again (the model makes them when asked, in the language
        installed then)."""
        super().retranslate()
        for row, entry in enumerate(self._entries):
            entry.show_index(self._model.index(row, 0))

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
            entry = TimelineEntry(self, self._attachments)
            entry.show_index(self._model.index(row, 0))
            self._entries.insert(row, entry)
            self._layout.insertWidget(row, entry)

    def _on_changed(self, top_left: AnyIndex, bottom_right: AnyIndex) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            if 0 <= row < len(self._entries):
                self._entries[row].show_index(self._model.index(row, 0))
