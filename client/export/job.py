"""An export running in a worker thread; the GUI thread only receives signals."""

from __future__ import annotations

import os
import threading
import time

from PySide6.QtCore import QObject, Signal

from .sources import RowSource
from .writers import Format, Stopped, write_file

PROGRESS_EVERY_S = 0.1
"""Progress is reported at most this often (a signal per row would flood the GUI)."""


class ExportJob(QObject):
    progress = Signal(int, int)
    """(rows written so far, rows expected or -1 when unknown)."""
    finished = Signal(str)
    """The complete file is in place at this path."""
    failed = Signal(str)
    """Why the export stopped; no file is left behind."""
    cancelled = Signal()
    """Cancelled as asked; no file is left behind."""

    def __init__(
        self,
        source: RowSource,
        path: str | os.PathLike[str],
        *,
        fmt: Format | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.path = os.fspath(path)
        self.fmt = fmt
        self.rows = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_report = 0.0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("an export job runs once")
        self._thread = threading.Thread(target=self._run, name="export", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop at the next row (or once the page being fetched arrives)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker ends (for shutdown and tests); True if it did."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def _total(self) -> int:
        total = self.source.total
        return -1 if total is None else total

    def _on_rows(self, count: int) -> None:
        self.rows = count
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_EVERY_S:
            self._last_report = now
            self.progress.emit(count, self._total())

    def _run(self) -> None:
        # Never touches a widget: only signals cross back to the GUI thread (queued). A
        # cancel that comes after the last row was written is too late: the file is whole.
        try:
            self.rows = write_file(
                self.path,
                self.source.columns,
                self.source.pages(),
                fmt=self.fmt,
                on_rows=self._on_rows,
                should_stop=self._stop.is_set,
            )
        except Stopped:
            self.cancelled.emit()
            return
        except Exception as exc:  # any failure ends the export, with its message
            if self._stop.is_set():
                self.cancelled.emit()
            else:
                self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.progress.emit(self.rows, self._total())
        self.finished.emit(self.path)
