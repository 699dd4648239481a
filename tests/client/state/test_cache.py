"""`ClientState` on its own: how it announces tickets, and what it does for a large cache."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from typing import Any

from ticketdesk.client.state import ClientState
from ticketdesk.client.state.cache import FREEZE_AFTER
from ticketdesk.common.models import TicketPublic

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _ticket(ticket_id: int, **changes: object) -> TicketPublic:
    values: dict[str, Any] = {
        "id": ticket_id, "type_id": 1, "type_key": "refund", "title": f"t{ticket_id}",
        "body": "", "fields": {}, "group_id": 1, "priority": "normal", "status": "queued",
        "assignee_id": None, "order_no": None, "created_by_id": 1, "created_by_name": "HL1",
        "created_at": NOW, "updated_at": NOW, "version": 1,
    }
    return TicketPublic.model_validate({**values, **changes})


def _record(state: ClientState) -> list[tuple[str, Any]]:
    heard: list[tuple[str, Any]] = []
    for name in (
        "tickets_added", "ticket_added", "tickets_changed", "ticket_changed",
        "tickets_removed", "ticket_removed",
    ):
        getattr(state, name).connect(lambda value, n=name: heard.append((n, value)))
    return heard


def test_changes_are_announced_as_lists_then_one_by_one(qapp) -> None:
    state = ClientState()
    heard = _record(state)
    state.upsert_ticket(_ticket(1))  # outside a batch: at once
    assert heard == [("tickets_added", [1]), ("ticket_added", 1)]
    heard.clear()
    state.upsert_ticket(_ticket(1))  # nothing new
    assert heard == []

    state.replace_tickets([_ticket(2), _ticket(3)])  # a reload: 1 goes, 2 and 3 come
    assert heard == [
        ("tickets_removed", [1]),
        ("ticket_removed", 1),
        ("tickets_added", [2, 3]),
        ("ticket_added", 2),
        ("ticket_added", 3),
    ]
    heard.clear()
    later = NOW + timedelta(minutes=1)
    state.replace_tickets(
        [_ticket(4), _ticket(3, title="新标题", updated_at=later, version=2), _ticket(5)]
    )
    assert heard == [
        ("tickets_removed", [2]),
        ("ticket_removed", 2),
        ("tickets_added", [4, 5]),
        ("ticket_added", 4),
        ("ticket_added", 5),
        ("tickets_changed", [3]),
        ("ticket_changed", 3),
    ]

    heard.clear()
    with state.batch():
        state.replace_tickets([_ticket(3, title="新标题", updated_at=later, version=2)])  # 4, 5 go
        state.upsert_ticket(_ticket(4))  # and 4 comes back: both are said
        state.upsert_ticket(_ticket(6))
        state.replace_tickets([_ticket(3, title="新标题", updated_at=later, version=2), _ticket(4)])
        assert heard == []  # 6 came and went inside the batch: never said
    assert heard == [
        ("tickets_removed", [4, 5]),
        ("ticket_removed", 4),
        ("ticket_removed", 5),
        ("tickets_added", [4]),
        ("ticket_added", 4),
    ]
    heard.clear()
    state.clear()
    assert heard == [
        ("tickets_removed", [3, 4]),
        ("ticket_removed", 3),
        ("ticket_removed", 4),
    ]


def test_tickets_share_what_pydantic_records_of_their_fields(qapp) -> None:
    """One set of field names for all the cached tickets, not one each; nothing else about
    them changes."""
    state = ClientState()
    first, second = _ticket(1), _ticket(2)
    assert first.__pydantic_fields_set__ is not second.__pydantic_fields_set__
    state.upsert_ticket(first)
    state.upsert_ticket(second)
    assert state.tickets[1].__pydantic_fields_set__ is state.tickets[2].__pydantic_fields_set__
    assert state.tickets[2].model_fields_set == _ticket(2).model_fields_set
    copied = state.tickets[2].model_copy(update={"title": "改"})
    assert copied.title == "改" and state.tickets[1].title == "t1"
    assert state.tickets[1].model_fields_set == _ticket(1).model_fields_set
    assert state.tickets[1] == _ticket(1)


def test_a_load_is_left_out_of_garbage_collection(qapp) -> None:
    """After a load, the collector no longer walks the cached tickets (each full collection
    would stop the window for as long as it takes to walk them all)."""
    state = ClientState()
    state.replace_tickets([_ticket(n) for n in range(1, FREEZE_AFTER // 2)])
    frozen = gc.get_freeze_count()
    try:
        state.replace_tickets([_ticket(n) for n in range(1, FREEZE_AFTER + 1)])
        assert gc.get_freeze_count() == frozen  # 501 new ones: not a load
        state.replace_tickets([_ticket(n) for n in range(FREEZE_AFTER + 1, 3 * FREEZE_AFTER)])
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()


def test_a_busy_live_stream_is_applied_in_bounded_batches(qtbot) -> None:
    """Events back to back are grouped, but never more than BATCH_MAX_EVENTS at once: each
    batch stays a short task for the window however busy the stream."""
    from ticketdesk.client.state import ClientSession
    from ticketdesk.client.state.live_batch import BATCH_MAX_EVENTS
    from ticketdesk.common.models import EventPublic, LiveMessage

    session = ClientSession()
    sizes: list[int] = []
    session.state.tickets_added.connect(lambda ids: sizes.append(len(ids)))
    count = 2 * BATCH_MAX_EVENTS + 50
    for n in range(1, count + 1):
        event = EventPublic(id=n, kind="created", ticket_id=n, actor_id=None, actor_name="x",
                            created_at=NOW)
        session.live.event_received.emit(
            LiveMessage(type="event", cursor=f"1-{n}", event=event, ticket=_ticket(n))
        )
    assert sizes == [BATCH_MAX_EVENTS, BATCH_MAX_EVENTS]
    qtbot.waitUntil(lambda: sum(sizes) == count, timeout=5000)  # the rest, once it is quiet
    assert sizes == [BATCH_MAX_EVENTS, BATCH_MAX_EVENTS, 50]
    assert len(session.state.tickets) == count


def test_the_higher_version_wins_whatever_the_timestamps_say(qapp) -> None:
    """The server stamps a hold or release with one transaction's clock and an agent's change
    with another's, so a newer copy can carry an older ``updated_at``: an older copy arriving
    later (an HTTP page read before a live event) must not overwrite a newer one, and a newer
    copy must replace the cached one even when its timestamp looks older."""
    state = ClientState()
    heard = _record(state)
    state.upsert_ticket(_ticket(1, status="assigned", assignee_id=7, version=3))
    heard.clear()
    # Version 2 (queued) arrives late, with a *later* timestamp: ignored.
    state.upsert_ticket(_ticket(1, status="queued", version=2,
                                updated_at=NOW + timedelta(seconds=5)))
    assert state.tickets[1].status == "assigned" and state.tickets[1].version == 3
    assert heard == []
    # Version 4 (accepted) with an *earlier* timestamp: it is the newer copy.
    state.upsert_ticket(_ticket(1, status="in_progress", assignee_id=7, version=4,
                                updated_at=NOW - timedelta(seconds=5)))
    assert state.tickets[1].status == "in_progress" and state.tickets[1].version == 4
    assert heard == [("tickets_changed", [1]), ("ticket_changed", 1)]
    # The same version again (an action's answer and its live echo): nothing to say.
    heard.clear()
    state.upsert_ticket(_ticket(1, status="in_progress", assignee_id=7, version=4,
                                updated_at=NOW - timedelta(seconds=5)))
    assert heard == []
