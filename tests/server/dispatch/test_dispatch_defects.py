"""Regression tests of dispatch defects: a take-back offered straight back, the lock order,
deactivation. Agents are online here (offline agents hid the first one)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.server.dispatch.test_engine import SYSTEM, Office
from ticketdesk.common.enums import Presence, Status
from ticketdesk.common.models import AssignRequest, UserUpdate
from ticketdesk.server.services import presence, tickets, users
from ticketdesk.server.services.errors import Conflict
from ticketdesk.server.store.database import make_engine, make_sessionmaker
from ticketdesk.server.store.schema import Event, User


def _busy(office, name, n):
    """Give an agent ``n`` tickets in hand (accepted), so they are not the least loaded."""
    for _ in range(n):
        tid = office.ticket()
        tickets.assign(session=office.s, ticket_id=tid, actor=SYSTEM,
                       data=AssignRequest(agent=office.ids[name], override_capacity=True))
        tickets.accept(session=office.s, ticket_id=tid, actor=office.actor(name))


def test_back_to_the_queue_is_not_offered_straight_back(db, clock):
    office = Office(db, clock, capacity=20)
    for name in ("a", "b", "c"):
        office.agent(name)
    _busy(office, "b", 2)
    _busy(office, "c", 2)
    for attempt in range(6):
        tid = office.ticket()
        first = office.assignee(tid)
        assert first == "a", attempt  # the least loaded
        clock.advance(seconds=1)
        tickets.assign(session=db, ticket_id=tid, actor=SYSTEM, data=AssignRequest(agent=None))
        again = office.assignee(tid)
        assert again in ("b", "c"), f"try {attempt}: offered straight back to {again}"
        taken = office.last_event(tid, "unassigned")
        assert taken.data["passed_over"] == [office.ids["a"]]
        assert office.last_event(tid).data["passed_over"] == [office.ids["a"]]
        # Tidy up: it is no longer on anyone's hands, so the next try starts alike.
        tickets.resolve(session=db, ticket_id=tid, actor=SYSTEM)


def test_back_to_the_queue_goes_back_to_them_when_nobody_else_is_eligible(db, clock):
    office = Office(db, clock)
    office.agent("a")
    office.agent("b", online=False)
    tid = office.ticket()
    tickets.assign(session=db, ticket_id=tid, actor=SYSTEM, data=AssignRequest(agent=None))
    assert office.assignee(tid) == "a" and office.get(tid).status is Status.ASSIGNED


def test_deactivating_hands_their_offers_on_and_keeps_accepted_work(db, clock):
    office = Office(db, clock, capacity=5)
    office.agent("a")
    office.agent("b", online=False)
    offered = office.ticket()
    accepted = office.ticket()
    tickets.accept(session=db, ticket_id=accepted, actor=office.actor("a"))
    office.presence("b", Presence.ONLINE)
    # A supervisor may assign to someone offline, too: that offer must go on as well.
    office.agent("c", online=False)
    manual = office.ticket()  # goes to b (least loaded)
    tickets.assign(session=db, ticket_id=manual, actor=SYSTEM,
                   data=AssignRequest(agent=office.ids["c"]))
    assert [office.assignee(t) for t in (offered, accepted, manual)] == ["a", "a", "c"]

    for name in ("a", "c"):
        users.update_user(session=db, user_id=office.ids[name], actor=SYSTEM,
                          data=UserUpdate(active=False))
    assert office.assignee(offered) == "b" and office.get(offered).status is Status.ASSIGNED
    assert office.assignee(manual) == "b"
    assert office.assignee(accepted) == "a"
    assert office.get(accepted).status is Status.IN_PROGRESS
    db.expire_all()
    assert db.get(User, office.ids["a"]).presence is Presence.OFFLINE
    gone = db.scalars(
        select(Event).where(Event.kind == "presence_changed",
                            Event.data["user_id"].as_integer() == office.ids["a"])
        .order_by(Event.id.desc())
    ).first()
    assert gone is not None and gone.data["to"] == "offline"
    assert gone.data["reason"] == "deactivated"
    assert office.last_event(offered, "unassigned").data["reason"] == "deactivated"
    assert office.last_event(manual, "unassigned").data["reason"] == "deactivated"


RACES = 40


def test_reassigning_an_offer_while_its_agent_goes_offline_never_deadlocks(db, clock, unit_url):
    """The supervisor's path (ticket, then group, on the old code) against going offline and
    the sweep (groups, then the agent's tickets): many times, at the same moment."""
    office = Office(db, clock, capacity=50)
    office.agent("a")
    office.agent("b")
    _busy(office, "b", 1)  # so new tickets go to a
    engine = make_engine(unit_url, pool_size=4)
    sessions = make_sessionmaker(engine)
    errors: list[BaseException] = []
    try:
        for attempt in range(RACES):
            office.presence("a", Presence.ONLINE)
            tid = office.ticket()
            assert office.assignee(tid) == "a", attempt
            barrier = threading.Barrier(2)
            sweep = attempt % 2 == 1
            if sweep:  # a's client went silent long ago: the sweep takes them offline
                db.execute(
                    User.__table__.update().where(User.id == office.ids["a"])
                    .values(last_seen_at=clock.now() - timedelta(hours=1))
                )
                db.commit()

            def reassign(tid=tid, barrier=barrier):
                with sessions() as s:
                    barrier.wait()
                    try:
                        tickets.assign(session=s, ticket_id=tid, actor=SYSTEM,
                                       data=AssignRequest(agent=office.ids["b"],
                                                          override_capacity=True))
                        s.commit()  # the thread is the caller: it owns the transaction
                    except Conflict as exc:  # already handed to b by the offline path
                        assert exc.code == "unchanged", exc.code

            def offline(barrier=barrier, sweep=sweep):
                with sessions() as s:
                    barrier.wait()
                    if sweep:
                        presence.sweep(s, grace_seconds=45, actor=SYSTEM)
                    else:
                        presence.change(s, user_id=office.ids["a"], presence=Presence.OFFLINE,
                                        actor=SYSTEM)
                        s.commit()

            threads = [threading.Thread(target=_catching(f, errors)) for f in (reassign, offline)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert office.assignee(tid) == "b", attempt
    finally:
        engine.dispose()
    assert errors == []


def _catching(fn, errors):
    def run():
        try:
            fn()
        except BaseException as exc:
            errors.append(exc)
    return run


def _berlin(weekly):
    return {"timezone": "Europe/Berlin", "weekly": weekly, "holidays": []}


ALL_DAY = {d: [{"start": "00:00", "end": "24:00"}]
           for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_a_ticket_in_the_repeated_hour_is_held_until_the_real_next_shift(db, clock):
    clock.set(datetime(2026, 10, 25, 1, 15, tzinfo=UTC))  # the second 02:15 in Berlin
    office = Office(db, clock, hours=_berlin({"sun": [{"start": "02:00", "end": "02:30"}]}))
    office.agent("a")
    tid = office.ticket()
    t = office.get(tid)
    assert t.status is Status.HELD, "open during the second 02:15"
    assert t.held_until == datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    clock.set(datetime(2026, 10, 25, 0, 10, tzinfo=UTC) + timedelta(days=7, hours=1))
    office.round()  # 02:10 CET next Sunday: released and offered
    assert office.get(tid).status is Status.ASSIGNED


def test_a_skipped_hour_shift_never_releases(db, clock):
    clock.set(datetime(2026, 3, 28, 12, tzinfo=UTC))
    office = Office(db, clock, hours=_berlin({"sun": [{"start": "02:00", "end": "02:30"}]}))
    office.agent("a")
    tid = office.ticket()
    assert office.get(tid).held_until == datetime(2026, 4, 5, 0, 0, tzinfo=UTC)
    for minute in range(0, 24 * 60, 15):  # all of Sunday 29 March, Berlin time
        clock.set(datetime(2026, 3, 28, 23, tzinfo=UTC) + timedelta(minutes=minute))
        office.round()
        assert office.get(tid).status is Status.HELD, minute


@pytest.mark.parametrize("start", [
    datetime(2026, 10, 25, 0, 55, tzinfo=UTC),  # 02:55 CEST; ten minutes later 02:05 CET
    datetime(2026, 3, 29, 0, 55, tzinfo=UTC),  # 01:55 CET; ten minutes later 03:05 CEST
])
def test_the_accept_timeout_runs_in_real_seconds_across_the_clock_changes(db, clock, start):
    clock.set(start)
    office = Office(db, clock, hours=_berlin(ALL_DAY), timeout=600)
    office.agent("a")
    office.agent("b")
    tid = office.ticket()
    first = office.assignee(tid)
    assert office.get(tid).accept_deadline == start + timedelta(seconds=600)
    clock.set(start + timedelta(seconds=599))
    office.round()
    assert office.assignee(tid) == first
    clock.set(start + timedelta(seconds=600))
    office.round()
    assert office.assignee(tid) not in (first, None)
