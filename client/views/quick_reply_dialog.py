"""An agent's own quick replies (Ticket → My quick replies…, or the command palette): only
they see them and are offered them in the reply box."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ..models.quick_replies import PERSONAL
from ..state.cache import ClientState
from ..state.quick_replies import QuickReplies
from .quick_reply_editor import QuickReplyEditor
from .retranslate import FollowsLanguage


class MyQuickRepliesDialog(FollowsLanguage, QDialog):
    def __init__(self, state: ClientState, replies: QuickReplies,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myQuickReplies")
        self.texts.set(self.setWindowTitle, lambda: self.tr("My quick replies"))
        intro = QLabel(self)
        self.texts.set(intro.setText, lambda: self.tr(
            "Your own texts, for you alone. In the reply box type / and part of a name to "
            "insert one; your groups' quick replies are kept by the administrators."))
        intro.setWordWrap(True)
        self.editor = QuickReplyEditor(
            replies, lambda: state.me.display_name if state.me is not None else "",
            PERSONAL, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:
        return QSize(960, 520)
