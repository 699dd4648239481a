"""Exporting from any view: choose a file, then a small window with progress and Cancel
while the export runs in the background (the rest of the window stays usable)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ..export import ExportJob, RowSource
from .common import plain_label
from .retranslate import FollowsLanguage, Texts

translate = QCoreApplication.translate  # the name lupdate looks for


class ExportProgressDialog(FollowsLanguage, QDialog):
    """Shows one export's progress; Cancel stops it (and leaves no file). Closes itself when
    the file is written; on failure it says why and offers Close."""

    done = Signal(str)
    """The path written, or "" when cancelled or failed."""

    def __init__(self, job: ExportJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.texts.set(self.setWindowTitle, lambda: self.tr("Exporting"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumWidth(380)
        name = Path(job.path).name
        self.title = plain_label("", self)
        self.texts.set(self.title.setText, lambda: self.tr("Writing {name}").format(name=name))
        self.status = plain_label("", self, object_name="exportStatus")
        self._status = Texts()
        """The status line and the button's words, said again in a new language."""
        self._say(lambda: self.tr("Starting…"))
        self.bar = QProgressBar(self)
        total = job.source.total
        self.bar.setRange(0, total if total else 0)  # unknown total: a busy bar
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._status.set(self.cancel_button.setText, lambda: self.tr("Cancel export"))
        self.buttons.rejected.connect(self._on_cancel)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.bar, self.status, self.buttons):
            layout.addWidget(widget)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)

    def retranslate(self) -> None:
        super().retranslate()
        self._status.retranslate()

    def _say(self, text: Callable[[], str]) -> None:
        self._status.set(self.status.setText, text)

    def _on_progress(self, rows: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(rows, total))
            self._say(lambda: self.tr("{rows} of {total} rows").format(rows=rows, total=total))
        else:
            self._say(lambda: self.tr("{rows} rows written").format(rows=rows))

    def _on_cancel(self) -> None:
        if self.job.running:
            self.cancel_button.setEnabled(False)
            self._say(lambda: self.tr("Cancelling…"))
            self.job.cancel()
        else:
            self.reject()

    def _on_finished(self, path: str) -> None:
        self.done.emit(path)
        self.accept()

    def _on_cancelled(self) -> None:
        self.done.emit("")
        self.reject()

    def _on_failed(self, message: str) -> None:
        self._say(lambda: self.tr("Export failed: {message}").format(message=message))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self._status.set(self.cancel_button.setText, lambda: self.tr("Close"))
        self.done.emit("")


def start_export(
    source: RowSource, path: str | os.PathLike[str], parent: QWidget | None = None
) -> ExportProgressDialog:
    """Start exporting ``source`` to ``path`` (.csv or .xlsx) and show its progress."""
    job = ExportJob(source, path, parent=parent)
    dialog = ExportProgressDialog(job, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.show()
    job.start()
    return dialog


def ask_export_path(parent: QWidget, suggested_name: str) -> str | None:
    """The file to export to, chosen by the user (XLSX or CSV by the chosen filter)."""
    xlsx = translate("Export", "Excel workbook (*.xlsx)")
    csv = translate("Export", "CSV, comma-separated (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        translate("Export", "Export"),
        str(Path.home() / f"{suggested_name}.xlsx"),
        f"{xlsx};;{csv}",
    )
    if not path:
        return None
    suffix = ".csv" if chosen == csv else ".xlsx"
    if Path(path).suffix.lower() not in (".csv", ".xlsx"):
        path += suffix
    return path
