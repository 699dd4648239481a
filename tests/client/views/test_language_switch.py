"""Every screen the client can show follows a live language switch, found from the widgets
themselves: each screen is opened (the main window in each mode, the ticket, the dialogs,
the administration window with all its tabs and pages), the language is switched to Chinese
while they are open, and every text a user can see — labels, buttons, check boxes, group
box titles, tab texts, column headers, placeholders, choices, menu and toolbar actions,
window titles, tooltips, accessible names — is read again. A text still in English although
the shipped .ts translates it is a failure that names the widget; then back to English, and
a text still in Chinese fails the same way. Nothing here lists the texts: a new form with
a string set once (``QLabel(self.tr("…"))``) fails it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client import i18n, i18n_tools
from ticketdesk.client.appearance import Appearance
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Action

_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\d+|%n")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _normal(text: str) -> str:
    """A text as compared: no mnemonic ``&``, no shortcut after a tab, no caption colon."""
    text = text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(":：").strip()


@dataclass(frozen=True)
class Words:
    """One language's translated words: whole texts, and the shapes of templates."""

    texts: frozenset[str]
    templates: tuple[re.Pattern[str], ...]

    def find(self, text: str) -> str | None:
        """The translated word ``text`` is made of (whole, or one of its parts), if any."""
        whole = _normal(text)
        parts = {whole, *(_normal(p) for p in re.split(r"\n| · | — ", text))}
        # "Inbox (Ctrl+1)", "Resolve… (3)": the words before a figure or a key in brackets.
        parts |= {_normal(re.sub(r"\s*\([^()]*\)$", "", p)) for p in list(parts)}
        for part in parts:
            if part in self.texts:
                return part
            for template in self.templates:
                if template.fullmatch(part):
                    return template.pattern
        return None


def _template(text: str) -> re.Pattern[str]:
    pieces = _PLACEHOLDER.split(text)
    return re.compile(".+?".join(re.escape(p) for p in pieces), re.DOTALL)


@cache
def _words() -> tuple[Words, Words]:
    """(the English sources, the Chinese translations) of every finished message whose
    translation differs from its source."""
    english: set[str] = set()
    chinese: set[str] = set()
    english_templates: list[re.Pattern[str]] = []
    chinese_templates: list[re.Pattern[str]] = []
    for message in i18n_tools.messages(i18n_tools.ts_path("zh_CN")):
        source, translation = _normal(message.source), _normal(message.translation)
        if message.unfinished or not translation or source == translation:
            continue
        if _PLACEHOLDER.search(source):
            # A template that is mostly placeholders ("{a}: {b}") would match anything.
            if len(re.findall(r"[A-Za-z]", _PLACEHOLDER.sub("", source))) >= 4:
                english_templates.append(_template(source))
            if len(_CJK.findall(_PLACEHOLDER.sub("", translation))) >= 2:
                chinese_templates.append(_template(translation))
            continue
        if re.search(r"[A-Za-z]", source):
            english.add(source)
        if _CJK.search(translation):
            chinese.add(translation)
    return (Words(frozenset(english), tuple(english_templates)),
            Words(frozenset(chinese), tuple(chinese_templates)))


# ------------------------------------------------------------------ what a user can see


def _shown(widget: QWidget, top: QWidget) -> bool:
    """Shown, or one click away: every widget up to ``top`` is shown, except pages of a
    stack (a tab's, a mode's, a settings page) that are hidden only while another is up."""
    node: QWidget | None = widget
    while node is not None and node is not top:
        parent = node.parentWidget()
        if node.isHidden() and not isinstance(parent, QStackedWidget):
            return False
        node = parent
    return node is top


def _where(widget: QWidget) -> str:
    chain = []
    node: QWidget | None = widget
    while node is not None and len(chain) < 4:
        chain.append(f"{type(node).__name__}({node.objectName()})")
        node = node.parentWidget()
    return " < ".join(chain)


def _plain(label: QLabel) -> str:
    """A label's words as read (without its markup, if it shows HTML)."""
    text, shape = label.text(), label.textFormat()
    html = shape == Qt.TextFormat.RichText or (
        shape == Qt.TextFormat.AutoText and re.search(r"<[a-zA-Z/][^>]*>", text))
    return QTextDocumentFragment.fromHtml(text).toPlainText() if html else text


def _columns(model: QAbstractItemModel) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model's columnCount is private in PySide: one column
        return 1


def _action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    if action.isSeparator():
        return
    yield f"{where} action", action.text()
    yield f"{where} action tooltip", action.toolTip()
    if action.menu() is not None:
        yield from _menu_texts(action.menu(), f"{where} > {action.text()}")


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} menu title", menu.title()
    for action in menu.actions():
        yield from _action_texts(action, where)


def _widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    yield "tooltip", widget.toolTip()
    yield "accessible name", widget.accessibleName()
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield "label", _plain(widget)
    if isinstance(widget, QAbstractButton):
        yield "button", widget.text()
    if isinstance(widget, QGroupBox):
        yield "group box title", widget.title()
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"tab {i}", widget.tabText(i)
            yield f"tab {i} tooltip", widget.tabToolTip(i)
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QComboBox):
        yield "placeholder", widget.placeholderText()
        for i in range(widget.count()):
            yield f"choice {i}", widget.itemText(i)
    if isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
        if isinstance(widget, QSpinBox):
            yield "suffix", widget.suffix()
    if isinstance(widget, QHeaderView) and widget.model() is not None:
        model, orientation = widget.model(), widget.orientation()
        count = _columns(model) if orientation == Qt.Orientation.Horizontal \
            else model.rowCount(QModelIndex())
        for section in range(count):
            if not widget.isSectionHidden(section):
                yield f"header {section}", str(model.headerData(section, orientation) or "")
    if isinstance(widget, QListWidget | QTreeWidget | QTableWidget):
        # Items a form puts in (a settings page list), not a model's data.
        model = widget.model()
        for row in range(min(model.rowCount(QModelIndex()), 50)):
            for column in range(_columns(model)):
                yield f"item {row},{column}", str(model.index(row, column).data() or "")
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) \
            and widget.model() is not None:
        model = widget.model()
        for row in range(min(model.rowCount(QModelIndex()), 20)):
            for column in range(_columns(model)):
                value = model.index(row, column).data()
                if isinstance(value, str):
                    yield f"cell {row},{column}", value
    for action in widget.actions():
        yield from _action_texts(action, "")


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of ``top`` a user can see or reach with a click."""
    for where, text in _widget_texts(top):
        yield f"{_where(top)} {where}", text
    for widget in top.findChildren(QWidget):
        if isinstance(widget, QMenu):
            # A menu is hidden until it pops up: its words count wherever it is kept.
            for where, text in _menu_texts(widget, ""):
                yield f"{_where(widget)} {where}", text
            continue
        if widget.window() is not top or not _shown(widget, top):
            continue  # (a dialog of this window is a screen of its own)
        for where, text in _widget_texts(widget):
            yield f"{_where(widget)} {where}", text


def untranslated(top: QWidget, stale: Words, data: frozenset[str] = frozenset()) -> list[str]:
    """The texts of ``top`` that are still words of the language just left (``data``: texts
    that are not the client's words, e.g. a group named 售后, which the .ts may also have as
    a translation)."""
    found = []
    for where, text in visible_texts(top):
        if text and text not in data and (word := stale.find(text)) is not None:
            found.append(f"{where}: {text!r} (from {word!r})")
    return sorted(set(found))


# ------------------------------------------------------------------ the screens


@pytest.fixture
def appearance(qapp: QApplication, settings: QSettings) -> Iterator[Appearance]:
    before = (qapp.palette(), qapp.styleSheet(), qapp.font())
    look = Appearance(qapp, settings, i18n.Translators())
    look.apply()
    yield look
    look.translators.remove(qapp)
    qapp.setPalette(before[0])
    qapp.setStyleSheet(before[1])
    qapp.setFont(before[2])
    look.deleteLater()


def _open_every_screen(
    window: MainWindow, ticket_id: int, settings: QSettings
) -> dict[str, QWidget]:
    """Every screen the client can show, open at once (the dialogs not modal, so all stay
    up): name → top widget."""
    from ticketdesk.client.views.assign import AssignDialog
    from ticketdesk.client.views.login import LoginWindow
    from ticketdesk.client.views.note import NoteDialog
    from ticketdesk.client.views.transfer import TransferDialog

    window.detail.show_ticket(ticket_id)
    screens: dict[str, QWidget] = {"main window": window}
    for mode in window.modes.modes():
        window.modes.page(mode)  # every mode built; the stack shows one, the rest a click away
    admin = window.open_admin()
    screens["administration"] = admin
    for index in range(admin.tabs.count()):
        admin.tabs.setCurrentIndex(index)  # each screen built and laid out once
    screens["new ticket"] = window.open_new_ticket()
    screens["transfer"] = TransferDialog(window._session, ticket_id, window)
    screens["assign"] = AssignDialog(window._session, ticket_id, window)
    screens["note"] = NoteDialog(window._session, ticket_id, Action.RESOLVE, window)
    screens["settings"] = window.open_settings()
    screens["shortcut sheet"] = window.show_shortcut_sheet()
    screens["shortcut settings"] = window.customize_shortcuts()
    screens["palette"] = window.open_palette()
    screens["wallboard"] = window.open_wallboard()
    screens["my quick replies"] = window.detail.manage_quick_replies()
    screens["caller"] = window.show_caller("phone", "13800138000")
    # Kept while the main window runs, shown again at log-out: it must follow too.
    screens["login"] = LoginWindow(None, settings)
    for screen in screens.values():
        screen.show()
    return screens


def _wait_quietly(qtbot: QtBot, condition: Callable[[], bool]) -> None:
    """Wait up to five seconds for ``condition``; the assertion after it says what is wrong."""
    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(condition, timeout=5000)


def _still_in(screens: dict[str, QWidget], stale: Words,
              data: frozenset[str] = frozenset()) -> str:
    failures = []
    for name, top in screens.items():
        for line in untranslated(top, stale, data):
            failures.append(f"{name}: {line}")
    return "\n".join(failures)


# The screen-pop and the admin window raise themselves; offscreen cannot, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "propagateSizeHints")
def test_every_screen_follows_a_live_language_switch(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, appearance: Appearance
) -> None:
    english, chinese = _words()
    # The organisation's names are Chinese, as a call center's are ("Admin" is a word of
    # ours too: an English display name would read as one left behind).
    org.admin.ok("PATCH", f"/users/{org.users['admin']}", {"display_name": "系统管理员"})
    ticket = org.new_ticket("hl1")
    appearance.set_language("en")
    window = MainWindow(make_session("admin"), settings, appearance=appearance, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: ticket["id"] in window._state.tickets, timeout=TIMEOUT_MS)
    screens = _open_every_screen(window, ticket["id"], settings)
    # The check can see what it looks for: in English, English words are everywhere.
    shown = [t for s in screens.values() for _w, t in visible_texts(s) if t]
    assert sum(1 for t in shown if english.find(t)) > 300
    # Chinese shown in English before any switch is the organisation's (its groups, the
    # type's field labels), not a word of ours left behind.
    data = frozenset(shown)

    appearance.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.modes.toolbar.actions()[0].text() == "收件箱")
    # (Some lists are filled again a moment later, once the window has named its commands.)
    _wait_quietly(qtbot, lambda: not _still_in(screens, english))
    assert not (failures := _still_in(screens, english)), "still English:\n" + failures

    appearance.set_language("en")
    qtbot.waitUntil(lambda: window.modes.toolbar.actions()[0].text() == "Inbox")
    _wait_quietly(qtbot, lambda: not _still_in(screens, chinese, data))
    assert not (failures := _still_in(screens, chinese, data)), "still Chinese:\n" + failures
    for screen in screens.values():
        if screen is not window:
            screen.close()
    screens["login"].deleteLater()
