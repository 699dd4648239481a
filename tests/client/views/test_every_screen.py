"""Every main screen for a screen reader and across a language switch: each focusable
control has a name — its own accessible name, its text, or its label's (a buddy) — in
English and in Chinese, as Qt's accessibility layer gives it to the screen reader
(`QAccessibleInterface.text(Name)`), not a property we set; and the screens opened in one
language speak the other as soon as it is chosen, without a restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client import i18n
from ticketdesk.client.appearance import Appearance
from ticketdesk.client.views.audit import AuditView
from ticketdesk.client.views.board import BoardView
from ticketdesk.client.views.dashboard import DashboardView
from ticketdesk.client.views.main_window import MainWindow

CONTROLS = (
    QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
    QAbstractItemView, QAbstractSlider, QTabBar,
)


def accessible_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def _inside_a_control(widget: QWidget) -> bool:
    """A part of another control (a spin box's or an editable combo box's text, a view's
    header or editor): the screen reader names the control it belongs to."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def nameless(top: QWidget) -> list[str]:
    """The controls a user can reach (shown, taking focus) that a screen reader cannot name."""
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or _inside_a_control(widget):
            continue
        if isinstance(widget, QScrollArea | QTabWidget):
            continue  # containers: the reader names what is in them (and the tabs)
        holder = widget.parentWidget()
        if isinstance(holder, QAbstractScrollArea) and holder.viewport() is widget:
            continue  # a view's drawing surface (a chart's): the view is what is named
        # The usual controls, and anything else Tab reaches (a picture's preview, say).
        tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if not tab and (not isinstance(widget, CONTROLS)
                        or widget.focusPolicy() == Qt.FocusPolicy.NoFocus):
            continue
        if not accessible_name(widget):
            found.append(_where(widget))
    return found


def _where(widget: QWidget) -> str:
    """The widget and its named ancestors, to find it in the code."""
    chain = []
    node: QWidget | None = widget
    while node is not None and len(chain) < 4:
        chain.append(f"{type(node).__name__}({node.objectName()})")
        node = node.parentWidget()
    return " < ".join(chain)


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


def test_every_screen_names_its_controls_and_follows_a_language_switch(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings, appearance: Appearance
) -> None:
    """The controls of the inbox, the detail, the dialogs, the board, the dashboard, the
    audit search, the admin tabs and the palette all have names, in English; the language
    switched while they are open, the board, dashboard, audit and admin screens speak
    Chinese at once, and every control is named again."""
    ticket = org.new_ticket("hl1")
    appearance.set_language("en")
    window = MainWindow(make_session("admin"), settings, appearance=appearance)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: ticket["id"] in window._state.tickets, timeout=TIMEOUT_MS)
    window.detail.show_ticket(ticket["id"])
    board, dashboard, audit = (window.modes.show_mode(m) for m in ("board", "dashboard", "audit"))
    admin = window.open_admin()
    assert isinstance(board, BoardView) and isinstance(dashboard, DashboardView)
    assert isinstance(audit, AuditView)
    assert not _nameless_screens(window, admin), "English"

    appearance.set_language("zh_CN")
    qtbot.waitUntil(lambda: board.only_mine.text() == "只看我负责的小组")
    assert board.filter_edit.placeholderText() == "筛选小组"
    assert board.columns.accessibleName() == "小组"
    assert board.assign_action.text() == "分配…\tA"
    assert dashboard.refresh_button.text() == "刷新"
    assert dashboard.period_box.itemText(0) == "今天"
    assert dashboard.tiles["created"].caption.text() == "新建"
    assert audit.search_button.text() == "搜索"
    assert audit.scope.itemText(0) == "事件"
    assert audit.status_box.itemText(0) == "任意状态"
    assert admin.windowTitle() == "系统管理"
    assert admin.tabs.tabText(0) == "用户" and admin.users.new_button.text() == "新建用户"
    assert admin.keys.create_button.text() == "创建密钥"
    assert not _nameless_screens(window, admin), "Chinese"
    admin.close()


def _nameless_screens(window: MainWindow, admin: QWidget) -> str:
    """Every screen's nameless controls, one screen a line (empty: none)."""
    from ticketdesk.client.views.transfer import TransferDialog

    failures: dict[str, list[str]] = {}

    def check(screen: str, top: QWidget) -> None:
        if missing := nameless(top):
            failures[screen] = missing

    window.modes.show_mode("inbox")
    check("inbox", window)
    check("ticket detail", window.detail)
    ticket_id = window.detail.ticket_id
    assert ticket_id is not None
    for title, dialog in (
        ("new ticket", window.open_new_ticket()),
        ("transfer", TransferDialog(window._session, ticket_id, window)),
        ("settings", window.open_settings()),
        ("palette", window.open_palette()),
    ):
        dialog.show()
        check(title, dialog)
        if title == "settings":
            for page in dialog.pages:
                dialog.show_page(page.key)
                check(f"settings: {page.key}", dialog)
        dialog.close()
    for mode in ("board", "dashboard", "audit"):
        check(mode, window.modes.show_mode(mode))
    for row in range(admin.tabs.count()):
        admin.tabs.setCurrentIndex(row)
        check(f"admin: {admin.tabs.tabText(row)}", admin)
    return "\n".join(f"{k}: {v}" for k, v in failures.items())
