"""The SLA recompute/backfill (``ticketdesk-server sla recompute``'s service): tickets opened
before the SLA clocks (migration 0020 left them with 24/7 due times, no warning times and
no next escalation) are planned on their group's calendar, once; batches; nothing moves the
second time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from ticketdesk.common.enums import EventKind
from ticketdesk.server.services.sla import backfill, escalation
from ticketdesk.server.store.schema import Event, Ticket

from .test_sla import SYSTEM, Desk, sh


@pytest.fixture
def desk(db, clock):
    return Desk(db, clock)


def as_before_0020(desk: Desk, tid: int) -> None:
    """The state migration 0020 left an open ticket in: due times counted round the clock
    from creation, anchored at creation with nothing used, nothing to escalate."""
    t = desk.get(tid)
    desk.s.execute(update(Ticket).where(Ticket.id == tid).values(
        first_response_due_at=t.created_at + timedelta(minutes=240),
        resolution_due_at=t.created_at + timedelta(minutes=480),
        first_response_warn_at=None, resolution_warn_at=None, sla_next_at=None,
        sla_anchor_at=t.created_at, sla_first_response_used_s=0, sla_resolution_used_s=0))
    desk.s.commit()


def run(desk: Desk, **kw) -> backfill.Batch:
    done = backfill.recompute_batch(desk.s, now=desk.clock.now(), actor=SYSTEM, **kw)
    desk.s.commit()
    return done


def recomputed_events(desk: Desk) -> list[Event]:
    return list(desk.s.scalars(select(Event).where(Event.kind == EventKind.SLA_RECOMPUTED)))


def test_an_old_ticket_gets_business_due_times_and_a_second_run_changes_nothing(desk):
    desk.at(sh(2026, 11, 27, 17, 30))  # Friday 17:30, office Mon–Fri 09:00–18:00
    tid = desk.ticket()
    as_before_0020(desk, tid)
    assert desk.get(tid).first_response_due_at == sh(2026, 11, 27, 21, 30)  # 24/7
    desk.at(sh(2026, 11, 30, 10))  # Monday 10:00: 30 min Friday + 60 min today used
    done = run(desk)
    assert (done.seen, done.moved, done.due_now) == (1, 1, 0)
    t = desk.get(tid)
    assert t.first_response_due_at == sh(2026, 11, 30, 12, 30)
    assert t.first_response_warn_at == sh(2026, 11, 30, 11, 42)
    assert t.resolution_due_at == sh(2026, 11, 30, 16, 30)
    assert t.sla_next_at == t.first_response_warn_at  # the scan will look at it now
    version = t.version
    assert [e.data["reason"] for e in recomputed_events(desk)] == ["recompute"]

    desk.at(sh(2026, 11, 30, 10, 20))
    again = run(desk)
    assert (again.seen, again.moved) == (1, 0)
    t = desk.get(tid)
    assert t.first_response_due_at == sh(2026, 11, 30, 12, 30) and t.version == version
    assert len(recomputed_events(desk)) == 1  # no event for a run that moved nothing


def test_an_old_overdue_ticket_escalates_once_after_the_recompute(desk):
    desk.at(sh(2026, 11, 25, 10))  # Wednesday
    tid = desk.ticket()
    as_before_0020(desk, tid)
    desk.at(sh(2026, 11, 30, 10))  # Monday: long past its 4 business hours
    assert escalation.scan(desk.s, desk.clock.now()) == 0  # before: nothing to look at
    done = run(desk)
    assert (done.moved, done.due_now) == (1, 1)
    t = desk.get(tid)
    assert t.first_response_due_at == sh(2026, 11, 25, 14)  # the breach stays when it was
    fired = escalation.scan(desk.s, desk.clock.now())
    desk.s.commit()
    kinds = [e.kind for e in desk.s.scalars(select(Event).where(
        Event.kind.in_([EventKind.SLA_WARNING, EventKind.SLA_BREACHED])))]
    # warning and breach of the first response, and of the resolution (8 h: Thursday)
    assert fired == 4 and kinds.count(EventKind.SLA_BREACHED) == 2
    run(desk)
    assert escalation.scan(desk.s, desk.clock.now()) == 0


def test_batches_cover_every_open_ticket_and_only_the_groups_asked_for(desk):
    desk.at(sh(2026, 11, 27, 17, 30))
    tids = [desk.ticket() for _ in range(3)]
    other = desk.ticket(group="热线")
    for tid in [*tids, other]:
        as_before_0020(desk, tid)
    desk.at(sh(2026, 11, 30, 10))
    first = run(desk, limit=2, group_id=desk.office.id)
    assert (first.seen, first.moved, first.last_id) == (2, 2, tids[1])
    second = run(desk, limit=2, after_id=first.last_id, group_id=desk.office.id)
    assert (second.seen, second.moved, second.last_id) == (1, 1, tids[2])
    assert run(desk, limit=2, after_id=second.last_id, group_id=desk.office.id).last_id is None
    assert desk.get(other).sla_next_at is None  # another group's ticket: left alone
    assert all(desk.get(t).first_response_due_at == sh(2026, 11, 30, 12, 30) for t in tids)
