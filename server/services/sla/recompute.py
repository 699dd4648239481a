"""Recomputing many tickets' SLA clocks at once: after an admin changes a group's working
hours (its open tickets), or a ticket type's SLA (that type's open tickets).

The clocks are settled as they ran — on the old hours, under the old policy — up to now,
and planned afresh on the new ones, so the time already used is kept and only what is
left moves. Rows are read and written in bulk (one SELECT … FOR UPDATE, one UPDATE per
chunk from arrays), the arithmetic is ``clocks``' own: 100,000 tickets take seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from ticketdesk.common.enums import OPEN_STATUSES, Priority, Status

from ...store.schema import Ticket
from . import clocks
from .clocks import Hours, Policy

CHUNK = 10_000


@dataclass
class _Row:
    """A ticket's clock columns, read without the ORM (the names are the Ticket's)."""

    id: int
    type_id: int
    group_id: int
    status: Status
    priority: Priority
    created_at: datetime
    first_response_at: datetime | None
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    first_response_warn_at: datetime | None
    resolution_warn_at: datetime | None
    sla_anchor_at: datetime | None
    sla_first_response_used_s: int
    sla_resolution_used_s: int
    sla_fired: int
    sla_next_at: datetime | None


_READ = [getattr(Ticket, f.name) for f in fields(_Row)]
_WRITTEN = {
    "first_response_due_at": "timestamptz", "resolution_due_at": "timestamptz",
    "first_response_warn_at": "timestamptz", "resolution_warn_at": "timestamptz",
    "sla_anchor_at": "timestamptz", "sla_first_response_used_s": "int",
    "sla_resolution_used_s": "int", "sla_next_at": "timestamptz",
}
_UPDATE = text(
    "UPDATE tickets t SET "
    + ", ".join(f"{c} = v.{c}" for c in _WRITTEN)
    # One change of the ticket's version per transaction: not again for those already
    # changed by the same admin action (held tickets given their new release time).
    + ", updated_at = :now, version = t.version + CASE WHEN t.id = ANY(CAST(:bumped AS"
    + " bigint[])) THEN 0 ELSE 1 END"
    + " FROM unnest(CAST(:id AS bigint[]), "
    + ", ".join(f"CAST(:{c} AS {kind}[])" for c, kind in _WRITTEN.items())
    + ") AS v(id, " + ", ".join(_WRITTEN) + ") WHERE t.id = v.id"
)

Lookup = Callable[[_Row], tuple[Policy, Hours]]


def recompute(session: Session, where: ColumnElement[bool], *, before: Lookup,
              after: Lookup, now: datetime, bumped: Collection[int] = ()) -> int:
    """Settle the matching open tickets with ``before``'s (policy, hours) and plan them with
    ``after``'s; returns how many were recomputed. The caller holds the group lock(s).
    ``bumped``: tickets whose version this transaction has already increased."""
    rows = session.execute(
        select(*_READ).where(where, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id).with_for_update()
    ).all()
    out: dict[str, list] = {"id": [], **{c: [] for c in _WRITTEN}}
    for raw in rows:
        row = _Row(*raw)
        clocks.settle(row, *before(row), now)
        clocks.schedule(row, *after(row), now)
        out["id"].append(row.id)
        for c in _WRITTEN:
            out[c].append(getattr(row, c))
    for start in range(0, len(rows), CHUNK):
        session.execute(_UPDATE, {"now": now, "bumped": list(bumped),
                                  **{k: v[start:start + CHUNK] for k, v in out.items()}})
    return len(rows)
