"""The demo's played history: a record a supervisor can trust on the dashboard — late
tickets have their escalations, as the live loop would have recorded them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from tests.support import database_url
from ticketdesk.server.demo import load_demo
from ticketdesk.server.demo_history import play_history
from ticketdesk.server.services import passwords
from ticketdesk.server.store.connect import open_migrated
from ticketdesk.server.store.database import make_sessionmaker


@pytest.fixture
def demo_db() -> Iterator[str]:
    yield from database_url("ticketdesk_demo_history")


def test_late_tickets_in_the_played_days_have_their_breaches_recorded(demo_db: str) -> None:
    passwords.use_profile("fast")
    engine = open_migrated(demo_db)
    try:
        with make_sessionmaker(engine)() as session:
            with session.begin():
                load_demo(session=session)
            said = play_history(session=session)
            assert "9 days played" in said

            def tickets(sql: str) -> set[int]:
                return set(session.scalars(text(sql)))

            late = {
                target: tickets(f"SELECT ticket_id FROM events WHERE kind = '{kind}'"
                                " AND kpi_late IS TRUE")
                for target, kind in (("first_response", "accepted"), ("resolution", "resolved"))
            }
            breached = {
                target: tickets("SELECT ticket_id FROM events WHERE kind = 'sla_breached'"
                                f" AND data->>'target' = '{target}'")
                for target in late
            }
            warned_after = session.scalar(text(
                "SELECT count(*) FROM events b JOIN events w"
                " ON w.ticket_id = b.ticket_id AND w.kind = 'sla_warning'"
                " AND w.data->>'target' = b.data->>'target'"
                " WHERE b.kind = 'sla_breached' AND w.id > b.id"))
    finally:
        engine.dispose()
    assert any(late.values()), "nine played days should hold tickets answered late"
    # Every ticket answered or resolved late was escalated while it was late, as the live
    # loop does (before, the record had late tickets and no escalation at all).
    for target in late:
        assert late[target] <= breached[target], (target, sorted(late[target] - breached[target]))
    assert warned_after == 0  # a warning always comes before its breach
