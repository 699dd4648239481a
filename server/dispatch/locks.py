"""The one rule that keeps assignment safe across server processes.

Every transaction that *adds* to an agent's load in a group (the engine's rounds, a
supervisor's assignment, an agent taking a ticket from the queue) first takes that group's
transaction-scoped advisory lock. So within a group the capacity check and the assignment
are serialized across all processes on the database, and no agent can be pushed over
capacity by a race. Ticket rows are claimed with FOR UPDATE (SKIP LOCKED in the engine), so
a ticket is never assigned twice. Transactions needing several groups' locks (a presence
change) take them in ascending id order, and the engine never holds more than one, so
the locks cannot deadlock among themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, text
from sqlalchemy.orm import Session

GROUP_LOCK_SPACE = 0x7D5E
"""First key of our two-key advisory locks; the second is the group id."""

_LOCK = text("SELECT pg_advisory_xact_lock(:space, :group_id)")


def lock_group(session: Session, group_id: int) -> None:
    session.execute(_LOCK, {"space": GROUP_LOCK_SPACE, "group_id": group_id})


def try_lock_group_clause(group_id: int) -> ColumnElement[bool]:
    """An expression that takes the group's lock if nobody holds it and says whether it did;
    it never waits (a request must not queue behind a round, or behind a hung transaction)."""
    return func.pg_try_advisory_xact_lock(GROUP_LOCK_SPACE, group_id)


def lock_groups(session: Session, group_ids: Iterable[int]) -> None:
    for group_id in sorted(set(group_ids)):
        lock_group(session, group_id)
