"""A new ticket, its events and the stamp of the agent it was offered to, written in one
statement (data-modifying CTEs) instead of the unit of work's flush: one round trip where
the flush took two or three, and none of its bookkeeping — on the busiest write path.

The statement's text is made once per process for each shape (how many events; whether an
agent is stamped) and its parameters carry the columns' own types, so values are bound
exactly as the ORM binds them."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from sqlalchemy import Column, TextClause, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from ...store.schema import Event, Ticket, User

_TICKET_COLUMNS: list[Column[Any]] = [c for c in Ticket.__table__.columns if c.key != "id"]
_EVENT_COLUMNS: list[Column[Any]] = [
    c for c in Event.__table__.columns if c.key not in ("id", "xid", "ticket_id")
]
_statements: dict[tuple[int, bool], TextClause] = {}
_made = threading.Lock()


def _statement(events: int, stamp: bool) -> TextClause:
    """``WITH t AS (INSERT INTO tickets … RETURNING id)[, u AS (UPDATE users …)] INSERT
    INTO events … SELECT t.id, v.… FROM t, (VALUES …) v ORDER BY v.ord RETURNING id, xid``.
    The events are numbered in the order given: their ids follow it."""
    key = (events, stamp)
    found = _statements.get(key)
    if found is not None:
        return found
    dialect = postgresql.dialect()
    ticket_cols = ", ".join(c.name for c in _TICKET_COLUMNS)
    ticket_vals = ", ".join(f":t_{c.key}" for c in _TICKET_COLUMNS)
    # (Values in a VALUES list are typed by what they are cast to, not by the column they
    # go to: each is cast to its column's type.)
    rows = ", ".join(
        "(" + ", ".join([str(n), *(f"CAST(:e{n}_{c.key} AS {c.type.compile(dialect)})"
                                   for c in _EVENT_COLUMNS)]) + ")"
        for n in range(events)
    )
    event_cols = ", ".join(c.name for c in _EVENT_COLUMNS)
    sql = (
        f"WITH t AS (INSERT INTO tickets ({ticket_cols}) VALUES ({ticket_vals}) RETURNING id)"
        + (", u AS (UPDATE users SET last_assigned_at = :stamp_at WHERE id = :stamp_id)"
           if stamp else "")
        + f" INSERT INTO events (ticket_id, {event_cols})"
        f" SELECT t.id, {', '.join(f'v.{c.name}' for c in _EVENT_COLUMNS)}"
        f" FROM t, (VALUES {rows}) AS v(ord, {event_cols}) ORDER BY v.ord"
        " RETURNING ticket_id, id, xid"
    )
    params = [bindparam(f"t_{c.key}", type_=c.type) for c in _TICKET_COLUMNS]
    params += [bindparam(f"e{n}_{c.key}", type_=c.type)
               for n in range(events) for c in _EVENT_COLUMNS]
    if stamp:
        params += [bindparam("stamp_at", type_=User.__table__.c.last_assigned_at.type),
                   bindparam("stamp_id", type_=User.__table__.c.id.type)]
    statement = text(sql).bindparams(*params)
    with _made:
        return _statements.setdefault(key, statement)


def _value(row: Ticket | Event, column: Column[Any]) -> Any:
    """The attribute as set, else the column's scalar default (what the flush would bind)."""
    value = getattr(row, column.key)
    if value is None and column.default is not None and column.default.is_scalar:
        return column.default.arg  # type: ignore[attr-defined]
    return value


def write_new(session: Session, ticket: Ticket, written: list[Event], *,
              offered_to: int | None, now: datetime) -> None:
    """Insert ``ticket`` (built, not in the session) with its events ``written`` (in order),
    and stamp ``offered_to``'s ``last_assigned_at`` with ``now``. Afterwards the ticket is
    in the session as if read back (persistent, nothing pending) and the events carry their
    ids."""
    values: dict[str, Any] = {f"t_{c.key}": _value(ticket, c) for c in _TICKET_COLUMNS}
    for n, event in enumerate(written):
        event.created_at = now
        values.update({f"e{n}_{c.key}": _value(event, c) for c in _EVENT_COLUMNS})
    if offered_to is not None:
        values.update(stamp_at=now, stamp_id=offered_to)
    rows = session.execute(_statement(len(written), offered_to is not None), values).all()
    # The ids were drawn in the order the events were given.
    ordered = sorted(rows, key=lambda r: r.id)
    ticket.id = ordered[0].ticket_id
    for event, row in zip(written, ordered, strict=True):
        event.id, event.xid, event.ticket_id = row.id, row.xid, row.ticket_id
    # Every column as written, so nothing is expired: reading one (the answer reads them
    # all) must not load the row again.
    for column in _TICKET_COLUMNS:
        set_committed_value(ticket, column.key, values[f"t_{column.key}"])
    make_transient_to_detached(ticket)
    session.add(ticket)
