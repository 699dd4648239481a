"""The engine on a real database, driven by a controllable clock (no server process)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ticketdesk.common.enums import Presence, Role, Status
from ticketdesk.common.models import (
    AssignRequest,
    GroupCreate,
    GroupUpdate,
    MembershipSet,
    OrderUpsert,
    TicketCreate,
    TicketTypeCreate,
    UserCreate,
)
from ticketdesk.server.dispatch.loop import run_round
from ticketdesk.server.services import groups, orders, presence, ticket_types, tickets, users
from ticketdesk.server.services.actors import Actor
from ticketdesk.server.services.assignment.engine import dispatch_group
from ticketdesk.server.services.errors import Conflict
from ticketdesk.server.store.schema import Event, Ticket, User

SYSTEM = Actor.system("test")
WEEKDAYS_9_TO_18 = {
    "timezone": "Asia/Shanghai",
    "weekly": {
        d: [{"start": "09:00", "end": "18:00"}] for d in ("mon", "tue", "wed", "thu", "fri")
    },
    "holidays": ["2026-12-25"],
}


class Office:
    def __init__(self, session, clock, hours=None, timeout=60, capacity=2):
        self.s, self.clock = session, clock
        self.group = groups.create_group(
            session=session,
            actor=SYSTEM,
            data=GroupCreate.model_validate(
                {
                    "name": "售后",
                    "accept_timeout_seconds": timeout,
                    "default_capacity": capacity,
                    **({"working_hours": hours} if hours else {}),
                }
            ),
        )
        ticket_types.create_type(
            session=session,
            actor=SYSTEM,
            data=TicketTypeCreate(key="misc", name="其他", default_group=self.group.id),
        )
        self.ids: dict[str, int] = {}
        self.creator = self.agent("creator", online=False, member=False)

    def agent(self, name, *, online=True, capacity=None, member=True):
        user = users.create_user(
            session=self.s,
            actor=SYSTEM,
            data=UserCreate(
                username=f"u-{name}", display_name=name, role=Role.AGENT, password="password-1"
            ),
        )
        self.ids[name] = user.id
        if member:
            groups.set_member(
                session=self.s,
                group_id=self.group.id,
                user_id=user.id,
                data=MembershipSet(capacity=capacity),
                actor=SYSTEM,
            )
        if online:
            self.presence(name, Presence.ONLINE)
        self.s.commit()  # the test is the caller: it owns the transaction
        return user.id

    def actor(self, name):
        user = self.s.get(User, self.ids[name])
        self.s.refresh(user)
        return Actor.of(user)

    def presence(self, name, value):
        presence.change(self.s, user_id=self.ids[name], presence=value, actor=SYSTEM)
        self.s.commit()

    def ticket(self, title="工单", **kw):
        t = tickets.create_ticket(
            session=self.s,
            actor=self.actor("creator"),
            data=TicketCreate(type="misc", title=title, **kw),
        ).ticket
        self.s.commit()
        return t.id

    def round(self):
        outcome = dispatch_group(self.s, self.group.id, self.clock.now())
        self.s.commit()
        return outcome

    def get(self, tid) -> Ticket:
        self.s.expire_all()
        return self.s.get(Ticket, tid)

    def assignee(self, tid):
        t = self.get(tid)
        return next((n for n, i in self.ids.items() if i == t.assignee_id), None)

    def last_event(self, tid, kind="assigned") -> Event:
        return self.s.scalars(
            select(Event)
            .where(Event.ticket_id == tid, Event.kind == kind)
            .order_by(Event.id.desc())
            .limit(1)
        ).one()


@pytest.fixture
def office(db, clock):
    return Office(db, clock)


def test_new_ticket_is_assigned_at_once_to_an_eligible_agent_with_the_why(office):
    office.agent("a")
    office.agent("away", online=False)
    tid = office.ticket()  # offered in the transaction that created it: no round needed
    assert not office.round()
    t = office.get(tid)
    assert (t.status, office.assignee(tid)) == (Status.ASSIGNED, "a")
    assert t.accept_deadline == office.clock.now() + timedelta(seconds=60)
    event = office.last_event(tid)
    assert event.data["reason"] == "auto" and event.data["rule"] == "least_loaded"
    assert [c["id"] for c in event.data["candidates"]] == [office.ids["a"]]
    assert event.actor_id is None and "dispatcher" in event.actor_name


def test_order_owner_preferred_but_skipped_when_offline_or_full(office, db):
    office.agent("a")
    office.agent("owner", capacity=1)
    orders.upsert_order(
        session=db, order_no="TD1", actor=SYSTEM, data=OrderUpsert(owner=office.ids["owner"])
    )
    first = office.ticket(order_no="TD1")
    office.round()
    assert office.assignee(first) == "owner"
    assert office.last_event(first).data["reason"] == "order_owner"
    second = office.ticket(order_no="TD1")  # owner is at capacity now
    office.round()
    assert office.assignee(second) == "a"
    office.presence("owner", Presence.OFFLINE)  # hands back the unaccepted first ticket…
    assert office.assignee(first) == "a"  # …which goes at once to whoever is free
    assert office.last_event(first, "unassigned").data["reason"] == "agent_offline"


def test_previous_handler_of_the_same_order_next(office):
    office.agent("a")
    office.agent("b")
    earlier = office.ticket(order_no="TD7")
    office.round()
    handler = office.assignee(earlier)
    tickets.accept(session=office.s, ticket_id=earlier, actor=office.actor(handler))
    later = office.ticket(order_no="TD7")
    office.round()
    assert office.assignee(later) == handler
    assert office.last_event(later).data["reason"] == "previous_handler"


def test_least_loaded_with_ties_to_the_longest_waiting(office):
    office.agent("a", capacity=4)
    office.agent("b", capacity=2)
    office.agent("c", capacity=4)
    got = []
    for _ in range(5):
        tid = office.ticket()
        office.round()
        got.append(office.assignee(tid))
        office.clock.advance(seconds=1)
    # a, b, c start equal (never assigned: ties by id); then loads 1/4, 1/2, 1/4 ...
    assert got == ["a", "b", "c", "a", "c"]


def test_urgent_before_normal_then_oldest_first(office):
    office.agent("a", capacity=1)
    office.presence("a", Presence.AWAY)
    normal_old = office.ticket("旧的普通")
    low = office.ticket("低", priority="low")
    urgent = office.ticket("紧急", priority="urgent")
    normal_new = office.ticket("新的普通")
    office.presence("a", Presence.ONLINE)
    office.round()
    assert office.assignee(urgent) == "a"
    assert all(office.get(t).status is Status.QUEUED for t in (normal_old, low, normal_new))
    tickets.accept(session=office.s, ticket_id=urgent, actor=office.actor("a"))
    tickets.resolve(session=office.s, ticket_id=urgent, actor=office.actor("a"))
    office.round()
    assert office.assignee(normal_old) == "a"


def test_held_outside_hours_and_released_at_shift_start_in_queue_order(db, clock):
    clock.set(datetime(2026, 11, 25, 12, tzinfo=UTC))  # Wed 20:00 in Shanghai: closed
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18, capacity=2)
    office.agent("a")
    t1, t2 = office.ticket("第一"), office.ticket("第二")
    t3 = office.ticket("第三", priority="urgent")
    shift_start = datetime(2026, 11, 26, 1, tzinfo=UTC)  # Thu 09:00 in Shanghai
    for tid in (t1, t2, t3):
        t = office.get(tid)
        assert (t.status, t.held_until) == (Status.HELD, shift_start)
    assert office.last_event(t1, "held").data["until"] == "2026-11-26T01:00:00Z"
    office.round()
    assert office.get(t1).status is Status.HELD  # still night
    clock.set(shift_start)
    outcome = office.round()
    assert (outcome.released, outcome.assigned) == (3, 2)
    assert [office.assignee(t) for t in (t3, t1, t2)] == ["a", "a", None]
    assert office.get(t2).status is Status.QUEUED
    assert office.last_event(t2, "released").actor_name.startswith("自动分配")


def test_holiday_counts_as_off_hours(db, clock):
    clock.set(datetime(2026, 12, 25, 2, tzinfo=UTC))  # Friday 10:00, but a holiday
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18)
    office.agent("a")
    tid = office.ticket()
    t = office.get(tid)
    assert t.status is Status.HELD
    assert t.held_until == datetime(2026, 12, 28, 1, tzinfo=UTC)  # Monday 09:00


def test_queued_tickets_are_held_when_the_shift_ends(db, clock):
    clock.set(datetime(2026, 11, 25, 9, 59, tzinfo=UTC))  # Wed 17:59
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18)
    tid = office.ticket()  # nobody online: waits queued
    assert office.get(tid).status is Status.QUEUED
    clock.advance(minutes=2)
    assert office.round().held == 1
    assert office.get(tid).held_until == datetime(2026, 11, 26, 1, tzinfo=UTC)


def test_changing_the_schedule_takes_effect_at_once(db, clock):
    clock.set(datetime(2026, 11, 28, 2, tzinfo=UTC))  # Saturday
    office = Office(db, clock, hours=WEEKDAYS_9_TO_18)
    office.agent("a")
    tid = office.ticket()
    assert office.get(tid).status is Status.HELD
    groups.update_group(
        session=db,
        group_id=office.group.id,
        actor=SYSTEM,
        data=GroupUpdate(
            working_hours={
                **WEEKDAYS_9_TO_18,
                "weekly": {"sat": [{"start": "00:00", "end": "24:00"}]},
            }
        ),
    )
    assert office.get(tid).held_until == clock.now()
    office.round()
    assert office.assignee(tid) == "a"


def test_lapsed_offer_goes_to_someone_else_then_back_to_the_queue(office):
    office.agent("a")
    office.agent("b")
    tid = office.ticket()
    office.round()
    first = office.assignee(tid)
    office.clock.advance(seconds=59)
    assert office.round().reassigned == 0
    office.clock.advance(seconds=2)
    assert office.round().reassigned == 1
    second = office.assignee(tid)
    assert second != first
    event = office.last_event(tid)
    assert event.data["reason"] == "reassigned_timeout"
    assert event.data["previous_assignee_id"] == office.ids[first]
    assert office.get(tid).lapsed_ids == [office.ids[first]]
    # Both let it lapse and nobody else is eligible: it waits in the queue, and is not
    # offered to either of them again round after round (the timeline stays quiet)...
    office.clock.advance(seconds=61)
    assert office.round().requeued == 1
    assert (office.get(tid).status, office.assignee(tid)) == (Status.QUEUED, None)
    offers = _count_events(office, tid, "assigned")
    for _ in range(3):
        office.clock.advance(seconds=61)
        assert office.round().assigned == 0
    assert _count_events(office, tid, "assigned") == offers
    # ...until one of them comes back (online again after being away): then it is offered.
    office.presence(first, Presence.AWAY)
    office.clock.advance(seconds=5)
    office.presence(first, Presence.ONLINE)
    office.round()
    assert office.assignee(tid) == first
    # with nobody online it returns to the queue
    office.presence("a", Presence.AWAY)
    office.presence("b", Presence.AWAY)
    office.clock.advance(seconds=61)
    assert office.round().requeued == 1
    t = office.get(tid)
    assert (t.status, t.assignee_id) == (Status.QUEUED, None)
    assert office.last_event(tid, "unassigned").data["reason"] == "accept_timeout"


def _count_events(office, tid, kind) -> int:
    return office.s.scalar(
        select(func.count()).select_from(Event).where(Event.ticket_id == tid, Event.kind == kind)
    )


def test_going_offline_returns_unaccepted_tickets_but_keeps_accepted_ones(office):
    office.agent("a", capacity=5)
    offered, accepted = office.ticket(), office.ticket()
    office.round()
    tickets.accept(session=office.s, ticket_id=accepted, actor=office.actor("a"))
    office.presence("a", Presence.OFFLINE)
    assert office.get(offered).status is Status.QUEUED
    assert office.last_event(offered, "unassigned").data["reason"] == "agent_offline"
    assert office.get(accepted).status is Status.IN_PROGRESS


def test_silent_agents_are_swept_offline(office, db):
    office.agent("a")
    tid = office.ticket()
    office.round()
    office.clock.advance(seconds=46)
    run_round(lambda: db, grace_seconds=45)  # the test's own session stands in for a factory
    assert db.get(User, office.ids["a"]).presence is Presence.OFFLINE
    assert office.get(tid).status is Status.QUEUED


def test_capacity_is_never_exceeded_except_by_supervisor_override(office, db):
    office.agent("a", capacity=1)
    t1, t2 = office.ticket(), office.ticket()
    office.round()
    office.round()
    assert office.get(t2).status is Status.QUEUED
    with pytest.raises(Conflict):  # taking it by hand respects capacity too
        tickets.accept(session=db, ticket_id=t2, actor=office.actor("a"))
    db.rollback()
    sup = users.create_user(
        session=db,
        actor=SYSTEM,
        data=UserCreate(
            username="sup", display_name="sup", role=Role.SUPERVISOR, password="password-1"
        ),
    )
    db.commit()  # the test owns the transaction: the rollbacks below must not undo sup
    boss = Actor.of(sup)
    with pytest.raises(Conflict):
        tickets.assign(
            session=db, ticket_id=t2, actor=boss, data=AssignRequest(agent=office.ids["a"])
        )
    db.rollback()
    tickets.assign(
        session=db,
        ticket_id=t2,
        actor=boss,
        data=AssignRequest(agent=office.ids["a"], override_capacity=True),
    )
    assert office.assignee(t1) == office.assignee(t2) == "a"
    assert office.last_event(t2).data["override_capacity"] is True


def test_freed_capacity_pulls_the_next_ticket(office):
    office.agent("a", capacity=1)
    t1, t2 = office.ticket(), office.ticket()
    office.round()
    actor = office.actor("a")
    tickets.accept(session=office.s, ticket_id=t1, actor=actor)
    tickets.resolve(session=office.s, ticket_id=t1, actor=actor)
    office.round()
    assert office.assignee(t2) == "a"
    assert (
        office.s.scalar(select(func.count()).select_from(Event).where(Event.kind == "assigned"))
        == 2
    )


def test_concurrent_rounds_never_double_assign_or_overfill(office, db, unit_url):
    """Rounds running at the very same time (several processes without the round lock) are
    kept safe by the group locks alone."""
    import threading

    from tests.support import direct_session

    for n in range(6):
        office.agent(f"c{n}", capacity=2)
    tickets_ = [office.ticket(f"并发 {n}") for n in range(40)]
    errors = []

    def rounds() -> None:
        try:
            with direct_session(unit_url) as session:
                for _ in range(5):
                    with session.begin():
                        dispatch_group(session, office.group.id, office.clock.now())
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=rounds) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.expire_all()
    loads: dict[int, int] = {}
    for tid in tickets_:
        t = db.get(Ticket, tid)
        if t.assignee_id is not None:
            loads[t.assignee_id] = loads.get(t.assignee_id, 0) + 1
    assert sum(loads.values()) == 12 and max(loads.values()) == 2
    assigned_events = db.scalar(select(func.count()).select_from(Event).where(
        Event.kind == "assigned"))
    assert assigned_events == 12  # one per assignment, none twice


def test_a_new_ticket_never_jumps_the_queue(office):
    office.agent("a", capacity=1)
    office.presence("a", Presence.AWAY)
    older = office.ticket("早来的")
    office.presence("a", Presence.ONLINE)  # free now, but no round has run yet
    newer = office.ticket("后来的", priority="normal")
    assert office.get(newer).status is Status.QUEUED  # not offered past the older one
    office.round()
    assert (office.assignee(older), office.assignee(newer)) == ("a", None)
