"""Recomputing the SLA clocks of the open tickets on demand (``ticketdesk-server sla
recompute``): tickets opened before the SLA clocks existed (migration 0020) carry due times
counted round the clock at creation and no warning times or next escalation, so the scan
never looks at them; a recompute plans them on their group's calendar under their type's
policy, as a ticket opened today is planned.

It is the bulk recompute with the same (policy, hours) before and after: the time since
each ticket's anchor is counted on its group's hours and what is left planned from now. A
ticket already planned that way comes out unchanged and is not written (``recompute``'s
``_unmoved``), so running it again changes nothing.

One batch of tickets per call, so the caller commits each batch in its own short
transaction while the desk works on; a batch locks every group first (the one lock order,
``store.locks``), as a policy change does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import OPEN_STATUSES, EventKind

from ...store.locks import lock_groups
from ...store.schema import Ticket
from .. import events
from ..actors import Actor
from .clocks import Hours, Policy
from .recompute import Row, recompute
from .tracking import calendars_by_group, policies_by_type

BATCH = 2_000
REASON = "recompute"


@dataclass(frozen=True)
class Batch:
    """What one batch did: the open tickets it looked at, how many of them moved, how many
    are now at or past an escalation point (the next scan records those, once), and the
    last ticket id looked at (``None``: nothing was left)."""

    seen: int
    moved: int
    due_now: int
    last_id: int | None


def recompute_batch(session: Session, *, now: datetime, actor: Actor, after_id: int = 0,
                    limit: int = BATCH, group_id: int | None = None,
                    type_id: int | None = None) -> Batch:
    """Recompute the next ``limit`` open tickets with an id above ``after_id`` (flushing
    only: the caller commits); one ``sla_recomputed`` event when any moved."""
    where: list[ColumnElement[bool]] = [Ticket.status.in_(OPEN_STATUSES), Ticket.id > after_id]
    if group_id is not None:
        where.append(Ticket.group_id == group_id)
    if type_id is not None:
        where.append(Ticket.type_id == type_id)
    ids = session.scalars(select(Ticket.id).where(*where).order_by(Ticket.id).limit(limit)
                          ).all()
    if not ids:
        return Batch(0, 0, 0, None)
    policies = policies_by_type(session)
    hours = calendars_by_group(session)
    lock_groups(session, set(hours))  # before the ticket rows: the one lock order
    span = and_(*where, Ticket.id <= ids[-1])

    def lookup(row: Row) -> tuple[Policy, Hours]:
        return policies[row.type_id], hours[row.group_id]

    moved = recompute(session, span, before=lookup, after=lookup, now=now)
    due_now = session.scalar(select(func.count()).where(span, Ticket.sla_next_at <= now)) or 0
    if moved:
        data: dict[str, object] = {"tickets": moved, "reason": REASON,
                                   "first_id": ids[0], "last_id": ids[-1]}
        if group_id is not None:
            data["group_id"] = group_id
        if type_id is not None:
            data["type_id"] = type_id
        events.record(session, kind=EventKind.SLA_RECOMPUTED, actor=actor, data=data,
                      groups=[group_id] if group_id is not None else ())
    return Batch(len(ids), moved, due_now, ids[-1])
