"""The SLA column of ticket tables: the running target's time left — in the group's working
hours when the type counts business minutes —, coloured near and past the breach, "Paused"
while pending, sorted by what is due first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from ticketdesk.client.models import Column, sla
from ticketdesk.client.models.countdown import CountdownTicker
from ticketdesk.client.models.ticket_presenter import TicketPresenter, TicketRole
from ticketdesk.client.state import ClientState
from ticketdesk.client.timefmt import format_time
from ticketdesk.common.enums import Priority, Status
from ticketdesk.common.models import GroupPublic, TicketPublic, TicketTypePublic
from ticketdesk.server.services.sla import clocks

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
DUE = NOW + timedelta(hours=2)
WARN = NOW + timedelta(hours=1)


def _ticket(ticket_id: int, **changes: object) -> TicketPublic:
    values: dict[str, Any] = {
        "id": ticket_id, "type_id": 1, "type_key": "refund", "title": f"t{ticket_id}",
        "body": "", "fields": {}, "group_id": 1, "priority": "normal", "status": "queued",
        "assignee_id": None, "order_no": None, "created_by_id": 1, "created_by_name": "HL1",
        "created_at": NOW, "updated_at": NOW, "version": 1,
        "first_response_due_at": DUE, "first_response_warn_at": WARN,
        "resolution_due_at": DUE + timedelta(days=1),
        "resolution_warn_at": DUE + timedelta(hours=20),
    }
    return TicketPublic.model_validate({**values, **changes})


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def test_sla_cells_say_due_warn_breach_and_paused(qapp) -> None:
    state, clock = ClientState(), Clock()
    presenter = TicketPresenter(state, ticker=CountdownTicker(clock))
    state.upsert_ticket(_ticket(1))
    state.upsert_ticket(_ticket(2, status="pending", first_response_at=NOW,
                                resolution_due_at=None, resolution_warn_at=None))
    state.upsert_ticket(_ticket(3, status="resolved", first_response_at=NOW))

    def cell(tid, role=Qt.ItemDataRole.DisplayRole):
        return presenter.ticket_data(tid, Column.SLA, role)

    assert presenter.header(Column.SLA) == "SLA"
    assert cell(1) == "2 h left"  # no hours known here: the wall clock
    assert f"First response due {format_time(DUE)} (2 h left)" in cell(
        1, Qt.ItemDataRole.ToolTipRole)
    assert cell(1, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(2) == "Paused" and "paused" in cell(2, Qt.ItemDataRole.ToolTipRole)
    assert cell(3) == ""
    clock.now = WARN  # the warning point: an hour left, now amber
    assert cell(1) == "1 h left"
    amber = cell(1, Qt.ItemDataRole.BackgroundRole)
    assert amber is not None
    clock.now = DUE
    assert cell(1) == f"Overdue since {format_time(DUE)}"
    red = cell(1, Qt.ItemDataRole.BackgroundRole)
    assert red is not None and red.color() != amber.color()
    # What is due first sorts first; paused and done last.
    assert cell(1, TicketRole.SORT) < cell(2, TicketRole.SORT) == cell(3, TicketRole.SORT)


def test_once_accepted_the_resolution_target_counts(qapp) -> None:
    state = ClientState()
    presenter = TicketPresenter(state, ticker=CountdownTicker(lambda: NOW))
    state.upsert_ticket(_ticket(1, status="in_progress", first_response_at=NOW))
    assert presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.DisplayRole) == "26 h left"


OFFICE = {"timezone": "Asia/Shanghai",
          "weekly": {d: [{"start": "09:00", "end": "18:00"}]
                     for d in ("mon", "tue", "wed", "thu", "fri")}}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _desk(clock: str = "business") -> tuple[ClientState, TicketPresenter, Clock]:
    state, now = ClientState(), Clock()
    state.set_groups([GroupPublic.model_validate({
        "id": 1, "name": "售后", "description": "", "working_hours": OFFICE,
        "accept_timeout_seconds": 60, "default_capacity": 5, "active": True})])
    state.set_types([TicketTypePublic.model_validate({
        "id": 1, "key": "refund", "name": "退款", "description": "", "fields": [],
        "body_template": "", "default_group_id": 1, "default_priority": "normal",
        "sla_first_response_minutes": 240, "sla_resolution_minutes": 480,
        "sla_policy": {"clock": clock}, "active": True})])
    return state, TicketPresenter(state, ticker=CountdownTicker(now)), now


def test_time_left_is_counted_in_the_groups_working_hours(qapp) -> None:
    state, presenter, clock = _desk()
    clock.now = datetime(2026, 11, 25, 17, 0, tzinfo=SHANGHAI)  # Wednesday 17:00
    due = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)  # tomorrow 10:00: 17 h on the wall
    state.upsert_ticket(_ticket(1, first_response_due_at=due,
                                first_response_warn_at=due - timedelta(minutes=30)))
    cell = presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.DisplayRole)
    assert cell == "2 h left"  # 17:00–18:00 today, 09:00–10:00 tomorrow
    tip = presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.ToolTipRole)
    assert "(2 h left)" in tip and "working hours" in tip
    clock.now = datetime(2026, 11, 25, 20, 0, tzinfo=SHANGHAI)  # closed: the clock stands
    assert presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.DisplayRole) == "1 h left"


def test_a_calendar_minutes_policy_counts_the_wall_clock(qapp) -> None:
    state, presenter, clock = _desk("calendar")
    clock.now = datetime(2026, 11, 25, 17, 0, tzinfo=SHANGHAI)
    state.upsert_ticket(_ticket(1, first_response_due_at=datetime(
        2026, 11, 26, 10, 0, tzinfo=SHANGHAI), first_response_warn_at=None))
    assert presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.DisplayRole) == "17 h left"
    assert "round the clock" in presenter.ticket_data(1, Column.SLA,
                                                      Qt.ItemDataRole.ToolTipRole)


class _Clocks:
    """A ticket's clock state as the server keeps it (``clocks.ClockState``)."""

    def __init__(self, created: datetime) -> None:
        self.status, self.priority, self.created_at = Status.QUEUED, Priority.NORMAL, created
        self.first_response_at = None
        self.first_response_due_at = self.resolution_due_at = None
        self.first_response_warn_at = self.resolution_warn_at = None
        self.sla_anchor_at = self.sla_next_at = None
        self.sla_first_response_used_s = self.sla_resolution_used_s = self.sla_fired = 0


def test_the_column_agrees_with_the_servers_clock(qapp) -> None:
    """One calendar: what the column says is left is what the server's clock has left."""
    state, presenter, clock = _desk()
    created = datetime(2026, 11, 27, 17, 30, tzinfo=SHANGHAI)  # Friday 17:30
    server = _Clocks(created)
    policy = clocks.Policy.of(240, 480, {})
    hours = state.groups[1].working_hours
    clocks.schedule(server, policy, hours, created)
    assert server.first_response_due_at == datetime(2026, 11, 30, 12, 30, tzinfo=SHANGHAI)
    state.upsert_ticket(_ticket(1, created_at=created,
                                first_response_due_at=server.first_response_due_at,
                                first_response_warn_at=server.first_response_warn_at,
                                resolution_due_at=server.resolution_due_at,
                                resolution_warn_at=server.resolution_warn_at))
    for now in (datetime(2026, 11, 28, 12, 0, tzinfo=SHANGHAI),  # Saturday
                datetime(2026, 11, 30, 9, 45, tzinfo=SHANGHAI)):
        clock.now = now
        left = sla.left(state.tickets[1], now, sla.working_hours(state, state.tickets[1]))
        assert left == clocks.left_seconds(server, policy, hours, now, "first_response")
    assert presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.DisplayRole) == "2 h 45 min left"
