"""The administration window's layout: it opens at a size a 1366×768 screen holds, columns
show whole keys, a long message wraps without the window growing, and the splits are kept."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.ticket_types import TypeColumn
from ticketdesk.client.views.admin import DEFAULT_SIZE, AdminWindow

LONG_KEY = "supplier_quality_complaint"


def _window(qtbot: QtBot, session, settings: QSettings) -> AdminWindow:
    window = AdminWindow(session, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_size_columns_messages_and_splits(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.admin.ok("POST", "/ticket-types", {"key": LONG_KEY, "name": "供应商质量投诉"}, status=201)
    session = make_session("admin")
    window = _window(qtbot, session, settings)
    # The first size fits a 1366×768 screen with a task bar, frame included, and any
    # smaller screen (the offscreen test screen is 800×600); the content can shrink to it.
    assert DEFAULT_SIZE.width() <= 1326 and DEFAULT_SIZE.height() <= 728 - 30
    room = window.screen().availableGeometry().size()
    assert window.size() == DEFAULT_SIZE.boundedTo(room - QSize(40, 40))
    assert window.minimumSizeHint().height() <= 560

    types = window.types
    window.tabs.setCurrentWidget(types)
    qtbot.waitUntil(lambda: types.model.rowCount() == 2, timeout=TIMEOUT_MS)
    row = next(r for r in range(2) if types.model.type_at(r).key == LONG_KEY)
    key_index = types.model.index(row, TypeColumn.KEY)
    needed = types.table.sizeHintForIndex(key_index).width()
    header = types.table.horizontalHeader()
    assert header.sectionSize(TypeColumn.KEY) >= needed  # the whole key, not "supplier_q…"
    assert header.sectionSize(TypeColumn.NAME) > 0

    # A long message wraps; the window keeps its size (on both editing screens).
    size = window.size()
    for screen in (window.types, window.groups):
        window.tabs.setCurrentWidget(screen)
        screen.message.show_error("这条提示很长，" * 60)
        qtbot.wait(50)  # (let the layouts settle: a grown window would show it here)
        assert window.size() == size
        assert screen.message.height() < screen.height() // 3

    # Moved splits and a new size are there the next time the window opens.
    window.resize(770, 570)
    moved = {}
    for screen, sizes in ((window.types, [300, 200, 200]), (window.groups, [200, 500])):
        window.tabs.setCurrentWidget(screen)
        qtbot.wait(20)
        screen.splitter.setSizes(sizes)
        moved[screen.objectName()] = screen.splitter.sizes()
    window.close()
    again = _window(qtbot, session, settings)
    assert again.size().toTuple() == (770, 570)
    for screen in (again.types, again.groups):
        again.tabs.setCurrentWidget(screen)
        qtbot.waitUntil(
            lambda s=screen: s.splitter.sizes() == moved[s.objectName()], timeout=TIMEOUT_MS
        )
