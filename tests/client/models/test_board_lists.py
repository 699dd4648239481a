"""The dispatch board's per-group lists (the queue, the agents with their tickets in hand)
against an oracle — the same questions answered the plain way — under seeded random live
streams, and through qtmodeltester."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from ticketdesk.client.models import sla
from ticketdesk.client.models.board_agents import AgentColumn, AgentRole, BoardAgentsModel
from ticketdesk.client.models.board_queue import BoardQueueModel, QueueColumn, QueueRole
from ticketdesk.client.state.cache import ClientState
from ticketdesk.common.enums import LOAD_STATUSES, Presence, Priority, Role, Status
from ticketdesk.common.models import GroupPublic, TicketPublic, UserPublic, WorkingHours

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=12)
GROUPS = [3, 5]
AGENTS = range(10, 18)
RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


def _group(gid: int) -> GroupPublic:
    return GroupPublic(
        id=gid, name=f"组{gid}", description="", working_hours=WorkingHours.always(),
        accept_timeout_seconds=60, default_capacity=3, active=True,
    )


def _user(uid: int, rng: random.Random) -> UserPublic:
    groups = rng.sample(GROUPS, rng.randint(1, 2))
    return UserPublic(
        id=uid, username=f"u{uid}", display_name=f"客服{uid:02d}", role=Role.AGENT,
        active=rng.random() < 0.9, presence=rng.choice(list(Presence)), group_ids=groups,
        presence_changed_at=T0, capacities={g: rng.choice([None, 0, 2, 5]) for g in groups},
    )


def _ticket(tid: int, version: int, rng: random.Random) -> TicketPublic:
    status = rng.choice(list(Status))
    assignee = rng.choice(list(AGENTS)) if status in LOAD_STATUSES else None
    return TicketPublic(
        id=tid, type_id=1, type_key="k", title=f"t{tid}", body="", fields={},
        group_id=rng.choice([*GROUPS, 99]), priority=rng.choice(list(Priority)), status=status,
        assignee_id=assignee, order_no=None, created_by_id=None, created_by_name="x",
        created_at=T0 + timedelta(minutes=rng.randrange(600)), updated_at=T0, version=version,
        first_response_due_at=T0 + timedelta(minutes=rng.randrange(900)),
        accept_deadline=NOW + timedelta(seconds=rng.randrange(90))
        if status is Status.ASSIGNED else None,
    )


def _queue_oracle(state: ClientState, gid: int) -> list[int]:
    waiting = [t for t in state.tickets.values()
               if t.group_id == gid and t.status in (Status.QUEUED, Status.HELD)]
    waiting.sort(key=lambda t: (RANK[t.priority], t.created_at, t.id))
    return [t.id for t in waiting]


def _agents_oracle(state: ClientState, gid: int) -> list[tuple[str, str, list[int]]]:
    order = {Presence.ONLINE: 0, Presence.AWAY: 1, Presence.OFFLINE: 2}
    people = sorted((u for u in state.users.values() if gid in u.group_ids and u.active),
                    key=lambda u: (order[u.presence], u.display_name))
    rows = []
    for u in people:
        hand = [t for t in state.tickets.values() if t.assignee_id == u.id and t.group_id == gid
                and t.status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING)]
        hand.sort(key=lambda t: (
            [Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING].index(t.status),
            t.assigned_at or t.created_at, t.id))
        own = u.capacities.get(gid)
        capacity = own if own is not None else state.groups[gid].default_capacity
        load = (f"{len(hand)} / {capacity}" if capacity > 0  # no capacity: not "0 / 0"
                else "capacity 0" if not hand else f"{len(hand)} · capacity 0")
        rows.append((u.display_name, load, [t.id for t in hand]))
    return rows


def _queue_shown(model: BoardQueueModel) -> list[int]:
    return [model.index(r, 0).data(QueueRole.TICKET_ID) for r in range(model.rowCount())]


def _agents_shown(model: BoardAgentsModel) -> list[tuple[str, str, list[int]]]:
    rows = []
    for r in range(model.rowCount()):
        agent = model.index(r, AgentColumn.NAME)
        load = model.index(r, AgentColumn.LOAD).data()
        children = [model.index(c, 0, agent).data(AgentRole.TICKET_ID)
                    for c in range(model.rowCount(agent))]
        rows.append((agent.data(), load, children))
    return rows


def _matches(queue: BoardQueueModel, agents: BoardAgentsModel, state: ClientState,
             gid: int) -> bool:
    return (_queue_shown(queue) == _queue_oracle(state, gid)
            and _agents_shown(agents) == _agents_oracle(state, gid))


def test_the_board_lists_match_an_oracle_under_random_streams(
    qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    for seed in range(4):
        rng = random.Random(seed)
        state = ClientState()
        state.set_groups([_group(g) for g in GROUPS])
        state.set_users([_user(u, rng) for u in AGENTS])
        gid = GROUPS[seed % 2]
        queue = BoardQueueModel(state, lambda: NOW)
        agents = BoardAgentsModel(state, lambda: NOW)
        queue.set_group(gid)
        agents.set_group(gid)
        # One tester per model: a tester follows only the model it last checked.
        testers = [ModelTester(request.config), ModelTester(request.config)]
        testers[0].check(queue, force_py=True)
        testers[1].check(agents, force_py=True)
        versions: dict[int, int] = {}
        for step in range(250):
            roll = rng.random()
            if roll < 0.7:
                with state.batch():
                    for _ in range(rng.randint(1, 4)):
                        tid = rng.randrange(1, 50)
                        versions[tid] = versions.get(tid, 0) + rng.choice([1, 1, 1, -1])
                        state.upsert_ticket(_ticket(tid, versions[tid], rng))
            elif roll < 0.8 and state.tickets:
                tid = rng.choice(list(state.tickets))
                state.replace_tickets([t for t in state.tickets.values() if t.id != tid])
            elif roll < 0.97:
                state.set_presence(rng.choice(list(AGENTS)), rng.choice(list(Presence)), NOW)
            else:  # the directory reloaded: memberships and capacities may differ
                state.set_users([_user(u, rng) for u in AGENTS])
            if step % 7 == 0:
                queue.refresh()
                agents.refresh()
                assert _queue_shown(queue) == _queue_oracle(state, gid), (seed, step)
                assert _agents_shown(agents) == _agents_oracle(state, gid), (seed, step)
        qtbot.waitUntil(lambda q=queue, a=agents, s=state, g=gid: _matches(q, a, s, g),
                        timeout=TIMEOUT_MS)  # by itself: the coalescing timers catch up
        testers[0].check(queue, force_py=True)
        testers[1].check(agents, force_py=True)
        for tester in testers:
            tester._cleanup()


def test_an_agent_row_reads_like_a_supervisor_would_say_it(qtbot: QtBot) -> None:
    state = ClientState()
    state.set_groups([_group(3)])
    li = UserPublic(id=10, username="li", display_name="李娜", role=Role.AGENT, active=True,
                    presence=Presence.ONLINE, group_ids=[3],
                    presence_changed_at=NOW - timedelta(minutes=25), capacities={3: 2})
    state.set_users([li])
    base = _ticket(1, 1, random.Random(0)).model_copy(update={"group_id": 3})
    offered = base.model_copy(update={
        "status": Status.ASSIGNED, "assignee_id": 10, "assigned_at": NOW,
        "accept_deadline": NOW + timedelta(seconds=42), "title": "退款"})
    working = base.model_copy(update={
        "id": 2, "status": Status.IN_PROGRESS, "assignee_id": 10,
        "accepted_at": NOW - timedelta(minutes=5), "title": "换货"})
    with state.batch():
        state.upsert_ticket(offered)
        state.upsert_ticket(working)
    agents = BoardAgentsModel(state, lambda: NOW)
    agents.set_group(3)
    row = [agents.index(0, c).data() for c in AgentColumn]
    assert row == ["李娜", "Online", "25 min", "2 / 2"]
    assert agents.index(0, 0).data(AgentRole.AT_CAPACITY) is True
    parent = agents.index(0, 0)
    first = [agents.index(0, c, parent).data() for c in AgentColumn]
    assert first == ["#1 退款", "Offered", "0:42 to accept", ""]
    assert agents.index(1, AgentColumn.TIME, parent).data() == "5 min"
    queue = BoardQueueModel(state, lambda: NOW)
    queue.set_group(3)
    held = base.model_copy(update={
        "id": 3, "version": 2, "status": Status.HELD, "priority": Priority.URGENT,
        "held_until": NOW + timedelta(hours=1), "created_at": NOW - timedelta(minutes=30),
        "first_response_due_at": NOW - timedelta(minutes=2)})
    state.upsert_ticket(held)
    queue.refresh()
    cells = [queue.index(0, c).data() for c in QueueColumn]
    assert cells[:4] == ["Urgent", "#3 t1", "30 min", "2 min overdue"]
    overdue = queue.index(0, QueueColumn.FIRST_RESPONSE)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == sla.COLOURS[sla.SlaLevel.BREACHED]
    assert overdue.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert cells[4]  # when it is released, in local time
    assert QModelIndex() == agents.parent(agents.index(0, 0))
