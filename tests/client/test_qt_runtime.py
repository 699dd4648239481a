"""The Qt binding the client runs on must not leak references on signal emission: PySide6
6.12.0 drops a reference to True on every emit, and Python 3.11 then aborts after a day's
worth of live events. pyproject.toml keeps that release out; this test keeps it honest."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(int)


def test_emitting_signals_takes_no_reference_to_true(qtbot):
    emitter = _Emitter()
    received = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(5000):
        emitter.changed.emit(n)
    assert len(received) == 5000
    assert sys.getrefcount(True) >= before - 10  # a few may come and go; thousands may not
