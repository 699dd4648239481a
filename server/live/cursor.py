"""The resume cursor: (transaction id, event id) of the last event delivered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Cursor:
    """Events are read in (xid, id) order and only below the snapshot horizon, so everything
    at or before a cursor has been seen and nothing after it can still appear before it."""

    xid: int
    id: int

    def __str__(self) -> str:
        return f"{self.xid}-{self.id}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        xid, _, ident = text.partition("-")
        if not (xid.isdigit() and ident.isdigit()) or len(text) > 41:
            raise ValueError(f"malformed cursor {text[:50]!r}")
        return cls(int(xid), int(ident))
