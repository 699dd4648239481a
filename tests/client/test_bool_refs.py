"""The workaround for PySide6 6.12 dropping a reference to True on every emit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import ticketdesk.client  # noqa: F401  (applies the workaround)


class _Emitter(QObject):
    ping = Signal()


def test_many_emits_leave_true_alive() -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(20_000):
        emitter.ping.emit()
    # Whether or not this PySide still has the bug, True keeps plenty of references.
    assert sys.getrefcount(True) > 1_000_000
    assert sys.getrefcount(True) >= before - 20_000
