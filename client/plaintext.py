"""User-supplied text shown verbatim where Qt or the desktop would read it as markup.

Labels and table cells take plain text when told to (see `views.common.plain_label`), but a
tooltip is taken for rich text whenever it looks like HTML, and desktop notification servers
read a subset of HTML in a message's body. A title like ``<b>x</b>`` must show its angle
brackets, so those places get the text escaped inside markup that says so.
"""

from __future__ import annotations

import html
import sys


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` exactly as written (line breaks kept)."""
    if not text:
        return None
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def notification_body(text: str, platform: str | None = None) -> str:
    """The body of a tray notification. On Linux the notification server may interpret
    markup in it (the freedesktop "body-markup" capability), so it gets escaped there;
    elsewhere the body is plain text already."""
    platform = platform or sys.platform
    if platform.startswith("linux") or "bsd" in platform:
        return html.escape(text, quote=False)
    return text
