"""``ticketdesk-server sla recompute`` against the database a running server uses: open
tickets left as migration 0020 left them get their due and warning times on the group's
calendar, in batches; it says what it did; a second run and a dry run change nothing."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tests.support import direct_session
from ticketdesk.server.commands.base import cli_actor
from ticketdesk.server.services.sla import backfill
from ticketdesk.server.store.schema import Ticket

OFFICE = {"timezone": "Asia/Shanghai",
          "weekly": {d: [{"start": "09:00", "end": "18:00"}]
                     for d in ("mon", "tue", "wed", "thu", "fri")}}
CLOCK = ("first_response_due_at", "resolution_due_at", "first_response_warn_at",
         "resolution_warn_at", "sla_next_at")


def _clocks(pg_url: str, ids: list[int]) -> dict[int, tuple]:
    with direct_session(pg_url) as s:
        return {t.id: tuple(getattr(t, c) for c in CLOCK)
                for t in s.query(Ticket).filter(Ticket.id.in_(ids))}


def _as_before_0020(pg_url: str, ids: list[int]) -> None:
    with direct_session(pg_url) as s:
        s.execute(update(Ticket).where(Ticket.id.in_(ids)).values(
            first_response_due_at=Ticket.created_at + timedelta(minutes=60),
            resolution_due_at=Ticket.created_at + timedelta(minutes=600),
            first_response_warn_at=None, resolution_warn_at=None, sla_next_at=None,
            sla_anchor_at=Ticket.created_at, sla_first_response_used_s=0,
            sla_resolution_used_s=0))
        s.commit()


def _refund_tickets(admin) -> list[int]:
    """售后 on office hours, a refund type with SLA targets, and three open refunds."""
    admin.ok("POST", "/groups", {"name": "售后", "working_hours": OFFICE}, status=201)
    admin.ok("POST", "/ticket-types", {"key": "refund", "name": "退款", "default_group": "售后",
                                       "sla_first_response_minutes": 60,
                                       "sla_resolution_minutes": 600}, status=201)
    return [admin.ok("POST", "/tickets", {"type": "refund", "title": f"退款 {i}"},
                     status=201)["id"] for i in range(3)]


def _close(a: tuple, b: tuple) -> bool:
    """The same times but for the sub-second the settling rounds away."""
    return all((x is None) == (y is None) and (x is None or abs(x - y) < timedelta(seconds=2))
               for x, y in zip(a, b, strict=True))


def test_sla_recompute_backfills_old_tickets_and_is_idempotent(server, admin, pg_url):
    ids = _refund_tickets(admin)
    done = admin.ok("POST", "/tickets", {"type": "refund", "title": "已解决"}, status=201)["id"]
    with direct_session(pg_url) as s:  # a done ticket (seeded so: it is not looked at)
        s.execute(update(Ticket).where(Ticket.id == done).values(status="closed"))
        s.commit()
    planned = _clocks(pg_url, ids)  # as the server plans a new ticket on the office hours
    _as_before_0020(pg_url, ids)
    assert all(c[2] is None and c[4] is None for c in _clocks(pg_url, ids).values())

    dry = server.cli("sla", "recompute", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "3 open ticket(s)" in dry.stdout and "would move on 3" in dry.stdout
    assert all(c[4] is None for c in _clocks(pg_url, ids).values())  # nothing changed

    r = server.cli("sla", "recompute", "--batch", "2")
    assert r.returncode == 0, r.stderr
    assert "3 open ticket(s) looked at in 2 batch(es): due times moved on 3" in r.stdout
    after = _clocks(pg_url, ids)
    assert all(_close(after[i], planned[i]) for i in ids), (after, planned)

    again = server.cli("sla", "recompute", "--group", "售后")
    assert "moved on 0, 3 already right" in again.stdout
    assert _clocks(pg_url, ids) == after
    events = admin.ok("GET", "/events?kind=sla_recomputed")["data"]  # one a batch, newest first
    assert [(e["data"]["tickets"], e["data"]["reason"]) for e in events] == [
        (1, "recompute"), (2, "recompute")]
    assert events[0]["actor_name"].startswith("CLI")

    wrong = server.cli("sla", "recompute", "--group", "没有这个组")
    assert wrong.returncode == 1 and "没有这个组" in wrong.stderr


def test_a_recompute_while_the_clock_runs_moves_nothing_the_second_time(server, admin, pg_url):
    # In working hours each settling rounds a fraction of a second of used time away; a
    # second recompute a few seconds later must still find every plan as it was.
    ids = _refund_tickets(admin)
    _as_before_0020(pg_url, ids)
    # The next weekday 10:00 in Shanghai (02:00 UTC), at least a day on: the clock runs.
    first = (datetime.now(UTC) + timedelta(days=1)).replace(hour=2, minute=0, second=0,
                                                            microsecond=437_000)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    moved = []
    for now in (first, first + timedelta(seconds=3, microseconds=780_000)):
        with direct_session(pg_url) as s, s.begin():
            moved.append(backfill.recompute_batch(s, now=now, actor=cli_actor()).moved)
    assert moved == [3, 0]
