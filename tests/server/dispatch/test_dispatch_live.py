"""The engine inside the real server, with real time and short timeouts."""

from __future__ import annotations

import time

from tests.server.live.test_live import events_until, live, receive
from tests.support import Api, ServerProcess


def wait_for(predicate, timeout=10.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def online(org, *names):
    for name in names:
        org.as_(name).ok("PUT", "/me/presence", {"presence": "online"})


def ticket(org, tid):
    return org.as_("sup").ok("GET", f"/tickets/{tid}")


def test_ticket_is_assigned_at_once_on_submit(org):
    online(org, "as1")
    with live(org.as_("as1")) as ws:
        receive(ws)
        t = org.new_ticket("hl1")
        assigned = events_until(ws, lambda m: m["event"]["kind"] == "assigned")[-1]
    assert assigned["ticket"]["assignee_id"] == org.users["as1"]
    assert assigned["ticket"]["accept_deadline"]
    assert assigned["event"]["data"]["reason"] == "auto"
    assert ticket(org, t["id"])["status"] == "assigned"


def test_transfer_is_assigned_in_the_new_group(org):
    online(org, "hl2")
    t = org.new_ticket("as1")
    org.as_("sup").ok("POST", f"/tickets/{t['id']}/transfer", {"group": "热线", "note": "请回电"})
    wait_for(lambda: ticket(org, t["id"])["assignee_id"] == org.users["hl2"])


def test_accepting_moves_it_to_in_progress(org):
    online(org, "as2")
    t = org.new_ticket()
    wait_for(lambda: ticket(org, t["id"])["status"] == "assigned")
    accepted = org.as_("as2").ok("POST", f"/tickets/{t['id']}/accept")
    assert accepted["status"] == "in_progress" and accepted["accept_deadline"] is None


def test_lapsed_offer_moves_on_and_leaves_the_first_agents_inbox_live(org):
    org.admin.ok("PATCH", f"/groups/{org.groups['售后']}", {"accept_timeout_seconds": 3})
    online(org, "as1")
    t = org.new_ticket()
    wait_for(lambda: ticket(org, t["id"])["assignee_id"] == org.users["as1"])
    online(org, "as2")
    with live(org.as_("as1")) as ws:
        receive(ws)
        message = events_until(ws, lambda m: m["event"]["kind"] == "assigned", timeout=10)[-1]
    assert message["event"]["data"]["reason"] == "reassigned_timeout"
    assert message["ticket"]["assignee_id"] == org.users["as2"]  # gone from as1's inbox


def test_freed_capacity_is_refilled_at_once(org):
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['as1']}", {"capacity": 1})
    online(org, "as1")
    first, second = org.new_ticket(), org.new_ticket()
    wait_for(lambda: ticket(org, first["id"])["status"] == "assigned")
    assert ticket(org, second["id"])["status"] == "queued"
    as1 = org.as_("as1")
    as1.ok("POST", f"/tickets/{first['id']}/accept")
    as1.ok("POST", f"/tickets/{first['id']}/resolve")
    wait_for(lambda: ticket(org, second["id"])["assignee_id"] == org.users["as1"])


def test_agent_whose_client_vanishes_goes_offline_after_the_grace(org, pg_url):
    # A second server on the same database with a short grace period does the sweeping.
    quick = ServerProcess(
        pg_url,
        # 5 s: its heartbeat (a third of it) survives a stall of a busy machine's second.
        env={"TICKETDESK_PRESENCE_GRACE_SECONDS": "5", "TICKETDESK_DISPATCH_TICK_SECONDS": "0.2"},
    ).start()
    try:
        as1 = org.as_("as1")
        with live(Api(quick.base_url, as1.token)):
            online(org, "as1")
            t = org.new_ticket()
            wait_for(lambda: ticket(org, t["id"])["assignee_id"] == org.users["as1"])
            time.sleep(6)  # connected: the heartbeat keeps as1 online past the grace period
            assert as1.ok("GET", "/me")["presence"] == "online"
        wait_for(lambda: as1.ok("GET", "/me")["presence"] == "offline", timeout=20)
        detail = ticket(org, t["id"])
        assert detail["status"] == "queued"
        kinds = [e["kind"] for e in detail["events"]]
        assert kinds[-2:] == ["unassigned", "queued"]
        assert detail["events"][-2]["data"]["reason"] == "agent_offline"
    finally:
        quick.stop()


def test_the_only_agent_is_not_offered_a_lapsed_ticket_again_until_back(org):
    # as1 is the only one online in 售后 and lets the offer lapse: the ticket waits in the
    # queue, and its timeline does not fill with "offered … lapsed … offered …" to as1.
    org.admin.ok("PATCH", f"/groups/{org.groups['售后']}", {"accept_timeout_seconds": 3})
    online(org, "as1")
    t = org.new_ticket()
    wait_for(lambda: ticket(org, t["id"])["assignee_id"] == org.users["as1"])
    wait_for(lambda: ticket(org, t["id"])["status"] == "queued", timeout=10)
    deadline = time.monotonic() + 3.5  # another accept timeout and a round: still waiting
    while time.monotonic() < deadline:
        detail = ticket(org, t["id"])
        assert detail["status"] == "queued"
        time.sleep(0.25)
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds.count("assigned") == 1
    assert kinds[-2:] == ["unassigned", "queued"]
    # Back at the desk (away, then online again): offered to as1 once more.
    org.as_("as1").ok("PUT", "/me/presence", {"presence": "away"})
    online(org, "as1")
    wait_for(lambda: ticket(org, t["id"])["assignee_id"] == org.users["as1"])
