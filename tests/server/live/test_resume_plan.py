"""Clients resuming together are planned together (one read of the window their backlogs
span), and each plan is what the one-by-one path would have found: replay or reset, and the
same events in the same order."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, text

from tests.server.live.test_live import live, receive
from tests.server.live.test_replay import metric, resume
from tests.support import ServerProcess
from ticketdesk.server.live import feed, replay
from ticketdesk.server.live.cursor import Cursor
from ticketdesk.server.live.resume import Request, plan_all
from ticketdesk.server.store.database import make_engine, make_sessionmaker

LIMIT = 15
BATCH = 4


@pytest.fixture
def record(org, pg_url: str):
    """A mixed record: each group's tickets, comments and assignments (one addressed to an
    agent; hl1 creates them all, so some are addressed to it in the other group), a public
    group change; every event's cursor."""
    sup = org.as_("sup")
    for group, agent in (("热线", "hl2"), ("售后", "as1")):
        for n in range(3):
            ticket = org.new_ticket("hl1", group=group)
            for k in range(2):
                sup.ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"{n}.{k}"},
                       status=201)
        sup.ok("POST", f"/tickets/{ticket['id']}/assign", {"agent": org.users[agent]})
    org.admin.ok("PATCH", f"/groups/{org.groups['售后']}", {"name": "售后二组"})
    engine = make_engine(pg_url, pool_size=2)
    with engine.connect() as conn:
        cursors = [Cursor(x, i) for x, i in conn.execute(
            text("SELECT xid, id FROM events ORDER BY xid, id"))]
    yield org, engine, cursors
    engine.dispose()


def one_by_one(sessions, request: Request) -> tuple[bool, list[Cursor]]:
    """What a client resuming alone is told: too far (hub.too_far_behind's rule), else its
    whole backlog."""
    total = feed.count_after(sessions, request.after, upto=request.upto, limit=LIMIT + 1)
    if total > LIMIT and (request.audience is None or feed.count_after(
            sessions, request.after, upto=request.upto, audience=request.audience,
            limit=LIMIT + 1) > LIMIT):
        return True, []
    items = feed.read_after(sessions, request.after, limit=10_000, upto=request.upto,
                            audience=request.audience)
    return False, [item.cursor for item in items]


@pytest.mark.parametrize("scan_limit", [10_000, LIMIT + 1, 7])
def test_each_plan_is_what_the_client_alone_would_get(record, scan_limit):
    org, engine, cursors = record
    sessions = make_sessionmaker(engine)
    audiences = [
        None,  # a supervisor
        (frozenset({org.groups["热线"]}), org.users["hl2"]),
        (frozenset({org.groups["售后"]}), org.users["hl1"]),  # addressed in the other group
        (frozenset(org.groups.values()), org.users["as1"]),  # an event in both: once
        (frozenset(), org.users["as2"]),  # no group: public events only
    ]
    starts = [Cursor(0, 0), *cursors[::5]]
    ends = [cursors[-1], cursors[len(cursors) // 2]]
    requests = [Request(after, upto, audience)
                for after, upto, audience in itertools.product(starts, ends, audiences)
                if after < upto]
    # and short windows, which even the smallest read covers
    requests += [Request(cursors[i], cursors[i + 3], audience)
                 for i, audience in itertools.product(range(0, len(cursors) - 3, 5), audiences)]
    statements: list[str] = []

    def note(conn, cursor, sql, *args) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", note)
    cache = replay.ReplayCache()
    try:
        with sessions() as session:
            plans, known = plan_all(session, cache, requests, replay_limit=LIMIT,
                                    batch=BATCH, scan_limit=scan_limit)
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        if scan_limit == 10_000:
            # all of them: the window once, then the events of their first batches by id
            assert len(reads) == 2, reads
        else:
            assert len(reads) <= 4  # at most three rounds, then the events
        # The next batch, covered by the window just read, is planned without a query.
        statements.clear()
        assert known is not None
        covered = [r for r in requests if known.covers(r)]
        with sessions() as session:
            again, _ = plan_all(session, cache, covered, replay_limit=LIMIT, batch=BATCH,
                                scan_limit=scan_limit, known=known)
        assert statements == []
        assert again == [plans[requests.index(r)] for r in covered]
    finally:
        event.remove(engine, "before_cursor_execute", note)
    told = {"replay": 0, "reset": 0, "alone": 0}
    for request, plan in zip(requests, plans, strict=True):
        if plan is None:  # its window is longer than the read: it is planned alone
            assert scan_limit < 10_000
            told["alone"] += 1
            continue
        too_far, backlog = one_by_one(sessions, request)
        assert plan.too_far == too_far, request
        told["reset" if too_far else "replay"] += 1
        if too_far:
            assert plan.first == [] and not plan.more
            continue
        assert [item.cursor for item in plan.first] == backlog[:BATCH], request
        assert plan.more == (len(backlog) > BATCH), request
        assert plan.last == (backlog[BATCH - 1] if plan.more else
                             backlog[-1] if backlog else request.after)
    assert told["replay"] > 0
    if scan_limit == 10_000:
        assert told["reset"] > 0 and told["alone"] == 0
    else:  # windows longer than a read (and what three rounds did not reach) go alone
        assert told["alone"] > 0


def test_clients_resuming_at_once_are_planned_together(org, server: ServerProcess):
    """A dozen clients resuming at the same moment: each gets its own backlog whole, in
    order, once; they were planned in fewer batches than there were clients."""
    names = ["hl1", "hl2", "as1", "as2", "sup"] * 3
    clients = {name: org.as_(name) for name in set(names)}
    with live(clients["sup"]) as ws:
        cursor = receive(ws)["cursor"]
    mine = {group: org.new_ticket(creator, group=group)
            for group, creator in (("热线", "hl1"), ("售后", "as1"))}
    for n in range(5):
        for ticket in mine.values():
            clients["sup"].ok("POST", f"/tickets/{ticket['id']}/comments", {"body": f"{n}"},
                              status=201)
    wanted = {"hl1": ["热线"], "hl2": ["热线"], "as1": ["售后"], "as2": ["售后"],
              "sup": ["热线", "售后"]}
    batches = metric(server, "ticketdesk_live_resume_batches_total")
    planned = metric(server, "ticketdesk_live_resume_clients_total")

    def backlog(name: str) -> list[tuple[int, str]]:
        expected = 5 * len(wanted[name])
        got: list[tuple[int, str]] = []
        ids: list[int] = []
        with resume(server, clients[name], cursor) as ws:
            assert receive(ws)["type"] == "hello"
            while len(got) < expected:
                message = receive(ws)
                ids.append(message["event"]["id"])
                if message["event"]["kind"] == "commented":
                    got.append((message["event"]["ticket_id"],
                                message["event"]["data"]["body"]))
        assert ids == sorted(set(ids))  # in order, once
        return got

    with ThreadPoolExecutor(len(names)) as pool:
        results = list(pool.map(backlog, names))
    for name, got in zip(names, results, strict=True):
        assert got == [(mine[g]["id"], f"{n}") for n in range(5) for g in mine
                       if g in wanted[name]], name
    planned = metric(server, "ticketdesk_live_resume_clients_total") - planned
    batches = metric(server, "ticketdesk_live_resume_batches_total") - batches
    assert planned == len(names)
    assert batches < planned
