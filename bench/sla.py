"""SLA clocks at scale, in process on a real database: 100,000 open tickets across 50
groups (office hours in several timezones, business-minute targets). Times (1) recomputing
every open ticket's due and warning times after each group's working hours change — the
admin's edit, all 50 groups in one transaction — and (2) the escalation scan the dispatch
loop runs every tick, when nothing is due and when a batch of 500 is. Before those, (0)
``ticketdesk-server sla recompute``'s backfill: the tickets are seeded as migration 0020
left the tickets opened before it (anchored at creation, nothing planned), and the command's
batches plan them all, each batch its own transaction as the command runs them.

    python bench/sla.py --tickets 100000 --groups 50
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from common import database, report
from ticketdesk.common.models import GroupCreate, GroupUpdate, TicketTypeCreate
from ticketdesk.server import clock
from ticketdesk.server.services import groups, ticket_types
from ticketdesk.server.services.actors import Actor
from ticketdesk.server.services.sla import backfill, escalation
from ticketdesk.server.store.database import make_engine, make_sessionmaker

ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # a Wednesday
SYSTEM = Actor.system("bench")

TICKETS = """
INSERT INTO tickets (type_id, type_key, type_version, title, body, fields, group_id, priority,
  priority_rank, status, created_by_name, created_at, updated_at, transfer_count,
  sla_anchor_at)
SELECT :type_id, 'bench', 1, 'bench ' || n, '', '{}', :first_group + n % :groups, 'normal', 1,
  CASE WHEN n % 5 = 0 THEN 'in_progress' ELSE 'queued' END, 'bench',
  CAST(:now AS timestamptz) - (n % 2880) * interval '1 minute',
  CAST(:now AS timestamptz), 0, CAST(:now AS timestamptz) - (n % 2880) * interval '1 minute'
FROM generate_series(1, :tickets) n
"""


def hours(zone: str, start: str, end: str) -> dict:
    return {"timezone": zone, "weekly": {d: [{"start": start, "end": end}]
                                         for d in ("mon", "tue", "wed", "thu", "fri")},
            "holidays": ["2026-12-25", "2027-01-01"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--scans", type=int, default=20)
    args = parser.parse_args()
    clock.set_source(lambda: NOW)
    with database("ticketdesk_bench_sla") as url:
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        with sessions() as s:
            ids = [groups.create_group(session=s, actor=SYSTEM, data=GroupCreate.model_validate(
                {"name": f"组{i}", "working_hours": hours(ZONES[i % len(ZONES)], "09:00",
                                                           "18:00")})).id
                   for i in range(args.groups)]
            ttype = ticket_types.create_type(session=s, actor=SYSTEM, data=TicketTypeCreate
                                             .model_validate({
                                                 "key": "bench", "name": "bench",
                                                 "sla_first_response_minutes": 240,
                                                 "sla_resolution_minutes": 960}))
            s.execute(text(TICKETS), {"type_id": ttype.id, "first_group": min(ids),
                                      "groups": args.groups, "tickets": args.tickets,
                                      "now": NOW})
            s.commit()
            s.execute(text("ANALYZE tickets"))
            s.commit()

        # (0) The backfill of tickets opened before the SLA clocks, batch by batch.
        started = time.perf_counter()
        backfilled, batches, after_id = 0, 0, 0
        with sessions() as s:
            while True:
                done = backfill.recompute_batch(s, now=NOW, actor=SYSTEM, after_id=after_id)
                s.commit()
                if done.last_id is None:
                    break
                backfilled, batches, after_id = backfilled + done.moved, batches + 1, done.last_id
        backfill_s = time.perf_counter() - started

        # (1) Every group's hours change (a later start): all open tickets replanned.
        started = time.perf_counter()
        with sessions() as s:
            for gid, i in zip(ids, range(args.groups), strict=True):
                groups.update_group(session=s, group_id=gid, actor=SYSTEM,
                                    data=GroupUpdate.model_validate({"working_hours": hours(
                                        ZONES[i % len(ZONES)], "10:00", "19:00")}))
            s.commit()
        recompute_s = time.perf_counter() - started
        with sessions() as s:
            planned = s.scalar(text("SELECT count(*) FROM tickets WHERE sla_next_at IS NOT NULL"))

        # (2) The per-tick scan: nothing due (the usual case), then 500 due at once. The
        # tickets created up to two days ago are past some warnings already: record those.
        idle = []
        with sessions() as s:
            drained = 0
            while (fired := escalation.scan(s, NOW)) > 0:
                s.commit()
                drained += fired
            s.commit()
            for _ in range(args.scans):
                started = time.perf_counter()
                escalation.scan(s, NOW)
                s.rollback()
                idle.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            fired = escalation.scan(s, NOW + timedelta(days=3))
            s.commit()
            batch_ms = (time.perf_counter() - started) * 1000
        engine.dispose()
    report({
        "tickets": args.tickets, "groups": args.groups,
        "backfilled": backfilled, "backfill_batches": batches, "backfill_s": round(backfill_s, 2),
        "replanned": planned,
        "recompute_all_s": round(recompute_s, 2),
        "recompute_per_1000_ms": round(recompute_s * 1000 / max(args.tickets, 1) * 1000, 1),
        "scan_idle_ms": round(statistics.median(idle), 2),
        "escalations_before": drained, "scan_500_due_ms": round(batch_ms, 1),
        "escalations_in_batch": fired,
    })


if __name__ == "__main__":
    main()
