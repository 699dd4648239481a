"""The SLA policy's automatic actions at an escalation: raise the priority, notify a named
group — each once, as an event of the system, also when a restarted server scans again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.server.services.test_sla import SYSTEM, Desk, sh
from tests.support import direct_session
from ticketdesk.common.enums import EventKind, Priority
from ticketdesk.common.models import TicketTypeUpdate
from ticketdesk.server.services import kpis, ticket_types
from ticketdesk.server.services.errors import Invalid
from ticketdesk.server.services.sla import escalation
from ticketdesk.server.store.schema import Event


@pytest.fixture
def desk(db, clock, unit_url):
    desk = Desk(db, clock)
    desk.unit_url = unit_url
    return desk


def _policy(desk, **policy):
    ticket_types.update_type(session=desk.s, type_id=desk.type.id, actor=SYSTEM,
                             data=TicketTypeUpdate.model_validate({"sla_policy": policy}))
    desk.s.commit()


def _kinds(desk, tid):
    desk.s.expire_all()
    return [(e.kind.value, e.actor_id, e.data.get("escalation")) for e in desk.s.scalars(
        select(Event).where(Event.ticket_id == tid, Event.kind.in_([
            EventKind.SLA_WARNING, EventKind.SLA_BREACHED, EventKind.SLA_PRIORITY_RAISED,
            EventKind.SLA_NOTIFIED])).order_by(Event.id))]


def test_actions_fire_once_each_across_a_restart(desk):
    _policy(desk, on_warning={"raise_priority": "high"},
            on_breach={"raise_priority": "urgent", "notify_group": "热线"})
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()  # first response 4 h: warning 13:12, breach 14:00
    escalation.scan(desk.s, sh(2026, 11, 25, 13, 12))
    desk.s.commit()
    assert desk.get(tid).priority is Priority.HIGH
    with direct_session(desk.unit_url) as fresh:  # a restarted server, past the breach
        escalation.scan(fresh, sh(2026, 11, 25, 14))
        fresh.commit()
    with direct_session(desk.unit_url) as again:
        assert escalation.scan(again, sh(2026, 11, 25, 14, 1)) == 0
        again.commit()
    assert desk.get(tid).priority is Priority.URGENT
    assert _kinds(desk, tid) == [
        ("sla_warning", None, None), ("sla_priority_raised", None, "warning"),
        ("sla_breached", None, None), ("sla_priority_raised", None, "breached"),
        ("sla_notified", None, "breached")]
    notified = desk.s.scalars(select(Event).where(Event.kind == EventKind.SLA_NOTIFIED)).one()
    assert desk.always.id in notified.audience_groups  # the named group's people see it
    assert notified.data["group"] == "热线" and notified.actor_name == escalation.NAME


def test_a_priority_already_higher_is_kept(desk):
    _policy(desk, on_warning={"raise_priority": "high"})
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket(priority="urgent")
    escalation.scan(desk.s, sh(2026, 11, 25, 13, 12))
    desk.s.commit()
    assert desk.get(tid).priority is Priority.URGENT
    assert [k for k, *_ in _kinds(desk, tid)] == ["sla_warning"]


def test_an_unknown_group_to_notify_is_refused(desk):
    with pytest.raises(Invalid) as refused:
        _policy(desk, on_breach={"notify_group": "nobody"})
    assert refused.value.details == {"field": "sla_policy.on_breach.notify_group"}


def test_escalations_count_per_group_and_agent_in_kpis(desk):
    desk.at(sh(2026, 11, 25, 10))
    tid = desk.ticket()
    other = desk.ticket()  # offered to the same agent (online, the group's only one)
    desk.act("accept", tid)  # stops the first-response clock; resolution runs (8 h)
    escalation.scan(desk.s, sh(2026, 11, 26, 13))
    desk.s.commit()
    assert len(_kinds(desk, tid)) == 2 and len(_kinds(desk, other)) == 4
    report = kpis.report(session=desk.s, period_from=sh(2026, 11, 25, 0),
                         period_to=sh(2026, 11, 27, 0), group_ids=[desk.office.id])
    office = report.groups[0]
    assert (office.escalation_warnings, office.escalation_breaches) == (3, 3)
    agent = next(r for r in report.agents if r.agent_id == desk.users["a"])
    assert (agent.escalation_warnings, agent.escalation_breaches) == (3, 3)
    later = kpis.report(session=desk.s, period_from=sh(2026, 11, 26, 0),
                        period_to=sh(2026, 11, 27, 0), group_ids=[desk.office.id])
    assert (later.total.escalation_warnings, later.total.escalation_breaches) == (0, 0)
    assert (report.total.escalation_warnings, report.total.escalation_breaches) == (3, 3)
