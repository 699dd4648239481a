"""The dispatch board at call-center size: 50 groups, 1,000 agents, 10,000 queued tickets
(and tickets in hand) in the client's cache —

- first paint: from the cache filled to the board painted, on a group with its queue and its
  agents (the per-group lists are built on that group, as when a supervisor opens it);
- the longest stall of the GUI thread (a 5 ms QTimer heartbeat) while 1,000 live events
  are applied in batches, as the session applies them (10 ms apart, 20 at a time);
- a bulk move of 100 tickets (``POST /tickets/bulk``, assign to one agent, then back to
  the queue) against a real server, answered: median and worst of ``--repeat`` runs.

    QT_QPA_PLATFORM=offscreen python bench/board.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from common import ServerProcess, database, report
from tests.support import make_admin
from ticketdesk.client.models.countdown import CountdownTicker
from ticketdesk.client.state import ClientSession
from ticketdesk.client.views.board import BoardView
from ticketdesk.common.enums import EventKind, Presence, Priority, Role, Status
from ticketdesk.common.models import (
    EventPublic,
    GroupPublic,
    LiveMessage,
    TicketPublic,
    UserPublic,
    WorkingHours,
)

NOW = datetime.now(UTC)
HAND = [Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING]


class PaintProbe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def ticket(n: int, rng: random.Random, groups: int, agents: int, **changes: object
           ) -> TicketPublic:
    created = NOW - timedelta(minutes=rng.randint(1, 600))
    group = 1 + n % groups
    values = dict(
        id=n, type_id=1, type_key="misc", title=f"客户来电：订单 {n} 物流长时间未更新",
        body="", fields={}, group_id=group, priority=rng.choice(list(Priority)),
        status=Status.QUEUED, assignee_id=None, order_no=None, created_by_id=1,
        created_by_name="客服", created_at=created, updated_at=created, version=1,
        first_response_due_at=created + timedelta(minutes=30),
    )
    values.update(changes)
    return TicketPublic.model_construct(**values)


def member_of(agent: int, groups: int) -> int:
    return 1 + agent % groups


def gui(args: argparse.Namespace) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    rng = random.Random(11)
    session = ClientSession()
    state = session.state
    me = UserPublic(id=100_000, username="zhao.min", display_name="赵敏", role=Role.SUPERVISOR,
                    active=True, presence=Presence.ONLINE,
                    overseen_group_ids=list(range(1, 6)))
    users = [UserPublic(id=u, username=f"a{u}", display_name=f"客服{u:04d}", role=Role.AGENT,
                        active=True, presence=rng.choice(list(Presence)),
                        group_ids=[member_of(u, args.groups)], presence_changed_at=NOW,
                        capacities={}) for u in range(1, args.agents + 1)]
    groups = [GroupPublic(id=g, name=f"小组{g:02d}", description="",
                          working_hours=WorkingHours.always(), accept_timeout_seconds=120,
                          default_capacity=5, active=True) for g in range(1, args.groups + 1)]
    queued = [ticket(n, rng, args.groups, args.agents) for n in range(1, args.tickets + 1)]
    in_hand = []
    for i, agent in enumerate(range(1, args.agents + 1)):
        for k in range(rng.randint(0, 3)):
            n = args.tickets + 1 + i * 4 + k
            in_hand.append(ticket(n, rng, args.groups, args.agents, group_id=member_of(
                agent, args.groups), status=rng.choice(HAND), assignee_id=agent,
                assigned_at=NOW, accept_deadline=NOW + timedelta(seconds=90)))
    cached = queued + in_hand

    started = time.perf_counter()
    state.set_me(me)
    state.set_users([me, *users])
    state.set_groups(groups)
    with state.batch():
        for t in cached:
            state.upsert_ticket(t)
    ticker = CountdownTicker()
    board = BoardView(session, ticker)
    board.resize(1600, 1000)
    probe = PaintProbe()
    board.agents.viewport().installEventFilter(probe)
    board.show()
    while not probe.painted:
        app.processEvents()
    first_paint_ms = (time.perf_counter() - started) * 1000
    shown = board.queue_model.rowCount(), board.agents_model.rowCount()

    gaps: list[float] = []
    last = time.perf_counter()

    def heartbeat() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now

    applied = 0
    versions = {t.id: 1 for t in cached}
    ids = list(versions)
    group_of = {t.id: t.group_id for t in cached}
    members: dict[int, list[int]] = {}
    for a in range(1, args.agents + 1):
        members.setdefault(member_of(a, args.groups), []).append(a)

    def feed() -> None:
        nonlocal applied
        with state.batch():
            for _ in range(min(args.batch, args.events - applied)):
                tid = rng.choice(ids)
                versions[tid] += 1
                agent = rng.choice(members[group_of[tid]][:5])
                status = rng.choice([Status.QUEUED, *HAND])
                t = ticket(tid, rng, args.groups, args.agents, group_id=group_of[tid],
                           status=status, version=versions[tid],
                           assignee_id=None if status is Status.QUEUED else agent,
                           assigned_at=NOW)
                state.apply(LiveMessage(type="event", cursor=f"1-{applied}", ticket=t,
                                        event=EventPublic(id=applied + 1, kind=EventKind.UPDATED,
                                                          ticket_id=tid, actor_id=None,
                                                          actor_name="x", created_at=NOW)))
                applied += 1
                if applied % 10 == 0:  # and presence changes among them
                    state.set_presence(rng.randint(1, args.agents), rng.choice(list(Presence)),
                                       NOW)

    beat = QTimer(interval=5)
    beat.timeout.connect(heartbeat)
    feeder = QTimer(interval=10)
    feeder.timeout.connect(feed)
    beat.start()
    feeder.start()
    last = time.perf_counter()
    while applied < args.events:
        app.processEvents()
    settle = time.perf_counter() + 0.2  # the coalesced refreshes after the last batch
    while time.perf_counter() < settle:
        app.processEvents()
    feeder.stop()
    beat.stop()
    board.close()
    return {"first_paint_ms": round(first_paint_ms, 1), "queue_rows": shown[0],
            "agent_rows": shown[1], "events_applied": applied,
            "max_stall_ms": round(max(gaps), 1)}


def bulk(args: argparse.Namespace) -> dict[str, object]:
    with database("ticketdesk_board_bench") as url:
        server = ServerProcess(url, env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "0"}).start(
            timeout=120)  # a loaded machine starts it slowly
        try:
            admin = make_admin(server.base_url, url)
            group = admin.ok("POST", "/groups", {"name": "售后"}, status=201)["id"]
            agent = admin.ok("POST", "/users", {"username": "li.na", "display_name": "李娜",
                                                "role": "agent", "password": "benchpass1"},
                             status=201)["id"]
            admin.ok("PUT", f"/groups/{group}/members/{agent}", {})
            admin.ok("POST", "/ticket-types", {
                "key": "misc", "name": "咨询", "description": "", "default_group": "售后",
                "default_priority": "normal", "fields": []}, status=201)
            tickets = [admin.ok("POST", "/tickets", {"type": "misc", "title": f"批量 {i}"},
                                status=201) for i in range(args.bulk)]
            seen = {t["id"]: t["version"] for t in tickets}
            times: list[float] = []
            for run in range(args.repeat):
                action = {"action": "assign", "agent": agent, "override_capacity": True} \
                    if run % 2 == 0 else {"action": "unassign"}
                moves = [{"ticket": tid, "version": v, **action} for tid, v in seen.items()]
                started = time.perf_counter()
                moved = admin.ok("POST", "/tickets/bulk", {"moves": moves})["tickets"]
                times.append((time.perf_counter() - started) * 1000)
                seen = {t["id"]: t["version"] for t in moved}
            admin.close()
        finally:
            server.stop()
    return {"bulk_tickets": args.bulk, "bulk_p50_ms": round(statistics.median(times), 1),
            "bulk_max_ms": round(max(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--tickets", type=int, default=10_000, help="queued tickets")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--bulk", type=int, default=100, help="tickets per bulk move")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--part", choices=["all", "gui", "bulk"], default="all",
                        help="measure only the board's GUI figures, or only the bulk move")
    args = parser.parse_args()
    figures: dict[str, object] = {}
    if args.part != "bulk":
        figures.update(gui(args))
        print(figures, flush=True)  # the GUI figures even if the server part fails
    if args.part != "gui":
        figures.update(bulk(args))
    report({"groups": args.groups, "agents": args.agents, "queued": args.tickets, **figures,
            "targets": "first paint < 1000 ms, stall < 50 ms, bulk of 100 < 500 ms"})


if __name__ == "__main__":
    main()
