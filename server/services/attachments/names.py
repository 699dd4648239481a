"""An attachment's file name as it is kept: the last part of whatever path was sent, in NFC,
without characters that could mislead (control characters, bidirectional overrides that
make ``exe.png`` of ``gnp.exe``) and within the length file systems allow."""

from __future__ import annotations

import unicodedata

from ticketdesk.common import limits

from ..errors import Invalid

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def clean_name(raw: str) -> str:
    """The name to keep, or `Invalid` (422 ``invalid_name``) saying what is wrong."""
    # "C:\\Users\\li\\截图.png" and "../../etc/passwd" keep only their last part: the
    # client's folders are none of the server's business, and a name is never a path.
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    bad = [c for c in name if unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI_CONTROLS]
    if bad:
        raise Invalid(
            "the file name holds control characters; rename the file",
            code="invalid_name",
            details={"characters": sorted({f"U+{ord(c):04X}" for c in bad})},
        )
    if name in ("", ".", ".."):
        raise Invalid("the file needs a name (the name parameter)", code="invalid_name")
    if len(name) > limits.ATTACHMENT_NAME_MAX:
        raise Invalid(
            f"the file name is longer than {limits.ATTACHMENT_NAME_MAX} characters; "
            "rename the file",
            code="invalid_name",
            details={"max": limits.ATTACHMENT_NAME_MAX, "length": len(name)},
        )
    return name
