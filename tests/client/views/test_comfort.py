"""Comfort in the main window: themes (chosen, or following the system as it changes), the
text size, and a language switch that applies at once to the window, its menus and an open
dialog, without restarting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.client.conftest import MakeSession
from ticketdesk.client import i18n
from ticketdesk.client.app import app_icon
from ticketdesk.client.appearance import Appearance, Theme
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.settings import AppearancePage


@pytest.fixture
def appearance(qapp: QApplication, settings: QSettings) -> Iterator[Appearance]:
    """The application's look as the client sets it, put back as it was afterwards."""
    system = [Qt.ColorScheme.Light]
    before = (qapp.palette(), qapp.styleSheet(), qapp.font())
    look = Appearance(qapp, settings, i18n.Translators(), system_scheme=lambda: system[0])
    look.system = system  # type: ignore[attr-defined]
    look.apply()
    yield look
    look.translators.remove(qapp)
    qapp.setPalette(before[0])
    qapp.setStyleSheet(before[1])
    qapp.setFont(before[2])
    look.deleteLater()


def _window(qtbot: QtBot, make_session: MakeSession, settings: QSettings,
            appearance: Appearance) -> MainWindow:
    window = MainWindow(make_session("as1"), settings, appearance=appearance)
    qtbot.addWidget(window)
    window.show()
    return window


def _dark(window: MainWindow) -> bool:
    return window.inbox.palette().color(QPalette.ColorRole.Window).lightness() < 100


def test_theme_follows_the_system_unless_chosen_and_text_size_applies_at_once(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, appearance: Appearance
) -> None:
    window = _window(qtbot, make_session, settings, appearance)
    dialog = window.open_settings("appearance")
    page = dialog.show_page("appearance")
    assert isinstance(page, AppearancePage)
    assert not _dark(window)

    # Following the system: its switch to dark turns the window dark, and back.
    appearance.system[0] = Qt.ColorScheme.Dark  # type: ignore[attr-defined]
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: _dark(window))
    assert "#timelineEntry { background: #25272d" in QApplication.instance().styleSheet()
    appearance.system[0] = Qt.ColorScheme.Light  # type: ignore[attr-defined]
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: not _dark(window))

    # Chosen: dark stays dark whatever the system does; the choice is kept.
    page.theme.setCurrentIndex(page.theme.findData(Theme.DARK.value))
    page.theme.activated.emit(page.theme.currentIndex())
    assert _dark(window) and settings.value("ui/theme") == "dark"
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert _dark(window)
    page.theme.setCurrentIndex(page.theme.findData(Theme.LIGHT.value))
    page.theme.activated.emit(page.theme.currentIndex())
    assert not _dark(window)

    # Text size: the inbox's table and the detail take it at once.
    table = window.inbox.current_page().table
    page.font_size.setValue(18)
    assert table.font().pointSize() == 18 and window.detail.font().pointSize() == 18
    assert int(settings.value("ui/font_size")) == 18
    page.font_size.setValue(page.font_size.minimum())  # "as the system"
    assert table.font().pointSize() == appearance.system_font_size


def test_language_switch_applies_without_restarting(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, appearance: Appearance
) -> None:
    window = _window(qtbot, make_session, settings, appearance)
    dialog = window.open_settings()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:3] == ["&File", "&View", "&Ticket"]
    assert dialog.windowTitle() == "Settings"

    window.language_actions["zh_CN"].trigger()
    assert settings.value("ui/language") == "zh_CN"
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == "文件(&F)")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:3] == ["文件(&F)", "查看(&V)", "工单(&T)"]
    assert window.new_action.iconText() == "新建工单"
    assert window.inbox.tabs.tabText(0).startswith("我的工单")
    assert "筛选" in window.filter_edit.placeholderText()
    assert window.detail.placeholder.text() == "选择一张工单，在这里查看详情。"
    assert window.notify_controls.dnd_action.text() == "免打扰(&T)"
    assert window.notify_controls.dnd_button.text() == "免打扰"
    header = window.inbox.current_page().model.headerData(1, Qt.Orientation.Horizontal)
    assert header == "标题"
    assert window.commands.by_action and "受理" in window.commands.reply.text() + "".join(
        a.text() for a in window.commands.by_action.values()
    )
    # The open dialog too, and its page; the language menu shows the choice.
    assert dialog.windowTitle() == "设置"
    page = dialog.pages[0]
    assert isinstance(page, AppearancePage)
    assert page.theme_label.text() == "主题(&T)："
    assert dialog.list.item(0).text() == "外观"
    assert window.language_actions["zh_CN"].isChecked()

    # And back, from the dialog's own choice.
    page.language.setCurrentIndex(page.language.findData("en"))
    page.language.activated.emit(page.language.currentIndex())
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == "&File")
    assert dialog.windowTitle() == "Settings" and page.theme_label.text() == "&Theme:"
    assert window.inbox.tabs.tabText(0).startswith("My tickets")
    assert window.language_actions["en"].isChecked()


def test_icons_are_sharp_on_high_dpi_screens(qapp: QApplication) -> None:
    """The icon is an SVG: drawn at the screen's scale, not a small bitmap blown up; and Qt
    scales by the exact factor (150 % stays 1.5)."""
    pixmap = app_icon().pixmap(QSize(32, 32), 2.0)
    assert pixmap.size() == QSize(64, 64) and pixmap.devicePixelRatio() == 2.0
    assert (QApplication.highDpiScaleFactorRoundingPolicy()
            == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)


def test_chinese_input_methods_reach_every_text_field(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, appearance: Appearance
) -> None:
    """No text field of the main window, its settings or the new-ticket dialog turns input
    methods off or restricts them to Latin letters (password fields aside, which must)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit

    window = _window(qtbot, make_session, settings, appearance)
    dialogs = [window.open_settings(), window.open_new_ticket()]
    latin = (Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhDigitsOnly
             | Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhUrlCharactersOnly
             | Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData)
    fields = [w for top in (window, *dialogs)
              for kind in (QLineEdit, QTextEdit, QPlainTextEdit) for w in top.findChildren(kind)]
    assert len(fields) > 3
    for field in fields:
        if isinstance(field, QLineEdit) and field.echoMode() != QLineEdit.EchoMode.Normal:
            continue
        if isinstance(field.parent(), QAbstractSpinBox):
            continue  # a spin box's number
        name = field.objectName() or type(field).__name__
        assert field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled), name
        assert not field.inputMethodHints() & latin, name
    for dialog in dialogs:
        dialog.close()
