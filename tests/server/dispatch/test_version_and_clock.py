"""Every change increments a ticket's version, and every timestamp the server writes comes
from the application's clock (server/clock.py) — the engine's included."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.server.dispatch.test_engine import SYSTEM, WEEKDAYS_9_TO_18, Office
from ticketdesk.common.enums import Presence, Status
from ticketdesk.common.models import AssignRequest, GroupUpdate
from ticketdesk.server.live import feed
from ticketdesk.server.services import groups, tickets
from ticketdesk.server.store.database import make_engine, make_sessionmaker
from ticketdesk.server.store.schema import Event, User


def test_every_change_increments_the_version_engine_steps_included(db, clock):
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18, timeout=60)
    office.agent("a")
    office.agent("b", online=False)
    clock.advance(hours=10)  # Wed 20:00 in Shanghai: closed
    tid = office.ticket()
    seen = [office.get(tid).version]
    assert seen == [1] and office.get(tid).status is Status.HELD

    def step(expect_status):
        t = office.get(tid)
        assert t.status is expect_status
        assert t.version == seen[-1] + 1, f"{expect_status}: version {t.version} after {seen}"
        seen.append(t.version)

    clock.advance(hours=13)  # Thu 09:00: the round releases and assigns (two Core updates)
    office.round()
    t = office.get(tid)
    assert t.status is Status.ASSIGNED and t.version == 3  # released, then assigned
    seen.append(3)
    clock.advance(seconds=61)  # the offer lapses; nobody else is free: back to the queue
    office.round()
    step(Status.QUEUED)
    office.presence("a", Presence.AWAY)
    clock.advance(seconds=5)
    office.presence("a", Presence.ONLINE)  # back: offered to a again
    office.round()
    step(Status.ASSIGNED)  # offered from the queue, its lapsed_ids kept
    office.presence("a", Presence.OFFLINE)  # handed back: queued, nobody to offer it to
    step(Status.QUEUED)
    office.presence("b", Presence.ONLINE)
    office.round()
    step(Status.ASSIGNED)  # the round's batch without lapsed_ids
    tickets.assign(session=db, ticket_id=tid, actor=SYSTEM,
                   data=AssignRequest(agent=office.ids["a"], override_capacity=True))
    step(Status.ASSIGNED)
    tickets.accept(session=db, ticket_id=tid, actor=office.actor("a"))
    step(Status.IN_PROGRESS)
    tickets.comment(session=db, ticket_id=tid, actor=office.actor("a"), body="已回电")
    step(Status.IN_PROGRESS)
    tickets.resolve(session=db, ticket_id=tid, actor=office.actor("a"))
    step(Status.RESOLVED)


def test_rescheduling_held_tickets_increments_their_version(db, clock):
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18)
    clock.advance(hours=10)  # closed
    tid = office.ticket()
    before = office.get(tid)
    assert before.status is Status.HELD and before.version == 1
    held_until = before.held_until
    hours = dict(WEEKDAYS_9_TO_18, weekly={"thu": [{"start": "07:00", "end": "18:00"}]})
    groups.update_group(session=db, group_id=office.group.id, actor=SYSTEM,
                        data=GroupUpdate.model_validate({"working_hours": hours}))
    after = office.get(tid)
    assert after.held_until != held_until and after.version == 2
    assert after.updated_at == clock.now()


def test_the_engine_stamps_the_applications_clock_not_the_databases(db, clock):
    """The fake clock runs days behind the database's: every stamp must still be the fake
    one (on the old code the engine's holds, releases and their events were stamped with the
    database's now())."""
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18, timeout=60)
    office.agent("a")
    office.agent("b")
    tid = office.ticket()  # offered inline to one of them
    clock.advance(hours=10)  # closed: the round holds nothing (assigned), but...
    clock.advance(seconds=61)  # ...the lapsed offer goes back and is held
    office.round()
    t = office.get(tid)
    assert t.status is Status.HELD
    assert t.updated_at == clock.now()
    clock.advance(hours=13)  # open again: released and assigned by the round
    office.round()
    t = office.get(tid)
    assert t.status is Status.ASSIGNED and t.updated_at == clock.now()
    stamps = db.scalars(select(Event.created_at).where(Event.ticket_id == tid)).all()
    assert stamps and all(abs(s - clock.now()) < timedelta(days=1) for s in stamps), stamps
    released = office.last_event(tid, "released")
    assert released.created_at == clock.now()
    user = db.get(User, office.ids["a"])
    assert user.created_at < clock.now() + timedelta(seconds=1)  # server_default not used


def test_last_seen_is_stamped_with_the_clock_the_sweep_compares_it_with(db, clock, unit_url):
    office = Office(db, clock)
    office.agent("a")
    engine = make_engine(unit_url, pool_size=1)
    try:
        feed.touch(make_sessionmaker(engine), [office.ids["a"]])
    finally:
        engine.dispose()
    db.expire_all()
    assert db.get(User, office.ids["a"]).last_seen_at == clock.now()
