"""Work around a reference-count bug in PySide6 6.12: ``SignalInstance.emit()`` returns
``True`` without taking a reference to it, so every emit from Python code costs ``True`` one
reference. On Python 3.11 the interpreter aborts ("bool_dealloc") once the count reaches
zero; a client that runs all day with live events would get there.

Python 3.12 made ``True``/``False`` immortal; here we give them a reference count no run can
use up, which is what immortality amounts to. Harmless once PySide is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 48


def make_bools_immortal() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
