"""What a file is, from its first bytes (magic numbers), never from what the client says.

A small table rather than a library: the types an office attaches are few (pictures,
screenshots, PDF, Office documents, archives, call recordings, text), each is recognised by a
fixed signature at a fixed place, and the table is read in one screen. Anything not
recognised is ``application/octet-stream`` — or ``text/plain`` when it reads as text.
"""

from __future__ import annotations

import codecs

SNIFF_BYTES = 64 * 1024
"""How much of the start of a file is looked at (an Office document names its parts within
its first entries; a text is judged on this much)."""

OCTET_STREAM = "application/octet-stream"
TEXT = "text/plain"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"%PDF-", "application/pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc, .xls, .msg
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x1f\x8b", "application/gzip"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"#!AMR", "audio/amr"),
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
)

_RIFF = {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}
_DIB_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}
_OOXML = ((b"word/", DOCX), (b"xl/", XLSX), (b"ppt/", PPTX))


def sniff(head: bytes, *, complete: bool = False) -> str:
    """The content type of a file starting with ``head`` (``complete``: that is all of it)."""
    for prefix, kind in _PREFIXES:
        if head.startswith(prefix):
            return kind
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:11] == b"M4A" else "video/mp4"
    if head[:2] == b"BM" and len(head) >= 18 and int.from_bytes(head[14:18], "little") in (
        _DIB_HEADER_SIZES
    ):
        return "image/bmp"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2:  # an MPEG audio frame
        return "audio/mpeg"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_kind(head)
    if _is_text(head, complete=complete):
        return TEXT
    return OCTET_STREAM


def _zip_kind(head: bytes) -> str:
    # An Office Open XML file is a zip whose entries are its parts: "[Content_Types].xml"
    # and folders named for the application. Their names are in the local headers, which
    # come first in the file.
    if b"[Content_Types].xml" not in head:
        return ZIP
    for folder, kind in _OOXML:
        if folder in head:
            return kind
    return ZIP


_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def _is_text(head: bytes, *, complete: bool) -> bool:
    """UTF-8 (with or without a BOM), or GB18030 as Chinese Windows writes it, without NULs
    or other control characters."""
    if not head or any(b in _CONTROL for b in head[:4096]) or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # Not final unless it is the whole file: the sample may end inside a character.
            decoder.decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        return True
    return False
