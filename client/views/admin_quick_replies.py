"""Administration of the groups' quick replies: choose a group, keep its texts (each change
an admin event, found in the audit search)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from ..state.quick_replies import QuickReplies
from ..state.session import ClientSession
from .quick_reply_editor import QuickReplyEditor
from .retranslate import FollowsLanguage


class QuickRepliesAdmin(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, replies: QuickReplies,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickRepliesAdmin")
        self._state = session.state
        self.group_box = QComboBox(self)
        self.group_box.setObjectName("quickReplyGroup")
        self.texts.set(self.group_box.setAccessibleName, lambda: self.tr("Group"))
        self.group_box.setMinimumWidth(200)
        state = session.state
        self.editor = QuickReplyEditor(
            replies, lambda: state.me.display_name if state.me is not None else "", 0, self)
        self._fill_groups()
        self.group_box.currentIndexChanged.connect(self._on_group)
        session.state.groups_changed.connect(self._fill_groups)
        top = QHBoxLayout()
        top.addWidget(self.texts.label(lambda: self.tr("Quick replies of the group"),
                                       self.group_box))
        top.addWidget(self.group_box)
        hint = self.texts.label(
            lambda: self.tr("— offered to its members when they type / in a reply"))
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)

    def _fill_groups(self) -> None:
        current = self.group_box.currentData()
        self.group_box.blockSignals(True)
        self.group_box.clear()
        groups = sorted((g for g in self._state.groups.values() if g.active),
                        key=lambda g: g.name)
        for group in groups:
            self.group_box.addItem(group.name, group.id)
        index = self.group_box.findData(current)
        self.group_box.setCurrentIndex(index if index >= 0 else 0)
        self.group_box.blockSignals(False)
        if self.group_box.currentData() != current:
            self._on_group()

    def choose_group(self, group_id: int) -> bool:
        index = self.group_box.findData(group_id)
        if index >= 0:
            self.group_box.setCurrentIndex(index)
        return index >= 0

    def _on_group(self) -> None:
        group_id = self.group_box.currentData()
        self.editor.set_owner(group_id if isinstance(group_id, int) else 0)
