"""Attachments in the ticket detail against the real server: a file attached from the reply
box appears in the record with its picture previewed; one over the limit is refused with
the server's reason and nothing is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QToolButton
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


def test_files_added_while_writing_go_with_the_comment(
    qtbot: QtBot, org, make_session: MakeSession, tmp_path: Path
) -> None:
    """A file dropped and a screenshot pasted while a reply is being written are held,
    listed above the box (one taken off again), and sent as that comment's once it is."""
    ticket = org.new_ticket("hl1")
    view = _detail(qtbot, make_session, ticket["id"])
    box = view.comment_box
    receipt, photo, wrong = tmp_path / "发票.pdf", tmp_path / "照片.png", tmp_path / "错的.png"
    receipt.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    photo.write_bytes(png(40, 30))
    wrong.write_bytes(png(10, 10))
    view.comment_edit.setPlainText("发票和照片见附件")
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(receipt)), QUrl.fromLocalFile(str(wrong))])
    view.comment_edit.insertFromMimeData(dropped)
    pasted = QMimeData()
    pasted.setImageData(QImage(str(photo)))
    view.comment_edit.insertFromMimeData(pasted)  # encoded off the GUI thread, then held
    qtbot.waitUntil(lambda: len(box.held_files()) == 3, timeout=TIMEOUT_MS)
    assert box.held_box.isVisibleTo(view)
    remove = [b for b in box.held_box.findChildren(QToolButton)
              if b.accessibleName() == "Remove 错的.png"]
    remove[0].click()
    names = sorted(f.name for f in box.held_files())
    assert "发票.pdf" in names and len(names) == 2
    assert any(n.startswith("screenshot-") and n.endswith(".png") for n in names)
    api = org.as_("as1")
    assert api.ok("GET", f"/tickets/{ticket['id']}/attachments")["data"] == []  # not yet

    box.send()
    qtbot.waitUntil(
        lambda: len(api.ok("GET", f"/tickets/{ticket['id']}/attachments")["data"]) == 2,
        timeout=TIMEOUT_MS)
    events = api.ok("GET", f"/tickets/{ticket['id']}")["events"]
    comment = next(e for e in events if e["kind"] == "commented")
    assert comment["data"]["body"] == "发票和照片见附件"
    stored = api.ok("GET", f"/tickets/{ticket['id']}/attachments")["data"]
    assert sorted(a["name"] for a in stored) == names
    assert {a["comment_id"] for a in stored} == {comment["id"]}
    assert not box.held_files() and not box.held_box.isVisibleTo(view)
    qtbot.waitUntil(lambda: any("to the comment" in e.headline.text()
                                for e in view.timeline.entries), timeout=TIMEOUT_MS)


def test_with_the_box_empty_a_file_goes_to_the_ticket_at_once(
    qtbot: QtBot, org, make_session: MakeSession, tmp_path: Path
) -> None:
    ticket = org.new_ticket("hl1")
    view = _detail(qtbot, make_session, ticket["id"])
    note = tmp_path / "说明.txt"
    note.write_text("退货地址", encoding="utf-8")
    view.comment_box.attach_files([str(note)])
    assert not view.comment_box.held_files()
    api = org.as_("as1")
    qtbot.waitUntil(lambda: api.ok("GET", f"/tickets/{ticket['id']}/attachments")["data"] != [],
                    timeout=TIMEOUT_MS)
    assert api.ok("GET", f"/tickets/{ticket['id']}/attachments")["data"][0]["comment_id"] is None
