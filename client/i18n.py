"""Which language the UI speaks, and installing its translators.

The system locale decides (Chinese locales get Simplified Chinese, everything else English,
the source language); a saved setting overrides it, and ``--lang`` overrides both.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
SETTING = "ui/language"


def system_language() -> str:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def choose_language(settings: QSettings, override: str | None = None) -> str:
    if override in LANGUAGES:
        return override
    saved = settings.value(SETTING)
    if saved in LANGUAGES:
        return str(saved)
    return system_language()


def translation_file(language: str) -> resources.abc.Traversable:
    return resources.files("ticketdesk.resources").joinpath(
        f"translations/ticketdesk_{language}.qm"
    )


class Translators:
    """The translators installed for one language; `install` replaces the previous ones."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, app: QCoreApplication, language: str) -> None:
        self.remove(app)
        self.language = language
        QLocale.setDefault(QLocale(language))
        if language == "en":
            return  # the source language needs no translator
        ours = QTranslator(app)
        with resources.as_file(translation_file(language)) as path:
            if not ours.load(str(path)):
                log.warning("no translation for %s at %s", language, path)
                return
        self._add(app, ours)
        # Qt's own strings: standard buttons, context menus of text fields.
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(language), "qtbase", "_", qt_dir):
            self._add(app, qt)

    def _add(self, app: QCoreApplication, translator: QTranslator) -> None:
        app.installTranslator(translator)
        self._installed.append(translator)

    def remove(self, app: QCoreApplication) -> None:
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
