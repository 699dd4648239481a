"""How the client looks and speaks, changed while it runs: the theme (light, dark, or the
operating system's, followed as it changes), the font size and the language.

Everything here applies at once to every open window: the palette and the style sheet are
the application's, `QApplication.setFont` reaches every widget that has not set its own,
and installing translators sends each widget a `QEvent.LanguageChange`, on which our
widgets set their texts again (their ``retranslate`` methods)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from importlib import resources

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from . import i18n

THEME_SETTING = "ui/theme"
FONT_SETTING = "ui/font_size"
FONT_SIZES = range(8, 21)
"""Point sizes one may choose (0 in the setting: the system's)."""


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def _sheet(name: str) -> str:
    return resources.files("ticketdesk.resources").joinpath(f"styles/{name}").read_text("utf-8")


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style: grey surfaces, light text, the accent kept."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for which, colour in (
        (role.Window, "#1f2126"),
        (role.WindowText, "#e6e8eb"),
        (role.Base, "#17181c"),
        (role.AlternateBase, "#22242a"),
        (role.ToolTipBase, "#2b2e35"),
        (role.ToolTipText, "#e6e8eb"),
        (role.PlaceholderText, "#8b919a"),
        (role.Text, "#e6e8eb"),
        (role.Button, "#2a2d33"),
        (role.ButtonText, "#e6e8eb"),
        (role.BrightText, "#ff6b6b"),
        (role.Light, "#3a3d44"),
        (role.Midlight, "#33363c"),
        (role.Mid, "#2a2c31"),
        (role.Dark, "#141518"),
        (role.Shadow, "#000000"),
        (role.Highlight, "#3b6fd1"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#8ab4f8"),
        (role.LinkVisited, "#c58af9"),
    ):
        palette.setColor(which, QColor(colour))
    for which, colour in (
        (role.WindowText, "#7d828a"),
        (role.Text, "#7d828a"),
        (role.ButtonText, "#7d828a"),
        (role.Base, "#1c1d21"),
        (role.Button, "#25272c"),
    ):
        palette.setColor(group.Disabled, which, QColor(colour))
    return palette


class Appearance(QObject):
    """The theme, font size and language of one application, saved in its settings."""

    changed = Signal()
    """The theme (or the system's scheme it follows) or the font size changed."""
    language_changed = Signal(str)

    def __init__(
        self,
        app: QApplication,
        settings: QSettings,
        translators: i18n.Translators | None = None,
        parent: QObject | None = None,
        *,
        system_scheme: Callable[[], Qt.ColorScheme] | None = None,
    ) -> None:
        """``system_scheme``: what the operating system's scheme is now (default: Qt's
        style hints; a test passes its own, since no platform plugin lets one change it)."""
        super().__init__(parent)
        self._app = app
        self._system_scheme = system_scheme or app.styleHints().colorScheme
        self._settings = settings
        self.translators = translators or i18n.Translators()
        self._base_font = QFont(app.font())
        """The system's font, which a chosen size starts from."""
        self._applied: tuple[bool, str] | None = None
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme)

    # ------------------------------------------------------------ what is chosen

    @property
    def theme(self) -> Theme:
        try:
            return Theme(str(self._settings.value(THEME_SETTING, Theme.SYSTEM.value)))
        except ValueError:
            return Theme.SYSTEM

    @property
    def dark(self) -> bool:
        """Whether the dark look is shown: chosen, or the system's while following it."""
        if self.theme is Theme.SYSTEM:
            return self._system_scheme() == Qt.ColorScheme.Dark
        return self.theme is Theme.DARK

    @property
    def font_size(self) -> int:
        """The chosen point size, or 0 for the system's."""
        try:
            size = int(self._settings.value(FONT_SETTING, 0))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 0
        return size if size in FONT_SIZES else 0

    @property
    def system_font_size(self) -> int:
        return max(1, round(self._base_font.pointSizeF()))

    @property
    def language(self) -> str:
        return self.translators.language

    # ------------------------------------------------------------ changing it

    def set_theme(self, theme: Theme) -> None:
        self._settings.setValue(THEME_SETTING, theme.value)
        self.apply()

    def set_font_size(self, size: int) -> None:
        self._settings.setValue(FONT_SETTING, size if size in FONT_SIZES else 0)
        self.apply()

    def set_language(self, language: str) -> None:
        """Speak ``language`` from now on, in every open window, and next time."""
        if language not in i18n.LANGUAGES:
            return
        self._settings.setValue(i18n.SETTING, language)
        if language != self.translators.language:
            self.translators.install(self._app, language)
            self.language_changed.emit(language)

    def apply(self) -> None:
        """Palette, style sheet and font as chosen (nothing redone when nothing changed)."""
        font = QFont(self._base_font)
        if self.font_size:
            font.setPointSize(self.font_size)
        if self._app.font() != font:
            self._app.setFont(font)
        dark = self.dark
        sheet = _sheet("app.qss") + (_sheet("dark.qss") if dark else "")
        if self.font_size:
            # With a style sheet set, the application's font alone does not reach widgets
            # already polished; the rule does (and the sheet's own sizes, more specific, stay).
            sheet += f"\nQWidget {{ font-size: {self.font_size}pt; }}\n"
        if self._applied != (dark, sheet):
            self._applied = (dark, sheet)
            self._app.setPalette(dark_palette() if dark else self._app.style().standardPalette())
            self._app.setStyleSheet(sheet)
        self.changed.emit()

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.theme is Theme.SYSTEM:
            self.apply()


def set_dpi_policy() -> None:
    """Before the application is made: scale by the screen's exact factor (150 % stays 1.5,
    not rounded to 2), so that text and the SVG icons are drawn sharp at every size."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
