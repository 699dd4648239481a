"""POST /tickets/bulk: a supervisor's many moves in one transaction — all or nothing, each
ticket its own event, a refusal naming the ticket and how it stands."""

from __future__ import annotations

from typing import Any

from ticketdesk.common import limits


def _queued(org, n: int) -> list[dict[str, Any]]:
    return [org.new_ticket("hl1", title=f"批量 {i}") for i in range(n)]


def _move(ticket: dict[str, Any], **move: Any) -> dict[str, Any]:
    return {"ticket": ticket["id"], "version": ticket["version"], **move}


def test_one_request_moves_many_each_with_its_own_event(org) -> None:
    sup = org.as_("sup")
    a, b, c = _queued(org, 3)
    as1 = org.users["as1"]
    moved = sup.ok("POST", "/tickets/bulk", {"moves": [
        _move(a, action="assign", agent=as1, note="平衡负荷"),
        _move(b, action="assign", agent="as2"),
        _move(c, action="transfer", group="热线", note="应由热线回访"),
    ]})["tickets"]
    assert [t["id"] for t in moved] == [a["id"], b["id"], c["id"]]
    assert [(t["status"], t["assignee_id"]) for t in moved[:2]] == [
        ("assigned", as1), ("assigned", org.users["as2"])]
    assert moved[2]["group_id"] == org.groups["热线"]
    events = sup.ok("GET", f"/tickets/{a['id']}")["events"]
    manual = [e for e in events if e["kind"] == "assigned"][-1]
    assert manual["actor_name"] == "SUP" and manual["data"]["reason"] == "manual"
    assert manual["data"]["note"] == "平衡负荷"
    transferred = [e for e in sup.ok("GET", f"/tickets/{c['id']}")["events"]
                   if e["kind"] == "transferred"]
    assert len(transferred) == 1 and transferred[0]["data"]["note"] == "应由热线回访"
    # Back to the queue, with the versions as they now are.
    back = sup.ok("POST", "/tickets/bulk", {"moves": [
        _move(moved[0], action="unassign"), _move(moved[1], action="unassign")]})["tickets"]
    assert {t["status"] for t in back} == {"queued"}
    kinds = [e["kind"] for e in sup.ok("GET", f"/tickets/{b['id']}")["events"]]
    assert kinds.count("unassigned") == 1


def test_one_refused_moves_none_and_names_it(org, refused) -> None:
    a, b, c = _queued(org, 3)
    org.admin.ok("POST", f"/tickets/{b['id']}/assign", {"agent": org.users["as2"]})
    body = {"moves": [
        _move(a, action="assign", agent="as1"),
        _move(b, action="assign", agent="as1"),  # stale: someone gave it to AS2 meanwhile
        _move(c, action="transfer", group="热线", note="转热线"),
    ]}
    error = refused(org.as_("sup"), "POST", "/tickets/bulk", body, status=409,
                    code="version_conflict")
    assert error["details"]["index"] == 1 and error["details"]["ticket_id"] == b["id"]
    assert error["details"]["ticket"]["assignee_id"] == org.users["as2"]
    assert f"ticket {b['id']}" in error["message"]
    # At capacity is refused the same way (and names the capacity), unless overridden.
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['as1']}",
                 {"capacity": 0})
    full = refused(org.as_("sup"), "POST", "/tickets/bulk",
                   {"moves": [_move(a, action="assign", agent="as1")]}, status=409,
                   code="over_capacity")
    assert full["details"]["ticket_id"] == a["id"] and full["details"]["capacity"] == 0
    org.as_("sup").ok("POST", "/tickets/bulk", {"moves": [
        _move(a, action="assign", agent="as1", override_capacity=True)]})


def test_only_supervisors_and_strict_input(org, refused) -> None:
    a, b = _queued(org, 2)
    one = _move(a, action="assign", agent="as1")
    refused(org.as_("as1"), "POST", "/tickets/bulk", {"moves": [one]}, status=403)
    for bad in (
        {"moves": []},
        {"moves": [one, one]},  # the same ticket twice
        {"moves": [{**one, "agnet": 3}]},  # unknown key
        {"moves": [one], "extra": True},
        {"moves": [{k: v for k, v in one.items() if k != "version"}]},  # version required
        {"moves": [{**one, "action": "resolve"}]},
        {"moves": [_move(b, action="transfer", group="热线")]},  # the note is required
        {"moves": [{**one, "ticket": a["id"] + i} for i in range(limits.BULK_MOVES_MAX + 1)]},
    ):
        refused(org.as_("sup"), "POST", "/tickets/bulk", bad, status=422)
    refused(org.as_("sup"), "POST", "/tickets/bulk",
            {"moves": [{**one, "ticket": 10**9}]}, status=404)


def test_capacity_counts_the_moves_before_it_in_the_same_request(org, refused) -> None:
    a, b, c = _queued(org, 3)
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['as1']}",
                 {"capacity": 2})
    held = org.admin.ok("POST", f"/tickets/{a['id']}/assign", {"agent": org.users["as1"]})
    sup = org.as_("sup")
    # One in hand, two more asked: the first fills the capacity, the second is refused.
    full = refused(sup, "POST", "/tickets/bulk", {"moves": [
        _move(b, action="assign", agent="as1"), _move(c, action="assign", agent="as1")]},
        status=409, code="over_capacity")
    assert full["details"]["index"] == 1 and full["details"]["load"] == 2
    assert sup.ok("GET", f"/tickets/{b['id']}")["status"] == "queued"  # none moved
    # Taking the one in hand back first frees its place for the two in the same request.
    moved = sup.ok("POST", "/tickets/bulk", {"moves": [
        _move(held, action="unassign"), _move(b, action="assign", agent="as1"),
        _move(c, action="assign", agent="as1")]})["tickets"]
    assert [t["assignee_id"] for t in moved[1:]] == [org.users["as1"]] * 2
    assigned = [e for e in sup.ok("GET", f"/tickets/{c['id']}")["events"]
                if e["kind"] == "assigned"]
    assert (assigned[-1]["data"]["load"], assigned[-1]["data"]["capacity"]) == (1, 2)



def test_a_bulk_transfer_is_offered_as_a_set(org) -> None:
    """Several tickets transferred at once are offered as the engine would offer the set:
    most urgent first, then the oldest (whatever order the request named them in), each
    offer counting those made before it — not each one on its own to the same agent."""
    for agent in ("hl1", "hl2"):
        org.as_(agent).ok("PUT", "/me/presence", {"presence": "online"})
    org.admin.ok("PUT", f"/groups/{org.groups['热线']}/members/{org.users['hl2']}",
                 {"capacity": 1})
    org.admin.ok("PUT", f"/groups/{org.groups['热线']}/members/{org.users['hl1']}",
                 {"capacity": 2})
    low, normal, urgent, high = (org.new_ticket("as1", title=p, priority=p)
                                 for p in ("low", "normal", "urgent", "high"))
    moved = {t["id"]: t for t in org.as_("sup").ok("POST", "/tickets/bulk", {"moves": [
        _move(t, action="transfer", group="热线", note="热线回访")
        for t in (low, normal, urgent, high)]})["tickets"]}
    # Three places (hl1: 2, hl2: 1) for four tickets: the three most urgent are offered,
    # spread over both agents; the low one waits at the head of 热线's queue.
    offered = [moved[t["id"]]["assignee_id"] for t in (urgent, high, normal)]
    assert sorted(offered) == sorted([org.users["hl1"]] * 2 + [org.users["hl2"]])
    assert moved[low["id"]]["status"] == "queued"
    # Each ticket has its one transfer and, for the offered, one engine offer.
    for t in (urgent, high, normal):
        events = org.as_("sup").ok("GET", f"/tickets/{t['id']}")["events"]
        kinds = [e["kind"] for e in events]
        assert kinds.count("transferred") == 1 and kinds[-1] == "assigned", kinds
