"""The locks that keep assignment safe across server processes, and the one order in which
every transaction takes them.

What each lock is for:

- A group's transaction-scoped **advisory lock** serializes everything that changes who
  holds what in that group: the engine's rounds, a supervisor's assignment, an agent taking
  a ticket from the queue, a transfer, a presence change or deactivation. So within a group
  the capacity check and the assignment are one step across all processes on the database,
  and no agent can be pushed over capacity by a race.
- A ticket's **row lock** (FOR UPDATE; SKIP LOCKED in the engine) keeps a ticket from being
  assigned twice, and from being changed by two actions at once.
- A user's row lock (presence changes) keeps a heartbeat and the sweep from disagreeing.

The order, in every path (``services.tickets.actions._lock_for``,
``services.presence.lock_agent``,
``engine.dispatch_group``, ``services.groups``' rescheduling of held tickets):

1. group advisory locks, in ascending group id — all of them the transaction will need;
2. then row locks (tickets, users).

Never a blocking group lock after a row lock: that is how a supervisor reassigning an offer
(ticket row, then the group) deadlocked with the agent being swept offline (the groups, then
the agent's ticket rows). A transaction that finds, after locking, that it needs another
group (a ticket transferred meanwhile) rolls back and starts over rather than take it late.
The one exception is harmless by construction: the inline offer on create/requeue only
*tries* the group lock (``try_lock_group_clause``), which never waits, so it cannot close a
cycle; within a transaction that already holds the lock, the try succeeds.

Within (2) the order between user and ticket rows differs (the engine and an assignment
lock tickets, then update the chosen agent's ``last_assigned_at``; going offline locks the
agent, then their offered tickets). That is safe because of (1): each touches an agent only
under the lock of a group the agent belongs to (or holds an offer in), and going offline
holds all of those, so the two never run at once. Rounds hold one group lock at a time and
commit in between.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, select, text
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


SUBMISSION_LOCK_SPACE = 0x7D5F
"""First key of the lock a ticket submission with an ``Idempotency-Key`` holds while it runs;
the second is a hash of creator and key."""


SUBMISSION_WAIT_SECONDS = 2.0
"""How long a request waits for an earlier one with the same key to finish (a client that
retried too early then gets the first one's ticket) before answering that it is in flight."""


def try_lock_submission(
    session: Session, creator_id: int | None, key: str,
    wait_seconds: float = SUBMISSION_WAIT_SECONDS,
) -> bool:
    """Take the lock of one creator's idempotency key, trying again for ``wait_seconds`` while
    another request holds it; False if it is still held then. Only ever *tries* (it is taken
    before any other lock, and polled rather than waited for), so it stands outside the lock
    order and cannot close a cycle."""
    clause = func.pg_try_advisory_xact_lock(
        SUBMISSION_LOCK_SPACE, func.hashtext(f"{creator_id or 0}:{key}"))
    deadline = time.monotonic() + wait_seconds
    pause = 0.01
    while not session.scalar(select(clause)):
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    return True


def lock_groups(session: Session, group_ids: Iterable[int]) -> None:
    for group_id in sorted(set(group_ids)):
        lock_group(session, group_id)


QUICK_REPLY_LOCK_SPACE = 0x7D60
"""First key of the lock on one owner's quick replies; the second is the group id, or the
negated user id for an agent's own (ids are positive, so the two never meet)."""


def lock_quick_replies(session: Session, *, group_id: int | None, owner_id: int | None) -> None:
    """Serialize the creates of one owner's quick replies (a group's or an agent's), so the
    count against the cap and the insert are one step: two creates at once each counted one
    short of the cap and both got in. It is the only lock a create takes and nothing else
    waits for it, so it stands outside the order above."""
    key = group_id if group_id is not None else -(owner_id or 0)
    session.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
                    {"space": QUICK_REPLY_LOCK_SPACE, "key": key})
