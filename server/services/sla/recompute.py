"""Recomputing many tickets' SLA clocks at once: after an admin changes a group's working
hours (its open tickets), or a ticket type's SLA (that type's open tickets).

The clocks are settled as they ran — on the old hours, under the old policy — up to now,
and planned afresh on the new ones, so the time already used is kept and only what is
left moves. Rows are read and written in bulk (one SELECT … FOR UPDATE, one UPDATE per
chunk from arrays), the arithmetic is ``clocks``' own: 100,000 tickets take seconds.

Only the tickets whose due, warning or next-escalation times move are written (and get a
new version): a change that does not reach them — next year's holiday, the hours of a day
they will not run into — leaves their rows, anchors included, alone (see ``_unmoved``).
The arrays go as text literals of integers (microseconds since the epoch for the times)
rather than lists of datetimes: psycopg2 adapts each datetime in Python, which cost more
than the UPDATE itself (docs/benchmarks.md, "Where the recompute's time goes").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from ticketdesk.common.enums import OPEN_STATUSES, Priority, Status

from ...store.schema import Ticket
from . import clocks
from .clocks import Hours, Policy

CHUNK = 10_000


@dataclass
class Row:
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


_READ = [getattr(Ticket, f.name) for f in fields(Row)]
_WRITTEN = {
    "first_response_due_at": "timestamptz", "resolution_due_at": "timestamptz",
    "first_response_warn_at": "timestamptz", "resolution_warn_at": "timestamptz",
    "sla_anchor_at": "timestamptz", "sla_first_response_used_s": "int",
    "sla_resolution_used_s": "int", "sla_next_at": "timestamptz",
}
_MOVING = ("first_response_due_at", "resolution_due_at", "first_response_warn_at",
           "resolution_warn_at", "sla_next_at")
"""The times the desk sees: a row none of these moved in is not written."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)


def _set(column: str, kind: str) -> str:
    if kind == "timestamptz":  # exact: µs counts stay below 2^53, float8's integers
        return f"{column} = timestamptz 'epoch' + v.{column} * interval '1 microsecond'"
    return f"{column} = v.{column}"


_UPDATE = text(
    "UPDATE tickets t SET "
    + ", ".join(_set(c, kind) for c, kind in _WRITTEN.items())
    # One change of the ticket's version per transaction: not again for those already
    # changed by the same admin action (held tickets given their new release time).
    + ", updated_at = :now, version = t.version + CASE WHEN t.id = ANY(CAST(:bumped AS"
    + " bigint[])) THEN 0 ELSE 1 END"
    + " FROM unnest(CAST(:id AS bigint[]), "
    + ", ".join(f"CAST(:{c} AS {'bigint' if kind == 'timestamptz' else kind}[])"
                for c, kind in _WRITTEN.items())
    + ") AS v(id, " + ", ".join(_WRITTEN) + ") WHERE t.id = v.id"
)

Lookup = Callable[[Row], tuple[Policy, Hours]]


def _literal(values: list) -> str:
    """A PostgreSQL array literal of integers, times as microseconds since the epoch."""
    return "{" + ",".join(
        "NULL" if v is None else str(v if isinstance(v, int) else (v - EPOCH) // US)
        for v in values) + "}"


SETTLING = timedelta(seconds=1)
"""What settling a running clock may move a planned time by: used time is kept in whole
seconds, so each settling rounds a fraction away. A plan that moved by less is the same plan
(else every recompute in working hours would rewrite every ticket, and say so)."""


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) < SETTLING)


def _unmoved(row: Row, old: tuple, before: tuple[Policy, Hours],
             after: tuple[Policy, Hours], now: datetime) -> bool:
    """True when recomputing changed none of the row's times the desk sees, and the time
    since its anchor counts the same on the old and the new calendar: the row may stay as
    it was (anchor and used time too), and a later settling on the new calendar comes to
    the same as settling now would have."""
    if not all(_same_time(getattr(row, c), v) for c, v in zip(_MOVING, old[:-1], strict=True)):
        return False
    anchor = old[-1] or row.created_at
    return now <= anchor or clocks.measure(*before, anchor, now) == clocks.measure(
        *after, anchor, now)


def recompute(session: Session, where: ColumnElement[bool], *, before: Lookup,
              after: Lookup, now: datetime, bumped: Collection[int] = ()) -> int:
    """Settle the matching open tickets with ``before``'s (policy, hours) and plan them with
    ``after``'s; returns how many moved (and were written). The caller holds the group
    lock(s). ``bumped``: tickets whose version this transaction has already increased."""
    rows = session.execute(
        select(*_READ).where(where, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id).with_for_update()
    ).all()
    out: dict[str, list] = {"id": [], **{c: [] for c in _WRITTEN}}
    for raw in rows:
        row = Row(*raw)
        old = (*(getattr(row, c) for c in _MOVING), row.sla_anchor_at)
        was, will = before(row), after(row)
        clocks.settle(row, *was, now)
        clocks.schedule(row, *will, now)
        if _unmoved(row, old, was, will, now):
            continue
        out["id"].append(row.id)
        for c in _WRITTEN:
            out[c].append(getattr(row, c))
    bumps = _literal(list(bumped))
    for start in range(0, len(out["id"]), CHUNK):
        session.execute(_UPDATE, {"now": now, "bumped": bumps,
                                  **{k: _literal(v[start:start + CHUNK])
                                     for k, v in out.items()}})
    return len(out["id"])
