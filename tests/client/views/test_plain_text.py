"""What people type is shown exactly as typed: never read as HTML, wherever it appears."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models import Column, Inbox
from ticketdesk.client.views.main_window import MainWindow

MARKUP = "<b>x</b><script>alert(1)</script>"
SQL = "'; DROP TABLE tickets; --"
AMP = "A &amp; B &lt;i&gt;"

NOTE_TYPE = {
    "key": "note",
    "name": "记录",
    "default_group": "售后",
    "fields": [
        {"key": "customer", "label": "客户", "kind": "text"},
        {"key": "details", "label": "详情", "kind": "multiline"},
    ],
}


def _as_shown(rich_or_plain: str) -> str:
    """What a tooltip shows: Qt reads it as rich text when it looks like HTML."""
    document = QTextDocument()
    if QtGui.Qt.mightBeRichText(rich_or_plain):
        document.setHtml(rich_or_plain)
    else:
        document.setPlainText(rich_or_plain)
    return document.toPlainText()


def test_user_text_is_shown_verbatim(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.admin.ok("POST", "/ticket-types", NOTE_TYPE, status=201)
    title = f"{MARKUP} {SQL}"
    body = f"{MARKUP}\n{SQL}\n{AMP}"
    ticket = org.as_("hl1").ok(
        "POST",
        "/tickets",
        {"type": "note", "title": title, "body": body,
         "fields": {"customer": MARKUP, "details": f"{SQL}\n{AMP}"}},
        status=201,
    )
    tid = ticket["id"]
    org.as_("hl1").ok("POST", f"/tickets/{tid}/comments", {"body": f"{MARKUP}{AMP}"}, status=201)

    window = MainWindow(make_session("as1"), settings, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    window.inbox.show_inbox(Inbox.QUEUES)
    rows = window.inbox.pages[Inbox.QUEUES].model
    qtbot.waitUntil(lambda: rows.rowCount() == 1, timeout=TIMEOUT_MS)

    # The inbox cell, and its tooltip.
    cell = rows.index(0, Column.TITLE)
    assert cell.data() == title
    assert _as_shown(cell.data(Qt.ItemDataRole.ToolTipRole)) == title

    # The detail: title, description, the type's fields.
    assert window.inbox.select_ticket(tid)
    detail = window.detail
    qtbot.waitUntil(lambda: len(detail.timeline.entries) == 3, timeout=TIMEOUT_MS)
    assert detail.title_label.text() == f"#{tid}  {title}"
    assert detail.body_label.text() == body
    info = detail.info_text()
    assert info["客户"] == MARKUP
    assert info["详情"] == f"{SQL}\n{AMP}"

    # The record.
    comment = detail.timeline.entries[-1]
    assert comment.detail.text() == f"{MARKUP}{AMP}"

    # Every label showing any of it takes its text as plain text. A caption
    # with a buddy ("&View:") is the interface's own text, its & a mnemonic.
    labels = window.findChildren(QLabel)
    carrying = [
        label for label in labels
        if ("<" in label.text() or "&" in label.text()) and label.buddy() is None
    ]
    assert {label.text() for label in carrying} >= {
        f"#{tid}  {title}",
        body,
        MARKUP,
        f"{SQL}\n{AMP}",
        f"{MARKUP}{AMP}",
    }
    shown_as_markup = [
        label.text() for label in carrying if label.textFormat() != Qt.TextFormat.PlainText
    ]
    assert shown_as_markup == []
