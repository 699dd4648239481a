"""Sniffing and naming attachments: what the bytes are, what name is kept."""

import pytest

from ticketdesk.server.services.attachments import CHUNK_BYTES, Intake, clean_name
from ticketdesk.server.services.attachments.sniff import DOCX, XLSX, sniff
from ticketdesk.server.services.errors import Invalid, TooLarge, Unsupported


@pytest.mark.parametrize(("head", "kind"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"GIF89a\x01\x00", "image/gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"BM" + b"\x00" * 12 + (40).to_bytes(4, "little"), "image/bmp"),
    (b"BMW is a car\n", "text/plain"),
    (b"%PDF-1.7\n", "application/pdf"),
    (b"PK\x03\x04\x14\x00[Content_Types].xml....PK\x03\x04word/document.xml", DOCX),
    (b"PK\x03\x04\x14\x00[Content_Types].xml....PK\x03\x04xl/workbook.xml", XLSX),
    (b"PK\x03\x04\x14\x00readme.txt", "application/zip"),
    (b"ID3\x04\x00", "audio/mpeg"),
    (b"RIFF\x10\x00\x00\x00WAVEfmt ", "audio/wav"),
    (b"#!AMR\n", "audio/amr"),
    (b"MZ\x90\x00", "application/x-msdownload"),
    ("客户来电记录，订单号 TD1001\n".encode(), "text/plain"),
    ("客户来电记录".encode("gb18030"), "text/plain"),
    (b"\x00\x01\x02\x03binary", "application/octet-stream"),
])
def test_sniffed_from_the_bytes(head, kind):
    assert sniff(head, complete=True) == kind


def test_a_sample_may_end_inside_a_character():
    text = "订单".encode() * 40000
    assert sniff(text[:65535], complete=False) == "text/plain"


def test_intake_cuts_pieces_counts_and_refuses():
    intake = Intake(limit=3 * CHUNK_BYTES, allowed={"image/png"})
    pieces = intake.take(b"\x89PNG\r\n\x1a\n" + b"\x00" * (CHUNK_BYTES + 10))
    assert [len(p) for p in pieces] == [CHUNK_BYTES]
    assert [len(p) for p in intake.end()] == [18]
    assert intake.content_type == "image/png" and intake.size == CHUNK_BYTES + 18
    with pytest.raises(TooLarge):
        Intake(limit=10, allowed={"*"}).take(b"x" * 11)
    small = Intake(limit=10, allowed={"image/png"})
    small.take(b"hello")
    with pytest.raises(Unsupported):
        small.end()
    with pytest.raises(Invalid):
        Intake(limit=10, allowed={"*"}).end()


@pytest.mark.parametrize(("raw", "kept"), [
    ("截图.png", "截图.png"),
    ("C:\\Users\\李娜\\Desktop\\报价单.xlsx", "报价单.xlsx"),
    ("../../etc/passwd", "passwd"),
    ("  spaced name.txt ", "spaced name.txt"),
    ("e\u0301.txt", "\u00e9.txt"),
])
def test_names_keep_their_last_part(raw, kept):
    assert clean_name(raw) == kept


@pytest.mark.parametrize("raw", ["", "..", "dir/", "a\x00b", "a\nb.txt", "x" * 256,
                                 "invoice\u202efdp.exe"])
def test_bad_names_are_refused(raw):
    with pytest.raises(Invalid):
        clean_name(raw)
