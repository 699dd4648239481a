"""Attachments as the views see them: uploads in flight (with their progress and, if
refused, the server's reason), files saved or opened, and picture previews.

Uploads read their file as Qt sends it (never all in memory); a pasted picture is encoded to
PNG in a worker thread first. Previews are fetched into memory (pictures up to
``limits.ATTACHMENT_PREVIEW_MAX_BYTES``) and scaled in a worker thread. The GUI thread only
ever receives signals."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from itertools import count

from PySide6.QtCore import QBuffer, QFile, QIODevice, QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QImageReader

from ticketdesk.common import limits
from ticketdesk.common.models import AttachmentPublic

from ..net.api import ApiError, Download
from .session import ClientSession

THUMBNAIL = QSize(240, 160)


@dataclass(frozen=True)
class HeldFile:
    """A file chosen for a comment still being written: sent once the comment is."""

    path: str
    name: str
    temporary: bool = False
    """A pasted picture's PNG, made for it: removed once sent or dropped."""


@dataclass
class Upload:
    key: int
    ticket_id: int
    name: str
    sent: int = 0
    total: int = 0
    comment_id: int | None = None
    """The ``commented`` event the file belongs to; None: the ticket itself."""

    @property
    def percent(self) -> int:
        return int(100 * self.sent / self.total) if self.total else 0


class Attachments(QObject):
    uploads_changed = Signal()
    """An upload started, moved on or ended (see `uploads`)."""
    upload_failed = Signal(int, str, object)
    """(ticket id, file name, ApiError): refused or broken off; nothing was kept."""
    uploaded = Signal(int, object)
    """(ticket id, `AttachmentPublic`)."""
    preview_ready = Signal(int)
    """The thumbnail of this attachment is in `thumbnail`."""
    image_held = Signal(int, object)
    """(ticket id, `HeldFile`): a pasted picture, encoded, kept for the comment (`hold_image`)."""
    _encoded = Signal(int, str, str, bool)  # (ticket id, temporary file, name, held)
    _scaled = Signal(int, QImage)

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.uploads: dict[int, Upload] = {}
        self._keys = count(1)
        self._thumbnails: dict[int, QImage] = {}
        self._fetching: set[int] = set()
        self._temporary: dict[int, str] = {}
        self._encoded.connect(self._send_encoded, Qt.ConnectionType.QueuedConnection)
        self._scaled.connect(self._on_scaled, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------ up

    def upload_file(
        self, ticket_id: int, path: str, name: str | None = None, *, comment_id: int | None = None
    ) -> Upload | None:
        """Send a file from disk (``comment_id``: as part of that comment, a ``commented``
        event's id); None (and ``upload_failed``) when it cannot be read."""
        name = name or os.path.basename(path)
        device = QFile(path)
        if not device.open(QIODevice.OpenModeFlag.ReadOnly):
            self.upload_failed.emit(ticket_id, name, ApiError(0, "unreadable",
                                                              device.errorString()))
            return None
        upload = Upload(next(self._keys), ticket_id, name, total=device.size(),
                        comment_id=comment_id)
        self.uploads[upload.key] = upload
        params: dict[str, object] = {"name": name}
        if comment_id is not None:
            params["comment"] = comment_id
        reply = self._session.api.send_file(
            f"/tickets/{ticket_id}/attachments", device, params=params,
            parse=AttachmentPublic.model_validate)
        reply.progress.connect(lambda sent, total, u=upload: self._on_progress(u, sent, total))
        reply.succeeded.connect(lambda made, u=upload: self._on_uploaded(u, made))
        reply.failed.connect(lambda error, u=upload: self.upload_failed.emit(
            u.ticket_id, u.name, error))
        reply.finished.connect(lambda u=upload: self._on_finished(u))
        self.uploads_changed.emit()
        return upload

    def upload_image(self, ticket_id: int, image: QImage) -> None:
        """A pasted picture (a screenshot): PNG-encoded off the GUI thread, then sent as
        ``screenshot-<local time>.png``."""
        self._encode(ticket_id, image, held=False)

    def hold_image(self, ticket_id: int, image: QImage) -> None:
        """A picture pasted into a comment being written: PNG-encoded off the GUI thread and
        handed back as a `HeldFile` (``image_held``), to go up with the comment."""
        self._encode(ticket_id, image, held=True)

    def _encode(self, ticket_id: int, image: QImage, *, held: bool) -> None:
        name = datetime.now().strftime("screenshot-%Y%m%d-%H%M%S.png")
        picture = image.copy()  # the worker's own copy

        def encode() -> None:
            handle, path = tempfile.mkstemp(suffix=".png", prefix="ticketdesk-")
            os.close(handle)
            picture.save(path, "PNG")
            self._encoded.emit(ticket_id, path, name, held)

        threading.Thread(target=encode, name="png-encode", daemon=True).start()

    def _send_encoded(self, ticket_id: int, path: str, name: str, held: bool) -> None:
        if held:
            self.image_held.emit(ticket_id, HeldFile(path, name, temporary=True))
            return
        self._upload_temporary(ticket_id, HeldFile(path, name, temporary=True), None)

    def upload_held(self, ticket_id: int, held: HeldFile, comment_id: int) -> None:
        """Send a file held for a comment, now that the comment is there."""
        if held.temporary:
            self._upload_temporary(ticket_id, held, comment_id)
        else:
            self.upload_file(ticket_id, held.path, held.name, comment_id=comment_id)

    def drop_held(self, held: HeldFile) -> None:
        """A held file the agent took off the comment (or whose comment was given up)."""
        if held.temporary and os.path.exists(held.path):
            os.remove(held.path)

    def _upload_temporary(self, ticket_id: int, held: HeldFile, comment_id: int | None) -> None:
        upload = self.upload_file(ticket_id, held.path, held.name, comment_id=comment_id)
        if upload is None:
            os.remove(held.path)
            return
        self._temporary[upload.key] = held.path  # removed once the upload has ended

    def _on_progress(self, upload: Upload, sent: int, total: int) -> None:
        upload.sent, upload.total = sent, total
        self.uploads_changed.emit()

    def _on_uploaded(self, upload: Upload, made: AttachmentPublic) -> None:
        self.uploaded.emit(upload.ticket_id, made)
        # The record gains the attached event (also pushed live; this covers a lost push).
        self._session.open_ticket(upload.ticket_id)

    def _on_finished(self, upload: Upload) -> None:
        self.uploads.pop(upload.key, None)
        path = self._temporary.pop(upload.key, None)
        if path:
            os.remove(path)
        self.uploads_changed.emit()

    def uploads_for(self, ticket_id: int) -> list[Upload]:
        return [u for u in self.uploads.values() if u.ticket_id == ticket_id]

    # ------------------------------------------------------------ down

    def _path(self, ticket_id: int, attachment_id: int) -> str:
        return f"/tickets/{ticket_id}/attachments/{attachment_id}"

    def save(self, ticket_id: int, attachment_id: int, path: str) -> Download:
        """Download into ``path`` (written as it arrives); returns the `Download`."""
        device = QFile(path, self)
        device.open(QIODevice.OpenModeFlag.WriteOnly)
        download = self._session.api.fetch_to(self._path(ticket_id, attachment_id), device)
        download.finished.connect(device.close)
        download.failed.connect(lambda _e: device.remove())
        return download

    def open_externally(self, ticket_id: int, attachment_id: int, name: str) -> Download:
        """Download into a temporary folder and hand the file to the system's viewer."""
        folder = tempfile.mkdtemp(prefix="ticketdesk-")
        path = os.path.join(folder, os.path.basename(name) or "attachment")
        download = self.save(ticket_id, attachment_id, path)
        download.succeeded.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(path)))
        return download

    def thumbnail(self, attachment_id: int) -> QImage | None:
        return self._thumbnails.get(attachment_id)

    def want_preview(self, ticket_id: int, attachment_id: int, size: int) -> bool:
        """Fetch and scale a picture for the record, once; False if too large to preview."""
        if attachment_id in self._thumbnails or attachment_id in self._fetching:
            return True
        if size > limits.ATTACHMENT_PREVIEW_MAX_BYTES:
            return False
        self._fetching.add(attachment_id)
        # Held by this fetch's own callbacks, not by this object: the download may end after
        # the view (and this object with it) is gone, and must not write into a deleted buffer.
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        download = self._session.api.fetch_to(
            self._path(ticket_id, attachment_id), buffer,
            most=limits.ATTACHMENT_PREVIEW_MAX_BYTES)
        download.succeeded.connect(lambda: self._scale(attachment_id, buffer))
        download.failed.connect(lambda _e: self._fetching.discard(attachment_id))
        return True

    def _scale(self, attachment_id: int, buffer: QBuffer) -> None:
        data = bytes(buffer.data().data())
        buffer.close()

        def work() -> None:
            reader_buffer = QBuffer()
            reader_buffer.setData(data)
            reader_buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            reader = QImageReader(reader_buffer)
            original = reader.size()
            if original.isValid():
                reader.setScaledSize(original.scaled(THUMBNAIL,
                                                     Qt.AspectRatioMode.KeepAspectRatio)
                                     if original.width() > THUMBNAIL.width()
                                     or original.height() > THUMBNAIL.height() else original)
            # (this object may have been deleted meanwhile: then nobody wants the preview)
            with contextlib.suppress(RuntimeError):
                self._scaled.emit(attachment_id, reader.read())

        threading.Thread(target=work, name="thumbnail", daemon=True).start()

    def _on_scaled(self, attachment_id: int, image: QImage) -> None:
        self._fetching.discard(attachment_id)
        if not image.isNull():
            self._thumbnails[attachment_id] = image
            self.preview_ready.emit(attachment_id)
