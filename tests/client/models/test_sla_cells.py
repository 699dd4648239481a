"""The SLA column of ticket tables: the running target's due time, coloured near and past
the breach, "Paused" while pending, sorted by what is due first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from ticketdesk.client.models import Column
from ticketdesk.client.models.countdown import CountdownTicker
from ticketdesk.client.models.ticket_presenter import TicketPresenter, TicketRole
from ticketdesk.client.state import ClientState
from ticketdesk.client.timefmt import format_time
from ticketdesk.common.models import TicketPublic

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
    assert cell(1) == f"Due {format_time(DUE)}"
    assert cell(1, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(2) == "Paused" and "paused" in cell(2, Qt.ItemDataRole.ToolTipRole)
    assert cell(3) == ""
    clock.now = WARN  # the warning point: same text, now amber
    assert cell(1) == f"Due {format_time(DUE)}"
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
    assert presenter.ticket_data(1, Column.SLA, Qt.ItemDataRole.DisplayRole) == (
        f"Due {format_time(DUE + timedelta(days=1))}")
