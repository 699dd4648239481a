"""SLA clocks on a real database with a controllable clock: due times on the holding group's
calendar at creation, paused while pending, carried across transfers, moved by new hours."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.support import direct_session
from ticketdesk.common.enums import EventKind, Presence, Priority, Role, Status
from ticketdesk.common.models import (
    GroupCreate,
    GroupUpdate,
    MembershipSet,
    TicketCreate,
    TicketTypeCreate,
    TicketTypeUpdate,
    UserCreate,
)
from ticketdesk.server.services import groups, presence, ticket_types, tickets, users
from ticketdesk.server.services.actors import Actor
from ticketdesk.server.services.sla import escalation
from ticketdesk.server.store.schema import Event, Ticket, User

SYSTEM = Actor.system("test")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def hours(days=("mon", "tue", "wed", "thu", "fri"), start="09:00", end="18:00"):
    return {"timezone": "Asia/Shanghai",
            "weekly": {d: [{"start": start, "end": end}] for d in days}}


def sh(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI).astimezone(UTC)


class Desk:
    """Two groups (office hours, round the clock), an agent in each, a type with targets."""

    def __init__(self, session, clock):
        self.s, self.clock = session, clock
        self.office = groups.create_group(session=session, actor=SYSTEM, data=GroupCreate
                                          .model_validate({"name": "售后",
                                                           "working_hours": hours()}))
        self.always = groups.create_group(session=session, actor=SYSTEM, data=GroupCreate
                                          .model_validate({"name": "热线"}))
        self.type = ticket_types.create_type(
            session=session, actor=SYSTEM,
            data=TicketTypeCreate.model_validate({
                "key": "refund", "name": "退款", "default_group": self.office.id,
                "sla_first_response_minutes": 240, "sla_resolution_minutes": 480}))
        self.users = {n: self._user(n, g) for n, g in (("a", self.office.id),
                                                       ("b", self.always.id))}
        self.s.commit()

    def _user(self, name, group_id):
        user = users.create_user(session=self.s, actor=SYSTEM, data=UserCreate(
            username=f"u-{name}", display_name=name, role=Role.AGENT, password="password-1"))
        groups.set_member(session=self.s, group_id=group_id, user_id=user.id,
                          data=MembershipSet(), actor=SYSTEM)
        presence.change(self.s, user_id=user.id, presence=Presence.ONLINE, actor=SYSTEM)
        return user.id

    def actor(self, name):
        return Actor.of(self.s.get(User, self.users[name]))

    def at(self, when):
        self.clock.set(when)

    def ticket(self, **kw):
        t = tickets.create_ticket(session=self.s, actor=SYSTEM, data=TicketCreate(
            type="refund", title="退款", **kw)).ticket
        self.s.commit()
        return t.id

    def act(self, action, tid, who="a", **kw):
        getattr(tickets, action)(session=self.s, ticket_id=tid, actor=self.actor(who), **kw)
        self.s.commit()
        return self.get(tid)

    def get(self, tid) -> Ticket:
        self.s.expire_all()
        return self.s.get(Ticket, tid)


@pytest.fixture
def desk(db, clock, unit_url):
    desk = Desk(db, clock)
    desk.unit_url = unit_url
    return desk


def test_friday_evening_ticket_is_due_monday_on_the_groups_hours(desk):
    desk.at(sh(2026, 11, 27, 17, 30))  # a Friday
    t = desk.get(desk.ticket())
    assert t.first_response_due_at == sh(2026, 11, 30, 12, 30)
    assert t.first_response_warn_at == sh(2026, 11, 30, 11, 42)  # 80 % of 4 h: 3 h 12 min
    assert t.resolution_due_at == sh(2026, 11, 30, 16, 30)  # 8 h: half an hour, then 7.5
    assert t.sla_next_at == t.first_response_warn_at


def test_accepting_stops_the_first_response_clock_and_keeps_its_due_time(desk):
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()
    desk.at(sh(2026, 11, 25, 10, 30))
    t = desk.act("accept", tid)
    assert t.first_response_due_at == sh(2026, 11, 25, 14)  # kept for the KPIs
    assert t.sla_first_response_used_s == 30 * 60
    assert t.sla_next_at == t.resolution_warn_at


def test_pending_pauses_the_resolution_clock_across_a_weekend(desk):
    desk.at(sh(2026, 11, 27, 10))  # Friday 10:00, 8 business hours to resolve
    tid = desk.ticket()
    desk.act("accept", tid)
    desk.at(sh(2026, 11, 27, 14))
    t = desk.act("set_pending", tid)  # 4 h used
    assert t.status is Status.PENDING
    assert t.resolution_due_at is None and t.resolution_warn_at is None
    assert t.sla_resolution_used_s == 4 * 3600 and t.sla_next_at is None
    desk.at(sh(2026, 11, 30, 10))  # Monday 10:00: the weekend and the wait do not count
    t = desk.act("resume", tid)
    assert t.resolution_due_at == sh(2026, 11, 30, 14)


def test_a_transfer_carries_the_time_used_onto_the_new_groups_calendar(desk):
    desk.at(sh(2026, 11, 27, 17))  # Friday 17:00 in office hours
    tid = desk.ticket()
    desk.at(sh(2026, 11, 27, 17, 30))
    t = desk.act("transfer", tid, group_ref="热线", note="夜班处理")
    # 30 minutes used on the office's hours; the rest of 4 h runs round the clock now.
    assert t.sla_first_response_used_s == 30 * 60
    assert t.first_response_due_at == sh(2026, 11, 27, 21)
    desk.at(sh(2026, 11, 27, 18))
    t = desk.act("transfer", tid, who="b", group_ref="售后", note="回售后")
    assert t.sla_first_response_used_s == 60 * 60  # 30 min more, counted round the clock
    assert t.first_response_due_at == sh(2026, 11, 30, 12)  # 3 h left from Monday 09:00


def test_reopening_continues_the_resolution_clock(desk):
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()
    desk.act("accept", tid)
    desk.at(sh(2026, 11, 25, 11))
    desk.act("resolve", tid)
    desk.at(sh(2026, 11, 26, 9))  # reopened next morning: the night resolved is not counted
    t = desk.act("reopen", tid)
    assert t.sla_resolution_used_s == 3600
    assert t.resolution_due_at == sh(2026, 11, 26, 16)


def test_new_working_hours_move_the_open_tickets_due_times_with_an_event(desk):
    desk.at(sh(2026, 11, 27, 17, 30))
    tid = desk.ticket()
    closed = desk.ticket()
    desk.act("accept", closed)
    desk.act("resolve", closed)
    before = desk.get(closed).resolution_due_at
    desk.at(sh(2026, 11, 27, 17, 45))
    groups.update_group(session=desk.s, group_id=desk.office.id, actor=SYSTEM,
                        data=GroupUpdate.model_validate({"working_hours": hours(
                            days=("mon", "tue", "wed", "thu", "fri", "sat"))}))
    desk.s.commit()
    t = desk.get(tid)
    assert t.sla_first_response_used_s == 15 * 60  # counted on the old hours
    assert t.first_response_due_at == sh(2026, 11, 28, 12, 30)  # Saturday works now
    assert desk.get(closed).resolution_due_at == before  # done tickets keep theirs
    event = desk.s.scalars(select(Event).where(Event.kind == EventKind.SLA_RECOMPUTED)).one()
    assert event.data["group_id"] == desk.office.id and event.data["tickets"] == 1


def test_policy_per_priority_calendar_clock_and_warning_minutes_before(desk):
    ticket_types.update_type(session=desk.s, type_id=desk.type.id, actor=SYSTEM,
                             data=TicketTypeUpdate.model_validate({"sla_policy": {
                                 "clock": "calendar", "warn_minutes_before": 30,
                                 "by_priority": {"urgent": {"first_response_minutes": 60}}}}))
    desk.s.commit()
    desk.at(sh(2026, 11, 27, 17, 30))
    urgent = desk.get(desk.ticket(priority=Priority.URGENT))
    assert urgent.first_response_due_at == sh(2026, 11, 27, 18, 30)  # round the clock
    assert urgent.first_response_warn_at == sh(2026, 11, 27, 18)
    normal = desk.get(desk.ticket())
    assert normal.first_response_due_at == sh(2026, 11, 27, 21, 30)


def test_a_changed_policy_replans_the_types_open_tickets(desk):
    desk.at(sh(2026, 11, 27, 17, 30))
    tid = desk.ticket()
    desk.at(sh(2026, 11, 27, 17, 40))
    ticket_types.update_type(session=desk.s, type_id=desk.type.id, actor=SYSTEM,
                             data=TicketTypeUpdate(sla_first_response_minutes=30))
    desk.s.commit()
    t = desk.get(tid)
    assert t.sla_first_response_used_s == 10 * 60
    assert t.first_response_due_at == sh(2026, 11, 27, 18)  # 20 min left: at closing


def _escalations(desk, tid):
    desk.s.expire_all()
    return [(e.kind.value, e.data["target"]) for e in desk.s.scalars(
        select(Event).where(Event.ticket_id == tid,
                            Event.kind.in_([EventKind.SLA_WARNING, EventKind.SLA_BREACHED]))
        .order_by(Event.id))]


def _scan(session, now):
    fired = escalation.scan(session, now)
    session.commit()
    return fired


def test_warning_and_breach_fire_once_each_at_their_moment(desk):
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()  # first response 4 h: warning 13:12, breach 14:00
    assert _scan(desk.s, sh(2026, 11, 25, 13, 11)) == 0
    assert _scan(desk.s, sh(2026, 11, 25, 13, 12)) == 1
    assert _scan(desk.s, sh(2026, 11, 25, 13, 30)) == 0
    assert _escalations(desk, tid) == [("sla_warning", "first_response")]
    assert _scan(desk.s, sh(2026, 11, 25, 14)) == 1
    # A restarted server scans the same record: nothing again.
    with direct_session(desk.unit_url) as fresh:
        assert _scan(fresh, sh(2026, 11, 25, 15)) == 0
    assert _escalations(desk, tid) == [("sla_warning", "first_response"),
                                       ("sla_breached", "first_response")]
    event = desk.s.scalars(select(Event).where(Event.kind == EventKind.SLA_BREACHED)).one()
    assert event.data["due_at"] == sh(2026, 11, 25, 14).isoformat()


def test_a_late_scan_records_the_warning_before_the_breach(desk):
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()
    assert _scan(desk.s, sh(2026, 11, 25, 17)) == 3  # both first-response ones, a warning
    assert _escalations(desk, tid) == [("sla_warning", "first_response"),
                                       ("sla_breached", "first_response"),
                                       ("sla_warning", "resolution")]


def test_two_servers_scanning_at_once_record_each_escalation_once(desk):
    desk.at(sh(2026, 11, 25, 10))
    tids = [desk.ticket() for _ in range(3)]
    late = sh(2026, 11, 25, 14)
    with direct_session(desk.unit_url) as one, direct_session(desk.unit_url) as two:
        first = escalation.scan(one, late)  # holds its rows until it commits
        second = escalation.scan(two, late)  # skips them instead of waiting
        two.commit()
        one.commit()
        third = _scan(two, late)
    assert (first, second, third) == (6, 0, 0)
    for tid in tids:
        assert _escalations(desk, tid) == [("sla_warning", "first_response"),
                                           ("sla_breached", "first_response")]


def test_no_escalation_while_paused_or_after_the_target_is_met(desk):
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()
    desk.act("accept", tid)
    desk.act("set_pending", tid)
    assert _scan(desk.s, sh(2026, 12, 25, 10)) == 0
    assert _escalations(desk, tid) == []


def test_new_hours_that_reach_no_ticket_leave_its_row_alone(desk):
    desk.at(sh(2026, 11, 27, 17, 30))  # Friday: due Monday 12:30
    tid = desk.ticket()
    before = desk.get(tid)
    version, due, anchor = before.version, before.first_response_due_at, before.sla_anchor_at
    desk.at(sh(2026, 11, 27, 17, 45))
    groups.update_group(session=desk.s, group_id=desk.office.id, actor=SYSTEM,
                        data=GroupUpdate.model_validate({"working_hours": {
                            **hours(), "holidays": ["2027-05-03"]}}))  # far off: no move
    desk.s.commit()
    t = desk.get(tid)
    assert (t.version, t.first_response_due_at, t.sla_anchor_at) == (version, due, anchor)
    assert not desk.s.scalars(select(Event).where(Event.kind == EventKind.SLA_RECOMPUTED)).all()
    # A holiday on the Monday it runs into does move it, exactly to the microsecond.
    groups.update_group(session=desk.s, group_id=desk.office.id, actor=SYSTEM,
                        data=GroupUpdate.model_validate({"working_hours": {
                            **hours(), "holidays": ["2026-11-30"]}}))
    desk.s.commit()
    t = desk.get(tid)
    assert t.first_response_due_at == sh(2026, 12, 1, 12, 30)
    assert t.version == version + 1
