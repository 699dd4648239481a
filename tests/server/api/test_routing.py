"""Assisted routing (GET /routing/hints): each group's live figures and hours, and whom the
engine would choose there and why — the same choice the engine then makes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ORDER = {"customer_name": "张先生", "status": "已签收", "owner": "as2"}


def _put_order(org):
    assert org.admin.put("/orders/TD1001", ORDER).status_code in (200, 201)


def _hints(client, **params):
    response = client.get("/routing/hints", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _groups(hints):
    return {g["name"]: g for g in hints["groups"]}


def test_figures_hours_and_the_engines_pick_for_an_order(org):
    _put_order(org)
    for agent in ("as1", "as2", "hl1"):
        org.as_(agent).ok("PUT", "/me/presence", {"presence": "online"})
    # 热线 is off today (a holiday): closed now, it opens at the next local midnight.
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    hours = {"timezone": "Asia/Shanghai", "holidays": [today.isoformat()],
             "weekly": {d: [{"start": "00:00", "end": "24:00"}]
                        for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}
    org.admin.ok("PATCH", f"/groups/{org.groups['热线']}", {"working_hours": hours})
    sup = org.as_("sup")

    hints = _hints(sup, order_no="TD1001")
    assert hints["order_owner"] == {"id": org.users["as2"], "name": "AS2"}
    assert hints["previous_handlers"] == []
    after_sales, hotline = _groups(hints)["售后"], _groups(hints)["热线"]
    assert after_sales["open_now"] and after_sales["opens_at"] is None
    assert (after_sales["online"], after_sales["members"]) == (2, 2)
    assert after_sales["free_capacity"] == 10  # two online members, default capacity 5
    assert after_sales["pick"]["agent_id"] == org.users["as2"]
    assert after_sales["pick"]["rule"] == "order_owner"
    assert after_sales["has_order_owner"] and not hotline["has_order_owner"]
    marked = {a["name"]: a for a in after_sales["agents"]}
    assert marked["AS2"]["order_owner"] and not marked["AS1"]["order_owner"]
    assert marked["AS1"]["load"] == 0 and marked["AS1"]["capacity"] == 5
    assert not hotline["open_now"] and hotline["pick"] is None
    assert hotline["no_pick"] == "closed"
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(),
                                ZoneInfo("Asia/Shanghai"))
    assert datetime.fromisoformat(hotline["opens_at"]) == midnight

    # The engine does what the hint said: the order's owner gets the ticket.
    ticket = org.new_ticket("hl1")
    assert ticket["assignee_id"] == org.users["as2"]
    hints = _hints(sup, order_no="TD1001")
    after_sales = _groups(hints)["售后"]
    assert _groups(hints)["热线"]["queued"] == 0
    assert {a["name"]: a["load"] for a in after_sales["agents"]} == {"AS1": 0, "AS2": 1}
    assert after_sales["free_capacity"] == 9


def test_previous_handler_then_least_loaded_for_a_ticket(org):
    _put_order(org)
    org.as_("as1").ok("PUT", "/me/presence", {"presence": "online"})
    first = org.new_ticket("hl1")  # the owner as2 is offline: least loaded as1 gets it
    assert first["assignee_id"] == org.users["as1"]
    org.as_("as1").ok("POST", f"/tickets/{first['id']}/accept", {})
    org.as_("as1").ok("POST", f"/tickets/{first['id']}/resolve", {})

    # A new ticket of the order, still waiting in 热线 (nobody there is online).
    waiting = org.new_ticket("hl1", group="热线")
    assert waiting["status"] == "queued"
    hints = _hints(org.as_("sup"), ticket_id=waiting["id"])
    assert hints["ticket_id"] == waiting["id"] and hints["order_no"] == "TD1001"
    assert [p["name"] for p in hints["previous_handlers"]] == ["AS1"]
    after_sales = _groups(hints)["售后"]
    assert after_sales["pick"]["rule"] == "previous_handler"
    assert after_sales["pick"]["agent_id"] == org.users["as1"]
    assert after_sales["has_previous_handler"]
    assert {a["name"] for a in after_sales["agents"] if a["previous_handler"]} == {"AS1"}
    assert _groups(hints)["热线"]["no_pick"] == "nobody_eligible"
    assert _groups(hints)["热线"]["queued"] == 1

    # Without an order: the least loaded, ties to whoever waited longest.
    org.as_("as2").ok("PUT", "/me/presence", {"presence": "online"})
    plain = org.new_ticket("hl1", group="热线", fields={"order_no": "TD2002", "amount": 5,
                                                        "reason": "其他"})
    hints = _hints(org.as_("sup"), ticket_id=plain["id"], group=org.groups["售后"])
    assert [g["name"] for g in hints["groups"]] == ["售后"]
    assert hints["groups"][0]["pick"]["rule"] == "least_loaded"
    assert hints["groups"][0]["pick"]["agent_id"] == org.users["as2"]  # as1 has waited less

    # Everyone who handled the order is listed, the latest (the one the rule uses) first.
    second = org.new_ticket("hl1")  # the owner as2 is online now: theirs
    assert second["assignee_id"] == org.users["as2"]
    org.as_("as2").ok("POST", f"/tickets/{second['id']}/accept", {})
    hints = _hints(org.as_("sup"), ticket_id=waiting["id"])
    assert [p["name"] for p in hints["previous_handlers"]] == ["AS2", "AS1"]
    assert {a["name"] for a in _groups(hints)["售后"]["agents"] if a["previous_handler"]} == {
        "AS1", "AS2"}


def test_agents_see_the_group_figures_and_the_pick_but_not_each_member(org):
    _put_order(org)
    org.as_("as2").ok("PUT", "/me/presence", {"presence": "online"})
    hints = _hints(org.as_("hl1"), order_no="TD1001")
    after_sales = _groups(hints)["售后"]
    assert after_sales["agents"] is None
    assert after_sales["pick"]["name"] == "AS2" and after_sales["online"] == 1
    assert after_sales["has_order_owner"]

    # A ticket the agent cannot see answers as one that does not exist.
    ticket = org.new_ticket("as1", group="售后")
    _hints(org.as_("as1"), ticket_id=ticket["id"])
    assert org.as_("hl2").get("/routing/hints", params={"ticket_id": ticket["id"]}
                              ).status_code == 404


def test_bad_input_is_refused(org, refused):
    sup = org.as_("sup")
    for params, code in (
        ({"ticket_id": 1, "order_no": "TD1001"}, "invalid_filter"),
        ({"order": "TD1001"}, "invalid_filter"),  # a typo is not silently ignored
        ({"order_no": "bad no"}, None),
        ({"order_no": "x" * 41}, None),
        ({"ticket_id": "1x"}, None),
        ({"ticket_id": 0}, None),
        ({"ticket_id": 2**63}, None),
        ({"group": 999_999}, "unknown_group"),
        ({"group": "a"}, None),
    ):
        refused(sup, "GET", "/routing/hints", params=params, status=422, code=code)
    refused(sup, "GET", "/routing/hints", params={"ticket_id": 999_999}, status=404)
    refused(org.admin.__class__(org.base_url), "GET", "/routing/hints", status=401)
