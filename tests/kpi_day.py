"""A scripted day at the office, written straight into the record with chosen timestamps
(the record is append-only data, and the test server's clock is the real one), and the
KPIs worked out by hand from it. The server tests and the dashboard test both use it.

The day is a week ago (UTC midnight to midnight), in the ``org`` fixture's groups 售后 (A)
and 热线 (H); the refund type's targets: first response 30 min, resolution 24 h. All tickets
are created by hl1 (the hotline creates them for after-sales).

    T1 A 09:00 offered as1, accepted 09:10, resolved 09:40
    T2 A 09:30 offered as2, lapsed → as1 09:32, accepted 10:15 (late), resolved 12:15
    T3 A 10:00 offered as2, accepted 10:05, transferred to H 10:20 → hl1, accepted 10:26,
       resolved 11:26
    T4 A 11:00 offered as1, accepted 11:20, resolved 11:30, reopened 14:00 → as2, accepted
       14:10, resolved 14:40
    T5 A 13:00 offered as2, accepted 13:20, still in progress
    T6 A 15:00 queued, never answered (first response overdue from 15:30)
    T7 A the day before 08:00, as1 accepted 08:05, still open (resolution overdue 08:00)
    T8 H half an hour ago, queued (outside the day)

Presence: as1 offline → online 08:00, away 12:00, online 13:00, offline 18:00; as2 went
online the evening before (22:00), offline 06:00, online 09:00, offline 17:00; hl1 never
changed (offline).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support import raw_cursor

H = 3600
M = 60

EXPECTED: dict[str, Any] = {
    "售后": {
        "created": 6, "assigned": 7, "accepted": 6, "resolved": 4, "reopened": 1,
        "transferred_in": 0, "transferred_out": 1, "lapsed": 1, "first_responses": 5,
        "first_response_avg_seconds": 1200.0, "first_response_median_seconds": 1200.0,
        "first_response_p90_seconds": 2100.0,
        "handling_avg_seconds": 2850.0, "handling_median_seconds": 1800.0,
        "handling_p90_seconds": 5580.0,
        "sla_first_response_breaches": 2, "sla_resolution_breaches": 1,
        "backlog": 3, "backlog_by_age": [0, 0, 0, 0, 3],
    },
    "热线": {
        "created": 0, "assigned": 1, "accepted": 1, "resolved": 1, "reopened": 0,
        "transferred_in": 1, "transferred_out": 0, "lapsed": 0, "first_responses": 0,
        "first_response_median_seconds": None, "first_response_p90_seconds": None,
        "handling_median_seconds": 3600.0, "handling_p90_seconds": 3600.0,
        "sla_first_response_breaches": 0, "sla_resolution_breaches": 0,
        "backlog": 1, "backlog_by_age": [1, 0, 0, 0, 0],
    },
    "total": {
        "created": 6, "resolved": 5, "reopened": 1, "transferred_in": 1, "transferred_out": 1,
        "lapsed": 1, "first_responses": 5, "first_response_median_seconds": 1200.0,
        "first_response_p90_seconds": 2100.0, "handling_median_seconds": 1800.0,
        "handling_p90_seconds": 5760.0, "sla_first_response_breaches": 2,
        "sla_resolution_breaches": 1, "backlog": 4, "backlog_by_age": [1, 0, 0, 0, 3],
    },
    "AS1": {
        "created": 0, "assigned": 3, "accepted": 3, "resolved": 3, "reopened": 1, "lapsed": 0,
        "transferred_out": 0, "first_responses": 3, "first_response_median_seconds": 1200.0,
        "first_response_p90_seconds": 2400.0, "handling_median_seconds": 1800.0,
        "handling_p90_seconds": 6120.0, "sla_first_response_breaches": 1,
        "sla_resolution_breaches": 0, "backlog": 1,
        "online_seconds": 9.0 * H, "away_seconds": 1.0 * H, "offline_seconds": 14.0 * H,
    },
    "AS2": {
        "created": 0, "assigned": 4, "accepted": 3, "resolved": 1, "reopened": 0, "lapsed": 1,
        "transferred_out": 1, "first_responses": 2, "first_response_median_seconds": 750.0,
        "first_response_p90_seconds": 1110.0, "handling_median_seconds": 1800.0,
        "handling_p90_seconds": 1800.0, "sla_first_response_breaches": 0,
        "sla_resolution_breaches": 0, "backlog": 1,
        "online_seconds": 14.0 * H, "away_seconds": 0.0, "offline_seconds": 10.0 * H,
    },
    "HL1": {
        "created": 6, "assigned": 1, "accepted": 1, "resolved": 1, "first_responses": 0,
        "handling_median_seconds": 3600.0, "backlog": 0,
        "online_seconds": 0.0, "away_seconds": 0.0, "offline_seconds": 24.0 * H,
    },
    # per UTC hour of the day: tickets created and resolved
    "created_by_hour": {9: 2, 10: 1, 11: 1, 13: 1, 15: 1},
    "resolved_by_hour": {9: 1, 11: 2, 12: 1, 14: 1},
    "first_response_histogram": [0, 0, 2, 2, 1, 0, 0],
    "backlog_age": [1, 0, 0, 0, 3],
}


def day_start() -> datetime:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=7)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def script(pg_url: str, org: Any) -> datetime:
    """Write the day into the record; returns its start (UTC midnight)."""
    day = day_start()
    a, h = org.groups["售后"], org.groups["热线"]
    u = org.users
    names = {uid: name.upper() for name, uid in u.items()}

    def at(hour: float, minute: float = 0) -> datetime:
        return day + timedelta(hours=hour, minutes=minute)

    tickets: list[dict[str, Any]] = []
    events: list[tuple[datetime, int | None, str, int | None, dict[str, Any], int | None,
                       float | None, bool | None]] = []

    def ticket(created: datetime, group: int, status: str, assignee: str | None = None,
               **times: datetime) -> int:
        tickets.append({"created": created, "group": group, "status": status,
                        "assignee": u[assignee] if assignee else None, **times})
        number = len(tickets)
        event(created, number, "created", "hl1", group,
              {"type": "refund", "group_id": group, "title": f"T{number}"})
        event(created, number, "queued", None, group, {"group_id": group})
        return number

    def event(when: datetime, number: int | None, kind: str, actor: str | None,
              group: int | None, data: dict[str, Any] | None = None,
              seconds: float | None = None, late: bool | None = None) -> None:
        events.append((when, number, kind, u[actor] if actor else None, data or {}, group,
                       seconds, late))

    def offer(when: datetime, number: int, agent: str, group: int, reason: str = "auto",
              previous: str | None = None) -> None:
        data: dict[str, Any] = {"reason": reason, "agent_id": u[agent], "agent": names[u[agent]]}
        if previous:
            data["previous_assignee_id"] = u[previous]
        event(when, number, "assigned", None, group, data)

    t1 = ticket(at(9), a, "resolved", "as1", accepted=at(9, 10), resolved=at(9, 40))
    offer(at(9), t1, "as1", a)
    event(at(9, 10), t1, "accepted", "as1", a, seconds=600, late=False)
    event(at(9, 40), t1, "resolved", "as1", a, seconds=1800, late=False)

    t2 = ticket(at(9, 30), a, "resolved", "as1", accepted=at(10, 15), resolved=at(12, 15))
    offer(at(9, 30), t2, "as2", a)
    offer(at(9, 32), t2, "as1", a, "reassigned_timeout", previous="as2")
    event(at(10, 15), t2, "accepted", "as1", a, seconds=2700, late=True)

    t3 = ticket(at(10), a, "resolved", "hl1", accepted=at(10, 26), resolved=at(11, 26))
    offer(at(10), t3, "as2", a)
    event(at(10, 5), t3, "accepted", "as2", a, seconds=300, late=False)
    event(at(10, 20), t3, "transferred", "as2", a,
          {"from_group_id": a, "to_group_id": h, "previous_assignee_id": u["as2"], "note": "转"})
    event(at(10, 20), t3, "queued", None, h, {"group_id": h})
    offer(at(10, 20), t3, "hl1", h)
    event(at(10, 26), t3, "accepted", "hl1", h)
    event(at(11, 26), t3, "resolved", "hl1", h, seconds=3600, late=False)

    t4 = ticket(at(11), a, "resolved", "as2", accepted=at(14, 10), resolved=at(14, 40))
    offer(at(11), t4, "as1", a)
    event(at(11, 20), t4, "accepted", "as1", a, seconds=1200, late=False)
    event(at(11, 30), t4, "resolved", "as1", a, seconds=600, late=False)
    event(at(12, 15), t2, "resolved", "as1", a, seconds=7200, late=False)

    t5 = ticket(at(13), a, "in_progress", "as2", accepted=at(13, 20))
    offer(at(13), t5, "as2", a)
    event(at(13, 20), t5, "accepted", "as2", a, seconds=1200, late=False)

    event(at(14), t4, "reopened", "sup", a, {"previous_assignee_id": u["as1"]})
    event(at(14), t4, "queued", None, a, {"group_id": a})
    offer(at(14), t4, "as2", a)
    event(at(14, 10), t4, "accepted", "as2", a)
    event(at(14, 40), t4, "resolved", "as2", a, seconds=1800, late=False)

    ticket(at(15), a, "queued")
    t7 = ticket(at(-16), a, "in_progress", "as1", accepted=at(-15, -55))
    offer(at(-16), t7, "as1", a)
    event(at(-15, -55), t7, "accepted", "as1", a, seconds=300, late=False)
    ticket(datetime.now(UTC) - timedelta(minutes=30), h, "queued")

    def presence(when: datetime, who: str, was: str, became: str) -> None:
        event(when, None, "presence_changed", who, None,
              {"user_id": u[who], "user": names[u[who]], "from": was, "to": became})

    presence(at(-2), "as2", "offline", "online")
    presence(at(6), "as2", "online", "offline")
    presence(at(8), "as1", "offline", "online")
    presence(at(9), "as2", "offline", "online")
    presence(at(12), "as1", "online", "away")
    presence(at(13), "as1", "away", "online")
    presence(at(17), "as2", "online", "offline")
    presence(at(18), "as1", "online", "offline")

    with raw_cursor(pg_url) as cur:
        ids = []
        for t in tickets:
            created = t["created"]
            cur.execute(
                """INSERT INTO tickets (type_id, type_key, type_version, title, body, fields,
                     group_id, priority, priority_rank, status, assignee_id, created_by_id,
                     created_by_name, created_at, updated_at, assigned_at, accepted_at,
                     first_response_at, resolved_at, first_response_due_at, resolution_due_at,
                     transfer_count, last_handler_id, last_handled_at)
                   VALUES (%s, 'refund', 1, %s, '', %s, %s, 'normal', 1, %s, %s, %s, 'HL1', %s,
                     %s, %s, %s, %s, %s, %s, %s, 0, %s, %s) RETURNING id""",
                (org.type_id, f"退款 T{len(ids) + 1}", json.dumps({"order_no": "TD1001"}),
                 t["group"], t["status"], t["assignee"], u["hl1"], created, created,
                 created if t["assignee"] else None, t.get("accepted"),
                 t.get("accepted") if t["status"] != "queued" else None, t.get("resolved"),
                 created + timedelta(minutes=30), created + timedelta(hours=24),
                 t["assignee"], t.get("accepted")))
            ids.append(cur.fetchone()[0])
        # ticket 3's first response was as2's acceptance; ticket 4 was first accepted at 11:20
        cur.execute("UPDATE tickets SET first_response_at = %s WHERE id = %s", (at(10, 5), ids[2]))
        cur.execute("UPDATE tickets SET first_response_at = %s WHERE id = %s",
                    (at(11, 20), ids[3]))
        for when, number, kind, actor, data, group, seconds, late in sorted(
                events, key=lambda e: e[0]):
            cur.execute(
                """INSERT INTO events (ticket_id, kind, actor_id, actor_name, created_at, data,
                     audience_groups, audience_users, source, kpi_group_id, kpi_seconds,
                     kpi_late)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, '{}', 'script', %s, %s, %s)""",
                (ids[number - 1] if number else None, kind, actor,
                 names.get(actor, "engine") if actor else "engine", when, json.dumps(data),
                 [group] if group else [], group, seconds, late))
    return day
