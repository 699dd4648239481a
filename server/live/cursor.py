"""The resume cursor: (transaction id, event id) of the last event delivered."""

from __future__ import annotations

from dataclasses import dataclass

from ticketdesk.common import numbers


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
        xid_number, id_number = numbers.parse_int(xid, max_digits=20), numbers.parse_int(ident)
        if xid_number is None or id_number is None:
            raise ValueError(f"malformed cursor {text[:50]!r}")
        return cls(xid_number, id_number)
