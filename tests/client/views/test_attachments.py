"""Attachments in the ticket detail against the real server: a file attached from the reply
box appears in the record with its picture previewed; one over the limit is refused with
the server's reason and nothing is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.server.api.test_attachments import png
from ticketdesk.client.models.timeline import TimelineRole
from ticketdesk.client.views.ticket_detail import TicketDetailView
from ticketdesk.common import limits


def _detail(qtbot: QtBot, make_session: MakeSession, ticket_id: int) -> TicketDetailView:
    view = TicketDetailView(make_session("as1"))
    qtbot.addWidget(view)
    view.resize(800, 900)
    view.show()
    view.show_ticket(ticket_id)
    qtbot.waitUntil(view.comment_box.attach_button.isEnabled, timeout=TIMEOUT_MS)
    return view


def test_a_dropped_file_is_attached_recorded_and_previewed(
    qtbot: QtBot, org, make_session: MakeSession, tmp_path: Path
) -> None:
    ticket = org.new_ticket("hl1")
    view = _detail(qtbot, make_session, ticket["id"])
    picture = tmp_path / "快递破损.png"
    picture.write_bytes(png(600, 300))
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(picture))])
    view.comment_edit.insertFromMimeData(dropped)  # as a drop or a paste of the file

    def strip():
        for entry in view.timeline.entries:
            if entry.attachment is not None and entry.attachment.isVisibleTo(view):
                return entry
        return None

    qtbot.waitUntil(lambda: strip() is not None, timeout=TIMEOUT_MS)
    entry = strip()
    assert "快递破损.png" in entry.headline.text()
    qtbot.waitUntil(lambda: entry.attachment.thumbnail.isVisibleTo(view), timeout=TIMEOUT_MS)
    shown = entry.attachment.thumbnail.pixmap()
    assert (shown.width(), shown.height()) == (240, 120)  # scaled to fit, proportions kept
    row = view.timeline_model.rowCount() - 1
    info = view.timeline_model.index(row, 0).data(TimelineRole.ATTACHMENT)
    assert info["content_type"] == "image/png"
    stored = org.as_("as1").ok("GET", f"/tickets/{ticket['id']}/attachments")["data"]
    assert [a["name"] for a in stored] == ["快递破损.png"]
    # Saved to disk, byte for byte.
    target = tmp_path / "saved.png"
    download = view.attachments.save(ticket["id"], stored[0]["id"], str(target))
    with qtbot.waitSignal(download.finished, timeout=TIMEOUT_MS):
        pass
    assert target.read_bytes() == picture.read_bytes()
    view.grab().save("/tmp/att21-detail.png")


def test_a_file_over_the_limit_is_refused_with_the_servers_message(
    qtbot: QtBot, org, make_session: MakeSession, tmp_path: Path
) -> None:
    ticket = org.new_ticket("hl1")
    view = _detail(qtbot, make_session, ticket["id"])
    big = tmp_path / "录音.mp3"
    with big.open("wb") as f:
        f.write(b"ID3")
        f.truncate(limits.ATTACHMENT_MAX_BYTES + 1)
    with qtbot.waitSignal(view.attachments.upload_failed, timeout=TIMEOUT_MS * 3) as failed:
        view.comment_box.attach_files([str(big)])
        assert view.comment_box.progress.isVisibleTo(view)
    assert failed.args[2].status == 413
    qtbot.waitUntil(lambda: "录音.mp3" in view.message.text(), timeout=TIMEOUT_MS)
    assert "20,971,520" in view.message.text()
    qtbot.waitUntil(lambda: not view.comment_box.progress.isVisibleTo(view), timeout=TIMEOUT_MS)
    assert org.as_("as1").ok("GET", f"/tickets/{ticket['id']}/attachments")["data"] == []
