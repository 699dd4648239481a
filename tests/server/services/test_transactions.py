"""Services only flush; the caller owns the transaction (issue 10): two actions in one
transaction stand or fall together."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.server.dispatch.test_engine import SYSTEM, Office
from ticketdesk.common.enums import Presence, Status
from ticketdesk.common.models import AssignRequest
from ticketdesk.server.services import tickets
from ticketdesk.server.services.errors import DomainError
from ticketdesk.server.store.schema import Event, Ticket


def test_two_actions_in_one_transaction_stand_or_fall_together(db, clock):
    office = Office(db, clock)
    office.agent("a", capacity=1)
    office.agent("b", capacity=1, online=False)
    first, second = office.ticket("一"), office.ticket("二")
    office.round()
    events_before = db.scalar(select(func.count()).select_from(Event))
    assert office.get(first).status is Status.ASSIGNED
    # One unit of work: take the first back to the queue, then act on a ticket that does not
    # exist — refused, so the whole unit is rolled back, the first step with it.
    tickets.assign(session=db, ticket_id=first, actor=SYSTEM, data=AssignRequest(agent=None))
    with pytest.raises(DomainError):
        tickets.resolve(session=db, ticket_id=second + 1000, actor=SYSTEM)
    db.rollback()
    assert office.get(first).assignee_id == office.ids["a"]
    assert db.scalar(select(func.count()).select_from(Event)) == events_before
    # The same two as one committed unit: both stand.
    office.presence("b", Presence.ONLINE)
    tickets.assign(session=db, ticket_id=first, actor=SYSTEM,
                   data=AssignRequest(agent=office.ids["b"]))
    tickets.assign(session=db, ticket_id=second, actor=SYSTEM,
                   data=AssignRequest(agent=office.ids["a"], override_capacity=True))
    db.commit()
    db.expire_all()
    assert db.get(Ticket, first).assignee_id == office.ids["b"]
    assert db.get(Ticket, second).assignee_id == office.ids["a"]
