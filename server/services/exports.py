"""A streamed export's shape (``GET /tickets/export``, ``GET /events/export``): a search's
rows over the exported columns, counted once, then read newest first in batches by a keyset
— each batch a short query of its own, so a slow reader holds no snapshot and no connection
between batches. Each kind of export says how it counts, reads and writes its rows; the
route streams any of them the same way."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

BATCH_ROWS = 5_000
"""Rows a batch reads: large enough that a query's fixed cost vanishes, small enough that a
batch takes a few tens of milliseconds and a few hundred kilobytes."""

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Export:
    columns: Sequence[str]
    """The names of each row's values, in order (the fields of the wire model they are)."""

    def count(self, session: Session) -> tuple[int, Any]:
        """How many rows the export will hold, and the keyset bound its first batch reads
        below (None: no rows). Rows arriving after the count are not part of the export."""
        raise NotImplementedError

    def batch(self, session: Session, below: Any, size: int = BATCH_ROWS) -> list[Any]:
        """The next rows, newest first, below the bound."""
        raise NotImplementedError

    def after(self, rows: Sequence[Any]) -> Any:
        """The bound the batch after these reads below."""
        raise NotImplementedError

    def encode(self, rows: Sequence[Any]) -> bytes:
        """Rows as NDJSON lines of arrays of values."""
        raise NotImplementedError


def lines(rows: Iterable[list[Any]]) -> bytes:
    """NDJSON: one JSON array a line, each line ended."""
    out = [_dumps(row) for row in rows]
    out.append("")
    return "\n".join(out).encode()
