"""Attachments: taking an upload in piece by piece (``Intake``), keeping it with its event,
and reading it back a few pieces at a time. Nothing here holds a whole file in memory and
nothing knows of HTTP. The caller owns the transactions: one to `begin` (the row, not
complete), one per piece (`write_chunk`), one to `keep` it (complete, with its event) or to
`discard` it — each short, since an open transaction holds back the live feed."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from ticketdesk.common.enums import Action, EventKind

from ... import clock
from ...store.schema import Attachment, AttachmentChunk, Event
from .. import tickets
from ..actors import Actor
from ..errors import Invalid, NotFound, TooLarge, Unsupported
from .names import clean_name
from .sniff import SNIFF_BYTES, sniff

__all__ = [
    "CHUNK_BYTES", "STALE_UPLOAD", "Intake", "begin", "check_target", "clean_name", "discard",
    "find", "keep", "list_for", "read_chunks", "too_large", "write_chunk",
]

CHUNK_BYTES = 256 * 1024
"""Bytes per stored piece: large enough that a 20 MiB file is 80 rows, small enough that a
piece in flight (and its hex-escaped copy in the driver) stays well under a megabyte."""


STALE_UPLOAD = timedelta(hours=6)
"""An upload still not complete after this long was broken off by a server that died (an
upload in progress writes a piece every few seconds at worst); the next upload removes it."""


def too_large(limit: int) -> TooLarge:
    return TooLarge(
        f"attachments are limited to {limit:,} bytes ({limit / 2**20:.0f} MiB)",
        details={"limit": limit},
    )


class Intake:
    """One upload's bytes as they arrive: counted against the limit, hashed, judged by their
    first ``SNIFF_BYTES`` and cut into ``CHUNK_BYTES`` pieces to write."""

    def __init__(self, *, limit: int, allowed: Collection[str]) -> None:
        self.limit = limit
        self.allowed = allowed
        self.size = 0
        self.content_type: str | None = None
        self._digest = hashlib.sha256()
        self._buffer = bytearray()

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def take(self, piece: bytes) -> list[bytes]:
        """The pieces ready to be written once ``piece`` is added (maybe none yet)."""
        self.size += len(piece)
        if self.size > self.limit:
            raise too_large(self.limit)
        self._digest.update(piece)
        self._buffer += piece
        if self.content_type is None:
            if len(self._buffer) < SNIFF_BYTES:
                return []
            self._judge(complete=False)
        return self._cut(CHUNK_BYTES)

    def end(self) -> list[bytes]:
        """The last pieces, once the whole upload has arrived."""
        if self.size == 0:
            raise Invalid("the file is empty", code="empty_file")
        if self.content_type is None:
            self._judge(complete=True)
        return self._cut(1)

    def _judge(self, *, complete: bool) -> None:
        kind = sniff(bytes(self._buffer[:SNIFF_BYTES]), complete=complete)
        if "*" not in self.allowed and kind not in self.allowed:
            raise Unsupported(
                f"files of type {kind} are not accepted as attachments",
                details={"content_type": kind, "allowed": sorted(self.allowed)},
            )
        self.content_type = kind

    def _cut(self, at_least: int) -> list[bytes]:
        pieces = []
        while len(self._buffer) >= at_least and self._buffer:
            pieces.append(bytes(self._buffer[:CHUNK_BYTES]))
            del self._buffer[:CHUNK_BYTES]
        return pieces


def check_target(session: Session, *, ticket_id: int, actor: Actor,
                 comment_id: int | None) -> None:
    """Before any byte is read: the ticket is there for the actor (404 as for any ticket it
    may not see), the actor may add to it (as for a comment), and the comment named is one
    of its comments."""
    ticket = tickets.get_ticket(session=session, ticket_id=ticket_id, actor=actor)
    tickets.judge(ticket, actor, Action.COMMENT)
    if comment_id is not None and session.scalar(
        select(Event.id).where(Event.id == comment_id, Event.ticket_id == ticket_id,
                               Event.kind == EventKind.COMMENTED)
    ) is None:
        raise Invalid(f"ticket {ticket_id} has no comment {comment_id}", code="unknown_comment",
                      details={"comment_id": comment_id})


def begin(session: Session, *, ticket_id: int, actor: Actor, name: str,
          comment_id: int | None) -> int:
    """The upload's row, not complete yet (seen by no one): the id its pieces are written
    under. Checks the target first, and sweeps uploads a dead server left half-written."""
    check_target(session, ticket_id=ticket_id, actor=actor, comment_id=comment_id)
    session.execute(delete(Attachment).where(
        Attachment.complete.is_(False), Attachment.created_at < clock.now() - STALE_UPLOAD))
    attachment = Attachment(ticket_id=ticket_id, name=name, comment_id=comment_id,
                            created_by_id=actor.user_id, created_by_name=actor.name)
    session.add(attachment)
    session.flush()
    return attachment.id


def write_chunk(session: Session, attachment_id: int, seq: int, data: bytes) -> None:
    """One piece, in the caller's (short) transaction. Its commit need not wait for the disk:
    the upload's last commit does, and it flushes everything written before it."""
    session.execute(text("SET LOCAL synchronous_commit = off"))
    session.execute(insert(AttachmentChunk).values(attachment_id=attachment_id, seq=seq, data=data))


def discard(session: Session, attachment_id: int) -> None:
    """A refused or broken-off upload: its row and every piece written (nothing of it stays)."""
    session.execute(delete(Attachment).where(Attachment.id == attachment_id,
                                             Attachment.complete.is_(False)))


def keep(session: Session, *, attachment_id: int, ticket_id: int, actor: Actor,
         intake: Intake, comment_id: int | None) -> Attachment:
    """Complete the upload with its ``attached`` event; flushed."""
    assert intake.content_type is not None
    attachment = session.get_one(Attachment, attachment_id)
    data: dict[str, object] = {
        "attachment_id": attachment_id, "name": attachment.name, "size": intake.size,
        "content_type": intake.content_type,
    }
    if comment_id is not None:
        data["comment_id"] = comment_id
    event = tickets.attach(session=session, ticket_id=ticket_id, actor=actor, data=data)
    attachment.content_type = intake.content_type
    attachment.size = intake.size
    attachment.sha256 = intake.sha256
    attachment.event_id = event.id
    attachment.complete = True
    session.flush()
    return attachment


def find(session: Session, *, ticket_id: int, attachment_id: int, actor: Actor) -> Attachment:
    """One attachment of a ticket the actor may see (404 alike for the ticket and the file)."""
    tickets.get_ticket(session=session, ticket_id=ticket_id, actor=actor)
    attachment = session.scalar(
        select(Attachment).where(Attachment.id == attachment_id,
                                 Attachment.ticket_id == ticket_id, Attachment.complete)
    )
    if attachment is None:
        raise NotFound(f"ticket {ticket_id} has no attachment {attachment_id}")
    return attachment


def list_for(session: Session, *, ticket_id: int, actor: Actor) -> list[Attachment]:
    tickets.get_ticket(session=session, ticket_id=ticket_id, actor=actor)
    return list(session.scalars(
        select(Attachment).where(Attachment.ticket_id == ticket_id, Attachment.complete)
        .order_by(Attachment.id)
    ))


def read_chunks(session: Session, attachment_id: int, *, after: int, count: int
                ) -> list[tuple[int, bytes]]:
    """Up to ``count`` pieces after ``seq`` ``after``, in order."""
    rows = session.execute(
        select(AttachmentChunk.seq, AttachmentChunk.data)
        .where(AttachmentChunk.attachment_id == attachment_id, AttachmentChunk.seq > after)
        .order_by(AttachmentChunk.seq)
        .limit(count)
    )
    return [(seq, bytes(data)) for seq, data in rows]
