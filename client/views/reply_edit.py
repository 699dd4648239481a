"""The reply box's text field, with quick replies: typing "/" and part of a name (or of its
pinyin) pops up the matching quick replies; Enter inserts the chosen one where the
cursor is, placeholders filled, replacing what was typed after the "/". Any number go into
one reply."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from PySide6.QtCore import QMimeData, QStringListModel, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from ticketdesk.common.models import QuickReplyPublic

from ..search_text import rank
from ..state.quick_replies import fill_placeholders

_TRIGGER = re.compile(r"(?:^|\s)/(\S*)$")
"""A "/" at the start of a word, and what follows it up to the cursor."""
_POPUP_KEYS = {
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Escape,
}


class ReplyEdit(QPlainTextEdit):
    image_pasted = Signal(QImage)
    """A picture pasted (Ctrl+V of a screenshot) or dropped: to attach, not to type."""
    files_dropped = Signal(list)
    """Local files pasted or dropped (their paths): to attach."""

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or _local_files(source) != [] or super().canInsertFromMimeData(
            source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = _local_files(source)
        if files:
            self.files_dropped.emit(files)
        elif source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.image_pasted.emit(image)
        else:
            super().insertFromMimeData(source)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replies: list[QuickReplyPublic] = []
        self.values: Callable[[], Mapping[str, str]] = dict
        """The placeholders' values for the ticket shown, asked when a reply is inserted."""
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated.connect(self.insert_quick_reply)
        self.completer.popup().setObjectName("quickReplyPopup")
        self._typed = ""
        """What follows the "/" being completed."""

    def set_quick_replies(self, replies: list[QuickReplyPublic]) -> None:
        self.replies = list(replies)

    def popup_visible(self) -> bool:
        return self.completer.popup().isVisible()

    def offered(self) -> list[str]:
        """The names the popup offers now."""
        return self._names.stringList() if self.popup_visible() else []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # While the popup is up, these keys are the completer's (choose, or close it).
        if self.popup_visible() and event.key() in _POPUP_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)
        self._update_popup()

    def _update_popup(self) -> None:
        cursor = self.textCursor()
        block = cursor.block().text()[: cursor.positionInBlock()]
        match = _TRIGGER.search(block)
        popup = self.completer.popup()
        if match is None or not self.replies or self.isReadOnly():
            popup.hide()
            return
        self._typed = match.group(1)
        found = sorted(
            ((score, i, r.name) for i, r in enumerate(self.replies)
             if (score := rank(self._typed, r.name)) is not None),
        )
        names = [name for _, _, name in found]
        if not names:
            popup.hide()
            return
        self._names.setStringList(names)
        rect = self.cursorRect()
        rect.setWidth(max(240, popup.sizeHintForColumn(0) + 24))
        self.completer.complete(rect)
        popup.setCurrentIndex(self._names.index(0, 0))

    def insert_quick_reply(self, name: str) -> bool:
        """Put the named quick reply, filled, in place of the "/…" just typed (or at the
        cursor, when none was)."""
        reply = next((r for r in self.replies if r.name == name), None)
        if reply is None:
            return False
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        match = _TRIGGER.search(before)
        if match is not None:
            cursor.movePosition(
                QTextCursor.MoveOperation.Left,
                QTextCursor.MoveMode.KeepAnchor,
                len(match.group(1)) + 1,
            )
        cursor.insertText(fill_placeholders(reply.body, self.values()))
        self.setTextCursor(cursor)
        self.completer.popup().hide()
        return True


def _local_files(source: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in source.urls() if url.isLocalFile()] \
        if source.hasUrls() else []
