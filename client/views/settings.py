"""The settings dialog: a list of pages on the left, the chosen page on the right. Every
change applies at once (nothing waits for an OK); Close closes.

Pages are `SettingsPage`s; the main window makes them (`MainWindow.settings_pages`), so a
feature with settings of its own adds its page there."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from ..appearance import FONT_SIZES, Appearance, Theme
from .retranslate import FollowsLanguage


class SettingsPage(FollowsLanguage, QWidget):
    """One page: its widgets, and `retranslate` to set their texts (again, when the language
    changes). ``key`` names the page for `SettingsDialog.show_page`."""

    key = ""

    def title(self) -> str:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every text of the page in the current language."""


class AppearancePage(SettingsPage):
    """Theme, text size and language: each applies to every window as soon as it is chosen."""

    key = "appearance"

    def __init__(self, appearance: Appearance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._appearance = appearance
        self.theme = QComboBox(self)
        self.theme.setObjectName("themeChoice")
        for theme in Theme:
            self.theme.addItem("", theme.value)
        self.theme.setCurrentIndex(self.theme.findData(appearance.theme.value))
        self.theme.activated.connect(self._on_theme)
        self.font_size = QSpinBox(self)
        self.font_size.setObjectName("fontSize")
        self.font_size.setRange(FONT_SIZES.start - 1, FONT_SIZES.stop - 1)
        self.font_size.setValue(appearance.font_size or FONT_SIZES.start - 1)
        self.font_size.valueChanged.connect(self._on_font_size)
        self.language = QComboBox(self)
        self.language.setObjectName("languageChoice")
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(appearance.language))
        self.language.activated.connect(self._on_language)
        self.form = QFormLayout(self)
        self.theme_label = QLabel(self)
        self.font_label = QLabel(self)
        self.language_label = QLabel(self)
        for label, field in (
            (self.theme_label, self.theme),
            (self.font_label, self.font_size),
            (self.language_label, self.language),
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Appearance")

    def retranslate(self) -> None:
        names = {
            Theme.SYSTEM: self.tr("As the system (light or dark)"),
            Theme.LIGHT: self.tr("Light"),
            Theme.DARK: self.tr("Dark"),
        }
        for row, theme in enumerate(Theme):
            self.theme.setItemText(row, names[theme])
        self.theme_label.setText(self.tr("&Theme:"))
        self.font_label.setText(self.tr("Text &size:"))
        self.font_size.setSpecialValueText(
            self.tr("As the system ({size} pt)").format(size=self._appearance.system_font_size)
        )
        self.font_size.setSuffix(self.tr(" pt"))
        self.language_label.setText(self.tr("&Language:"))

    def _on_theme(self, row: int) -> None:
        self._appearance.set_theme(Theme(self.theme.itemData(row)))

    def _on_font_size(self, size: int) -> None:
        self._appearance.set_font_size(0 if size < FONT_SIZES.start else size)

    def _on_language(self, row: int) -> None:
        code = self.language.itemData(row)
        if code in i18n.LANGUAGES:
            self._appearance.set_language(code)


class SettingsDialog(FollowsLanguage, QDialog):
    def __init__(self, pages: list[SettingsPage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.pages = pages
        self.list = QListWidget(self)
        self.list.setObjectName("settingsPages")
        self.list.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        self.stack = QStackedWidget(self)
        for page in pages:
            page.setParent(self.stack)
            self.stack.addWidget(page)
            self.list.addItem("")
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().height() * 40, self.fontMetrics().height() * 22)
        self.retranslate()

    def show_page(self, key: str) -> SettingsPage | None:
        for row, page in enumerate(self.pages):
            if page.key == key:
                self.list.setCurrentRow(row)
                return page
        return None

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.list.setAccessibleName(self.tr("Settings pages"))
        for row, page in enumerate(self.pages):
            item = self.list.item(row)
            if item is not None:
                item.setText(page.title())
