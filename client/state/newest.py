"""Keeps a list from going back in time: the answers to its reads, taken in the order the
reads were made.

Replies travel on several connections, so the answer to a read made before a change can
arrive after the read made once the change was done; shown last, it would undo the change
on screen until the next read. Each read is numbered when made, and an answer is taken only
if it is newer than the one shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ..net.api import ApiReply

_ORDER = "newest_order"


class NewestAnswer:
    """The reads of one list: number each with `asked`, test each answer with `is_newest`."""

    def __init__(self) -> None:
        self._asked = 0
        self._shown = 0

    def asked(self, reply: ApiReply) -> ApiReply:
        self._asked += 1
        reply.setProperty(_ORDER, self._asked)
        return reply

    def is_newest(self, reply: QObject | None) -> bool:
        """Whether `reply` (a slot's ``self.sender()``) answers a read made after the one
        shown; if so it is the one shown from now on."""
        order = reply.property(_ORDER) if reply is not None else None
        if not isinstance(order, int) or order <= self._shown:
            return False
        self._shown = order
        return True
