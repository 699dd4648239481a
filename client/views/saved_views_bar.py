"""The saved views above the inbox: a list to choose one from, each with its live count,
and the commands to save the current filter, sort and columns as a view, rename, share
(supervisors) and delete one. Choosing a view narrows every tab to its tickets and applies
its sort and columns to the tables; "All tickets" undoes it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from ticketdesk.common.enums import Role
from ticketdesk.common.models.views import ViewPublic

from ..state.cache import ClientState
from ..state.saved_views import SavedViews
from .retranslate import FollowsLanguage

NO_VIEW = 0


class SavedViewsBar(FollowsLanguage, QWidget):
    view_chosen = Signal(object)  # ViewPublic | None

    def __init__(
        self,
        views: SavedViews,
        state: ClientState,
        current_layout: Callable[[], dict[str, object]],
        parent: QWidget | None = None,
    ) -> None:
        """``current_layout``: the shown tab's filter text, sort and columns, as a view's
        body (what "Save as view" keeps)."""
        super().__init__(parent)
        self.setObjectName("savedViews")
        self._views = views
        self._state = state
        self._current_layout = current_layout
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("viewChoice")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label.setBuddy(self.combo)
        self.texts.set(self.label.setText, lambda: self.tr("&View:"))
        self.texts.set(self.combo.setAccessibleName, lambda: self.tr("Saved view"))
        self.combo.activated.connect(self._on_activated)
        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("viewCommands")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.texts.set(self.menu_button.setText, lambda: self.tr("Views"))
        self.texts.set(self.menu_button.setAccessibleName, lambda: self.tr("Saved view commands"))
        menu = QMenu(self.menu_button)
        self.save_action = menu.addAction("")
        self.texts.set(self.save_action.setText, lambda: self.tr("&Save as view…"))
        self.save_action.triggered.connect(self.save_as_view)
        self.rename_action = menu.addAction("")
        self.texts.set(self.rename_action.setText, lambda: self.tr("&Rename view…"))
        self.rename_action.triggered.connect(self.rename_view)
        self.share_action = menu.addAction("")
        self.texts.set(self.share_action.setText, lambda: self.tr("S&hare with a group…"))
        self.share_action.triggered.connect(self.share_view)
        self.delete_action = menu.addAction("")
        self.texts.set(self.delete_action.setText, lambda: self.tr("&Delete view"))
        self.delete_action.triggered.connect(self.delete_view)
        self.menu_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 0, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        layout.addWidget(self.menu_button)
        layout.addStretch(1)
        self.current: ViewPublic | None = None
        self._asked_about: int | None = None
        """The view the open rename or share dialog is about."""
        self._share_groups: list[tuple[str, int | None]] = []
        views.changed.connect(self._fill)
        views.counts_changed.connect(self._update_texts)
        self._fill()

    # ------------------------------------------------------------ the list

    def _text(self, view: ViewPublic | None) -> str:
        if view is None:
            return self.tr("All tickets")
        count = self._views.counts.get(view.id, 0)
        if view.group_id is not None:
            return self.tr("{name} ({count}) · shared with {group}").format(
                name=view.name, count=count, group=self._state.group_name(view.group_id)
            )
        return f"{view.name} ({count})"

    def _fill(self) -> None:
        chosen = self.current.id if self.current is not None else NO_VIEW
        self.combo.clear()
        self.combo.addItem(self._text(None), NO_VIEW)
        for view in self._views.views:
            self.combo.addItem(self._text(view), view.id)
        row = self.combo.findData(chosen)
        if row < 0:  # the chosen view is gone
            row = 0
        self.combo.setCurrentIndex(row)
        self._choose(self._views.view(self.combo.itemData(row)))

    def _update_texts(self) -> None:
        for row in range(self.combo.count()):
            self.combo.setItemText(row, self._text(self._views.view(self.combo.itemData(row))))

    def _on_activated(self, row: int) -> None:
        self._choose(self._views.view(self.combo.itemData(row)))

    def choose(self, view_id: int | None) -> None:
        """Show the view (None: all tickets), as choosing it in the list does."""
        row = self.combo.findData(view_id or NO_VIEW)
        if row >= 0:
            self.combo.setCurrentIndex(row)
            self._on_activated(row)

    def _choose(self, view: ViewPublic | None, *, emit: bool = True) -> None:
        self.current = view
        editable = view is not None and view.editable
        self.rename_action.setEnabled(editable)
        self.delete_action.setEnabled(editable)
        me = self._state.me
        self.share_action.setVisible(me is not None and me.role.supervises)
        self.share_action.setEnabled(editable)
        if emit:
            self.view_chosen.emit(view)

    # ------------------------------------------------------------ commands

    # The dialogs' answers go to bound methods (not lambdas): a dialog outliving the bar, or
    # answered as the window closes, then reaches nothing instead of a deleted bar.

    def save_as_view(self) -> QInputDialog:
        dialog = self._ask(self.tr("Save as view"), self.tr("Name of the view:"), "")
        dialog.textValueSelected.connect(self._save_named)
        return dialog

    def _save_named(self, name: str) -> None:
        self._views.create({"name": name.strip(), **self._current_layout()})

    def rename_view(self) -> QInputDialog | None:
        view = self.current
        if view is None or not view.editable:
            return None
        self._asked_about = view.id
        dialog = self._ask(self.tr("Rename view"), self.tr("New name:"), view.name)
        dialog.textValueSelected.connect(self._rename_to)
        return dialog

    def _rename_to(self, name: str) -> None:
        if self._asked_about is not None:
            self._views.update(self._asked_about, {"name": name.strip()})

    def share_view(self) -> QInputDialog | None:
        view = self.current
        if view is None or not view.editable:
            return None
        self._asked_about = view.id
        # Only the groups the server lets this person share with: the ones they belong to or
        # oversee (an admin: all).
        me = self._state.me
        groups = sorted(self._state.groups.values(), key=lambda g: g.name)
        if me is not None and me.role is not Role.ADMIN:
            mine = set(me.group_ids) | set(me.overseen_group_ids)
            groups = [g for g in groups if g.id in mine]
        self._share_groups = [(self.tr("Nobody (my own)"), None)] + [
            (g.name, g.id) for g in groups]
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Share view"))
        dialog.setLabelText(self.tr("Members of this group see the view (read-only):"))
        dialog.setComboBoxItems([name for name, _ in self._share_groups])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self._share_with)
        dialog.open()
        return dialog

    def _share_with(self, name: str) -> None:
        group = next((g for shown, g in self._share_groups if shown == name), None)
        if self._asked_about is not None:
            self._views.update(self._asked_about, {"group_id": group})

    def delete_view(self) -> None:
        view = self.current
        if view is not None and view.editable:
            self._views.delete(view.id)

    def _ask(self, title: str, label: str, text: str) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        super().retranslate()
        self._update_texts()
