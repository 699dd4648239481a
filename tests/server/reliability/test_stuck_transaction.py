"""A transaction of ours left open (a hung thread) cannot block dispatch for the office:
PostgreSQL ends it after the idle-in-transaction timeout, releasing its locks."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from ticketdesk.server.store.database import make_engine
from ticketdesk.server.store.locks import lock_group


def test_connections_carry_the_timeouts(pg_url):
    engine = make_engine(pg_url, pool_size=1)
    with engine.connect() as conn:
        settings = {name: conn.execute(text(f"SHOW {name}")).scalar() for name in (
            "statement_timeout", "idle_in_transaction_session_timeout", "lock_timeout")}
    engine.dispose()
    assert settings == {"statement_timeout": "30s",
                        "idle_in_transaction_session_timeout": "15s", "lock_timeout": "10s"}


@pytest.mark.slow
def test_a_stuck_transaction_is_ended_and_dispatch_resumes(org, pg_url, monkeypatch):
    monkeypatch.setenv("TICKETDESK_IDLE_IN_TRANSACTION_TIMEOUT_MS", "5000")
    org.as_("as1").ok("PUT", "/me/presence", {"presence": "online"})
    org.as_("sup")  # logged in beforehand
    engine = make_engine(pg_url, pool_size=1)
    stuck = engine.connect()
    transaction = stuck.begin()
    lock_group(stuck, org.groups["售后"])  # then this "thread" hangs, holding the lock
    tid = org.new_ticket()["id"]
    time.sleep(0.5)  # well inside the 5 s the stuck transaction has left
    assert org.as_("sup").ok("GET", f"/tickets/{tid}")["status"] == "queued"  # blocked
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if org.as_("sup").ok("GET", f"/tickets/{tid}")["status"] == "assigned":
            break
        time.sleep(0.2)
    assert org.as_("sup").ok("GET", f"/tickets/{tid}")["assignee_id"] == org.users["as1"]
    del transaction
    stuck.invalidate()
    engine.dispose()
