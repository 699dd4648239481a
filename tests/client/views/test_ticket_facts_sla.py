"""The ticket detail's SLA lines: each running target's due time and the time left (on the
group's working hours, as the SLA column counts it), "due soon" from the warning point,
"overdue" past it, and the resolution clock shown paused while pending."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from tests.client.models.test_sla_cells import DUE, NOW, SHANGHAI, WARN, _desk, _ticket
from ticketdesk.client.state import ClientState
from ticketdesk.client.timefmt import format_time
from ticketdesk.client.views.ticket_facts import TicketFacts
from ticketdesk.common.models import TicketTypePublic


def test_detail_says_each_targets_due_time_and_state(qtbot: QtBot) -> None:
    state = ClientState()
    state.types[1] = TicketTypePublic.model_validate({
        "id": 1, "key": "refund", "name": "退款", "description": "", "fields": [],
        "body_template": "", "default_group_id": None, "default_priority": "normal",
        "sla_first_response_minutes": 120, "sla_resolution_minutes": 1440, "active": True})
    now = [NOW]
    facts = TicketFacts(state, lambda: now[0])
    qtbot.addWidget(facts)
    ticket = _ticket(1)
    facts.show_ticket(ticket)
    assert facts.text()["First response due"] == f"{format_time(DUE)} — 2 h left"
    now[0] = WARN
    facts.show_ticket(ticket)
    assert facts.text()["First response due"] == f"{format_time(DUE)} — due soon, 1 h left"
    now[0] = DUE + timedelta(minutes=1)
    facts.show_ticket(ticket)
    assert facts.text()["First response due"] == f"{format_time(DUE)} — overdue"
    paused = _ticket(1, status="pending", first_response_at=NOW, resolution_due_at=None,
                     resolution_warn_at=None)
    facts.show_ticket(paused)
    assert facts.text()["Resolution due"] == "paused while pending"
    assert "First response due" not in facts.text()  # met: no longer a deadline


def test_detail_counts_the_time_left_in_the_groups_working_hours(qtbot: QtBot) -> None:
    state, _, clock = _desk()
    clock.now = datetime(2026, 11, 25, 17, 0, tzinfo=SHANGHAI)  # Wednesday 17:00
    due = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)  # 17 h away on the wall clock
    facts = TicketFacts(state, clock)
    qtbot.addWidget(facts)
    facts.show_ticket(_ticket(1, first_response_due_at=due, first_response_warn_at=None))
    assert facts.text()["First response due"] == f"{format_time(due)} — 2 h left"
