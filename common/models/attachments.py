"""Attachments: files added to a ticket (or to one of its comments), stored by the server."""

from __future__ import annotations

from pydantic import Field

from . import examples as ex
from .base import UtcDateTime, WireModel, examples

PREVIEW_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"})
"""Content types the client shows inline as a picture."""


class AttachmentPublic(WireModel):
    model_config = examples(ex.ATTACHMENT)
    id: int
    ticket_id: int
    name: str = Field(description="The file name as uploaded, without any folder part.")
    content_type: str = Field(
        description="What the server found the bytes to be (sniffed, never the client's word)."
    )
    size: int = Field(description="Bytes.")
    sha256: str = Field(description="Hex digest of the content.")
    comment_id: int | None = Field(
        None, description="The ``commented`` event it belongs to, when it came with a comment."
    )
    event_id: int | None = Field(None, description="Its ``attached`` event in the record.")
    created_by_id: int | None
    created_by_name: str
    created_at: UtcDateTime

    @property
    def is_image(self) -> bool:
        return self.content_type in PREVIEW_TYPES


class AttachmentList(WireModel):
    model_config = examples(ex.ATTACHMENT_LIST)
    data: list[AttachmentPublic]
