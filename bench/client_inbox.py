"""The desktop client's inbox with a large cache: time to first paint of 100,000 tickets,
memory, and the longest stall of the GUI thread (a 5 ms QTimer heartbeat) while live events
arrive at 1,000 per second for 10 seconds.

    QT_QPA_PLATFORM=offscreen python bench/client_inbox.py --tickets 100000
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psutil
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from common import report
from ticketdesk.client.state.cache import ClientState
from ticketdesk.client.views.inbox import InboxPanel
from ticketdesk.common.enums import EventKind, Presence, Priority, Role, Status
from ticketdesk.common.models import (
    EventPublic,
    GroupPublic,
    LiveMessage,
    TicketPublic,
    TicketTypePublic,
    UserPublic,
    WorkingHours,
)

GROUPS, USERS = 50, 1000
NOW = datetime.now(UTC)
STATUSES = [Status.QUEUED, Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING, Status.RESOLVED]


def ticket(n: int, rng: random.Random, **changes: object) -> TicketPublic:
    created = NOW - timedelta(minutes=rng.randint(1, 60 * 24 * 30))
    values = dict(
        id=n, type_id=1 + n % 5, type_key="misc", title=f"客户来电：订单 {n} 物流长时间未更新",
        body="", fields={}, group_id=1 + n % GROUPS,
        priority=rng.choice(list(Priority)), status=rng.choice(STATUSES),
        assignee_id=rng.randint(1, USERS), order_no=f"ORD{n:07d}", created_by_id=1,
        created_by_name="客服", created_at=created, updated_at=created, version=1,
    )
    values.update(changes)
    return TicketPublic.model_construct(**values)


class PaintProbe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=1000, help="live events per second")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    app = QApplication([])
    rng = random.Random(3)
    state = ClientState()
    state.me = UserPublic(id=1, username="zhao.min", display_name="赵敏", role=Role.SUPERVISOR,
                          active=True, presence=Presence.ONLINE,
                          group_ids=list(range(1, GROUPS + 1)))
    state.users = {u: UserPublic(id=u, username=f"a{u}", display_name=f"客服{u}",
                                 role=Role.AGENT, active=True, presence=Presence.ONLINE,
                                 group_ids=[1 + u % GROUPS]) for u in range(1, USERS + 1)}
    state.groups = {g: GroupPublic(id=g, name=f"小组{g}", description="",
                                   working_hours=WorkingHours.always(),
                                   accept_timeout_seconds=120, default_capacity=5, active=True)
                    for g in range(1, GROUPS + 1)}
    state.types = {t: TicketTypePublic(id=t, key=f"t{t}", name=f"类型{t}", description="",
                                       fields=[], body_template="", default_group_id=1,
                                       default_priority=Priority.NORMAL,
                                       sla_first_response_minutes=None,
                                       sla_resolution_minutes=None, active=True)
                   for t in range(1, 6)}
    cached = [ticket(n, rng) for n in range(1, args.tickets + 1)]  # as parsed from pages

    started = time.perf_counter()
    with state.batch():
        for t in cached:
            state.upsert_ticket(t)
    panel = InboxPanel(state)
    panel.resize(1400, 900)
    probe = PaintProbe()
    panel.tabs.currentWidget().table.viewport().installEventFilter(probe)
    panel.show()
    while not probe.painted:
        app.processEvents()
    first_paint_ms = (time.perf_counter() - started) * 1000

    # live events at the given rate, applied as the session applies them (in batches)
    gaps: list[float] = []
    last = time.perf_counter()

    def heartbeat() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now

    beat = QTimer(interval=5)
    beat.timeout.connect(heartbeat)
    per_tick = max(1, args.rate // 100)
    next_id = args.tickets + 1
    applied = 0

    def feed() -> None:
        nonlocal next_id, applied
        with state.batch():
            for _ in range(per_tick):
                if rng.random() < 0.2:
                    t, kind = ticket(next_id, rng, status=Status.QUEUED, assignee_id=None), \
                        EventKind.CREATED
                    next_id += 1
                else:
                    old = cached[rng.randrange(len(cached))]
                    t = ticket(old.id, rng, updated_at=datetime.now(UTC), version=old.version + 1)
                    kind = EventKind.ASSIGNED
                state.apply(LiveMessage(type="event", cursor=f"1-{applied}", ticket=t,
                                        event=EventPublic(id=applied + 1, kind=kind,
                                                          ticket_id=t.id, actor_id=None,
                                                          actor_name="x", created_at=NOW)))
                applied += 1

    feeder = QTimer(interval=10)
    feeder.timeout.connect(feed)
    beat.start()
    feeder.start()
    end = time.perf_counter() + args.seconds
    last = time.perf_counter()
    while time.perf_counter() < end:
        app.processEvents()
    feeder.stop()
    beat.stop()
    rss_mb = psutil.Process().memory_info().rss / 2**20
    report({"tickets": args.tickets, "first_paint_ms": round(first_paint_ms, 1),
            "events_applied": applied, "events_per_second": round(applied / args.seconds, 1),
            "max_stall_ms": round(max(gaps), 1), "rss_mb": round(rss_mb, 1)})


if __name__ == "__main__":
    main()
