"""OfferWatcher against the real assignment engine: one notification per new offer to me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.state import ClientState, OfferWatcher
from ticketdesk.common.enums import Presence, Status
from ticketdesk.common.models import TicketPublic, UserPublic


def test_fires_once_per_new_offer_to_me(qtbot: QtBot, org, make_session: MakeSession) -> None:
    # as1 is the only one online in 售后: the engine offers its tickets to them.
    session = make_session("as1", presence=Presence.ONLINE)
    state = session.state
    watcher = OfferWatcher(state, since=session.started_at)
    offered: list[int] = []
    watcher.offered.connect(offered.append)

    with qtbot.waitSignal(watcher.offered, timeout=TIMEOUT_MS):
        first = org.new_ticket("hl1", title="第一张")["id"]
    assert offered == [first]
    assert state.tickets[first].status is Status.ASSIGNED
    assert watcher.waiting == [first]

    # Changes to the same offer are not news.
    with qtbot.waitSignal(
        state.ticket_changed, timeout=TIMEOUT_MS, check_params_cb=lambda t: t == first
    ):
        org.as_("hl1").ok("POST", f"/tickets/{first}/comments", {"body": "催一下"}, status=201)
    # A ticket offered to someone else is not mine to hear about. (Away for a moment, so
    # that the engine leaves it to the supervisor.)
    _set_presence(qtbot, org, session, Presence.AWAY)
    with qtbot.waitSignal(state.ticket_added, timeout=TIMEOUT_MS):
        other = org.new_ticket("hl1", title="给别人的")["id"]
    org.admin.ok("POST", f"/tickets/{other}/assign", {"agent": "as2", "override_capacity": True})
    qtbot.waitUntil(
        lambda: state.tickets[other].assignee_id == org.users["as2"], timeout=TIMEOUT_MS
    )
    _set_presence(qtbot, org, session, Presence.ONLINE)
    # Accepting my offer is not news either.
    with qtbot.waitSignal(
        state.ticket_changed, timeout=TIMEOUT_MS, check_params_cb=lambda t: t == first
    ):
        org.as_("as1").ok("POST", f"/tickets/{first}/accept")
    assert offered == [first]
    assert watcher.waiting == []

    # A second ticket is a second offer; returned to the queue and offered again, a third.
    with qtbot.waitSignal(watcher.offered, timeout=TIMEOUT_MS):
        second = org.new_ticket("hl1", title="第二张")["id"]
    with qtbot.waitSignal(watcher.offered, timeout=TIMEOUT_MS):
        org.admin.ok("POST", f"/tickets/{second}/assign", {"agent": None, "note": "重新派"})
    assert offered == [first, second, second]


def _set_presence(qtbot: QtBot, org, session, presence: Presence) -> None:
    """As the agent would in another window."""
    org.as_("as1").ok("PUT", "/me/presence", {"presence": presence.value})
    qtbot.waitUntil(lambda: session.state.me.presence is presence, timeout=TIMEOUT_MS)


def test_offers_from_before_the_session_are_not_news(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    session = make_session("as1", presence=Presence.ONLINE)
    with qtbot.waitSignal(session.state.ticket_added, timeout=TIMEOUT_MS):
        earlier = org.new_ticket("hl1")["id"]
    qtbot.waitUntil(
        lambda: session.state.tickets[earlier].status is Status.ASSIGNED, timeout=TIMEOUT_MS
    )
    # A watcher started now (a window opened later) knows of the offer without announcing it.
    watcher = OfferWatcher(session.state, since=session.clock.now())
    offered: list[int] = []
    watcher.offered.connect(offered.append)
    assert watcher.waiting == [earlier]
    with qtbot.waitSignal(watcher.offered, timeout=TIMEOUT_MS):
        later = org.new_ticket("hl1")["id"]
    assert offered == [later]


def _ticket(ticket_id: int, **changes: object) -> TicketPublic:
    now = datetime.now(UTC)
    fields = {
        "id": ticket_id, "type_id": 1, "type_key": "refund", "title": "t", "body": "",
        "fields": {}, "group_id": 1, "priority": "normal", "status": "queued",
        "assignee_id": None, "order_no": None, "created_by_id": 1, "created_by_name": "HL1",
        "created_at": now, "updated_at": now, "version": 1,
    }
    return TicketPublic.model_validate({**fields, **changes})


def test_a_batch_announces_each_ticket_once_and_loses_no_offer(qapp) -> None:
    """A replayed backlog: many steps for one ticket make one change; an offer and a change
    of my presence in the same batch still make one notification."""
    state = ClientState()
    state.set_me(
        UserPublic.model_validate(
            {"id": 7, "username": "as1", "display_name": "AS1", "role": "agent",
             "active": True, "presence": "offline", "group_ids": [1]}
        )
    )
    state.upsert_ticket(_ticket(1))
    watcher = OfferWatcher(state)
    offered: list[int] = []
    watcher.offered.connect(offered.append)
    changed: list[int] = []
    added: list[int] = []
    state.ticket_changed.connect(changed.append)
    state.ticket_added.connect(added.append)
    later = datetime.now(UTC) + timedelta(seconds=1)
    with state.batch():
        for n in range(3):
            state.upsert_ticket(
                _ticket(1, updated_at=later + timedelta(seconds=n), title=f"step {n}",
                        version=2 + n)
            )
        state.upsert_ticket(
            _ticket(2, status="assigned", assignee_id=7, assigned_at=later, updated_at=later,
                    version=2)
        )
        state.set_presence(7, Presence.ONLINE)  # me_changed inside the batch
        assert (changed, added, offered) == ([], [], [])
    assert changed == [1]
    assert added == [2]
    assert offered == [2]
    assert state.tickets[1].title == "step 2"
