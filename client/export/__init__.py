"""Export any rows to CSV or XLSX, in the background, with progress and cancel.

The whole API (see docs/supervisors.md, "Audit search and export")::

    from ticketdesk.client.export import ApiStream, ExportJob, ListSource

    # what the server streams (GET /tickets/export, GET /events/export), rows as value lists:
    source = ApiStream(api.base_url, api.token, "/tickets/export", params,
                       columns=[...], fields=TICKET_EXPORT_COLUMNS, row=fn)
    # or rows already at hand (a KPI view): ListSource(columns, rows)
    job = ExportJob(source, "/path/report.xlsx", parent=self)  # format from the suffix
    job.progress.connect(...)   # (rows written, rows expected or -1)
    job.finished.connect(...)   # (path): the file is complete and in place
    job.failed.connect(...)     # (message): nothing is left behind
    job.cancelled.connect(...)  # nothing is left behind
    job.start(); ... job.cancel()

A *row source* is anything with ``columns`` (the header, already translated), ``total``
(rows expected, or None) and ``pages()`` (an iterator of lists of rows, called in the
worker thread: it may block, fetch over HTTP, and must not touch widgets).
`views.export_progress.run_export` adds the file dialog and a progress dialog on top.
"""

from .cells import Cell, neutralise
from .job import ExportJob
from .sources import ApiStream, ExportFetchError, ListSource, RowSource
from .writers import Format, format_of, write_file

__all__ = [
    "ApiStream",
    "Cell",
    "ExportFetchError",
    "ExportJob",
    "Format",
    "ListSource",
    "RowSource",
    "format_of",
    "neutralise",
    "write_file",
]
