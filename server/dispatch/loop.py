"""The dispatcher of one server process: a thread that runs rounds whenever something may
have changed (every NOTIFY wakes it), and at least every tick for timers (accept timeouts,
shift starts, silent clients). Several processes may run it on one database; the group
locks in ``engine`` make that safe, and a failed round (database restarting) is retried."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Connection, select, text, union
from sqlalchemy.orm import Session, sessionmaker

from ticketdesk.common.enums import Status

from .. import clock
from ..services import kpis, presence, throttle
from ..services.actors import Actor
from ..services.assignment import engine
from ..services.sla import escalation
from ..store.locks import GROUP_LOCK_SPACE
from ..store.schema import Ticket

log = logging.getLogger(__name__)

KPI_ROLLUP_SECONDS = 5.0
"""How often the KPI roll-ups take in the new events (one statement over a few seconds of
events, instead of roll-up rows written by every statement that inserts events): a report
counts at most about this much of the record from the events themselves."""


def groups_with_work(session: Session) -> list[int]:
    """Groups with a waiting queue, held tickets due for release, or lapsed offers."""
    now = clock.now()
    query = union(
        select(Ticket.group_id).where(Ticket.status == Status.QUEUED).distinct(),
        select(Ticket.group_id)
        .where(Ticket.status == Status.HELD, Ticket.held_until <= now)
        .distinct(),
        select(Ticket.group_id)
        .where(Ticket.status == Status.ASSIGNED, Ticket.accept_deadline <= now)
        .distinct(),
    )
    return sorted(session.scalars(query))


def run_round(
    sessions: sessionmaker[Session], *, grace_seconds: float, sweep: bool = True
) -> engine.Outcome:
    """Sweep silent agents offline (on timer rounds), then dispatch every group with work."""
    total = engine.Outcome()
    system = Actor.system(engine.ENGINE_NAME)
    with sessions() as session:
        if sweep and grace_seconds > 0:
            presence.sweep(session, grace_seconds=grace_seconds, actor=system)
        if sweep:
            with session.begin():  # SLA warnings and breaches whose moment has come
                escalation.scan(session, clock.now())
        group_ids = groups_with_work(session)
        session.rollback()
        for group_id in group_ids:
            with session.begin():  # one transaction per group: its lock is held until commit
                outcome = engine.dispatch_group(session, group_id, clock.now())
            for field in ("held", "released", "assigned", "reassigned", "requeued"):
                setattr(total, field, getattr(total, field) + getattr(outcome, field))
    return total


_ROUND_LOCK = text("SELECT pg_try_advisory_lock(:space, 0)")
_ROUND_UNLOCK = text("SELECT pg_advisory_unlock(:space, 0)")


def _take_round(conn: Connection) -> bool:
    """One round at a time across all processes: a lock held by this connection (not by a
    transaction), released by PostgreSQL if the holder dies. Group locks keep rounds safe
    even without it; it only saves several processes doing the same work."""
    return bool(conn.scalar(_ROUND_LOCK, {"space": GROUP_LOCK_SPACE + 1}))


def _release_round(conn: Connection) -> None:
    conn.execute(_ROUND_UNLOCK, {"space": GROUP_LOCK_SPACE + 1})


class Dispatcher:
    def __init__(
        self, sessions: sessionmaker[Session], *, tick_seconds: float, grace_seconds: float
    ) -> None:
        self._sessions = sessions
        self._tick = tick_seconds
        self._grace = grace_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dispatcher", daemon=True)
        self.rounds = 0
        self._next_housekeeping = 0.0
        self._next_rollup = 0.0
        self._next_timer_round = 0.0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def wake(self) -> None:
        """Thread-safe: ask for a round as soon as possible."""
        self._wake.set()

    def _housekeeping(self) -> None:
        """Every few seconds: roll the new events up into the KPI roll-ups (reports count
        the others from the events, so this only keeps that part small); once a minute:
        forget login failures older than any throttling window."""
        now = time.monotonic()
        if now >= self._next_rollup:
            self._next_rollup = now + KPI_ROLLUP_SECONDS
            with self._sessions() as session:
                kpis.compact(session)
                session.commit()
        if now < self._next_housekeeping:
            return
        self._next_housekeeping = now + 60
        with self._sessions() as session:
            throttle.forget_old(session, throttle.Policy())
            session.commit()

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            woken = self._wake.wait(self._tick)
            self._wake.clear()
            if self._stop.is_set():
                return
            now = time.monotonic()
            timer_due = not woken or now >= self._next_timer_round
            if timer_due:
                self._next_timer_round = now + self._tick
            try:
                engine = self._sessions.kw["bind"]
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as holder:
                    if not _take_round(holder):
                        # Another process is running a round. It heard the same NOTIFY and
                        # will run again after this one, so nothing waits on us: skip.
                        continue
                    try:
                        outcome = run_round(self._sessions, grace_seconds=self._grace,
                                            sweep=timer_due)
                    finally:
                        _release_round(holder)
                self.rounds += 1
                self._housekeeping()
                backoff = 0.5
                if outcome:
                    self._wake.set()  # more may be waiting (a full batch, freed capacity)
            except Exception:
                log.exception("dispatch round failed; retrying in %.1fs", backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
