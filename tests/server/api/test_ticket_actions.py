"""The workflow over HTTP: every action, who may take it, and what the record says."""


def kinds(ticket):
    return [e["kind"] for e in ticket["events"]]


def test_full_flow_is_recorded_step_by_step(org):
    t = org.new_ticket("hl1", group="热线")
    tid = t["id"]
    hl2 = org.as_("hl2")
    t = hl2.ok("POST", f"/tickets/{tid}/accept")
    assert (t["status"], t["assignee_id"]) == ("in_progress", org.users["hl2"])
    assert t["accepted_at"] and t["first_response_at"]
    assigned = t["events"][-2]
    assert assigned["kind"] == "assigned" and assigned["data"]["reason"] == "taken"

    hl2.ok("POST", f"/tickets/{tid}/comments", {"body": "已致电客户"}, status=201)
    t = hl2.ok("POST", f"/tickets/{tid}/transfer", {"group": "售后", "note": "需要售后退款"})
    assert (t["status"], t["group_id"], t["assignee_id"]) == ("queued", org.groups["售后"], None)
    transferred = t["events"][-2]
    assert transferred["data"]["from_group"] == "热线" and transferred["data"]["to_group"] == "售后"
    assert transferred["data"]["note"] == "需要售后退款"
    assert transferred["data"]["previous_assignee_id"] == org.users["hl2"]

    as1 = org.as_("as1")
    as1.ok("POST", f"/tickets/{tid}/accept", {"note": "我来"})
    t = as1.ok("POST", f"/tickets/{tid}/pending", {"note": "等待仓库确认"})
    assert t["status"] == "pending"
    t = as1.ok("POST", f"/tickets/{tid}/resume")
    assert t["status"] == "in_progress"
    t = as1.ok("POST", f"/tickets/{tid}/resolve", {"note": "已退款"})
    assert t["status"] == "resolved" and t["resolved_at"]
    t = org.as_("hl1").ok("POST", f"/tickets/{tid}/reopen", {"note": "客户说没收到"})
    assert (t["status"], t["assignee_id"], t["resolved_at"]) == ("queued", None, None)
    as1.ok("POST", f"/tickets/{tid}/accept")
    as1.ok("POST", f"/tickets/{tid}/resolve")
    t = org.as_("hl1").ok("POST", f"/tickets/{tid}/close")
    assert t["status"] == "closed"
    assert kinds(t) == [
        "created",
        "queued",
        "assigned",
        "accepted",
        "commented",
        "transferred",
        "queued",
        "assigned",
        "accepted",
        "pending",
        "resumed",
        "resolved",
        "reopened",
        "queued",
        "assigned",
        "accepted",
        "resolved",
        "closed",
    ]
    actors = [e["actor_name"] for e in t["events"]]
    assert actors[:4] == ["HL1", "HL1", "HL2", "HL2"]
    assert t["transfer_count"] == 1


def test_transfers_have_no_hop_limit(org):
    tid = org.new_ticket()["id"]
    sup = org.as_("sup")
    for hop in range(12):
        target = "热线" if hop % 2 == 0 else "售后"
        t = sup.ok(
            "POST", f"/tickets/{tid}/transfer", {"group": target, "note": f"第 {hop + 1} 次"}
        )
    assert t["transfer_count"] == 12
    assert sum(e["kind"] == "transferred" for e in t["events"]) == 12


def test_illegal_transitions_are_409_and_change_nothing(org, refused):
    tid = org.new_ticket()["id"]
    as1 = org.as_("as1")
    error = refused(as1, "POST", f"/tickets/{tid}/pending", status=409, code="illegal_transition")
    assert error["details"]["status"] == "queued"
    assert "accept" in error["details"]["allowed"]
    refused(as1, "POST", f"/tickets/{tid}/resume", status=409)
    refused(as1, "POST", f"/tickets/{tid}/reopen", status=409)
    as1.ok("POST", f"/tickets/{tid}/accept")
    as1.ok("POST", f"/tickets/{tid}/resolve")
    refused(as1, "POST", f"/tickets/{tid}/accept", status=409)
    refused(as1, "POST", f"/tickets/{tid}/transfer", {"group": "热线", "note": "x"}, status=409)
    org.as_("sup").ok("POST", f"/tickets/{tid}/close")
    refused(as1, "POST", f"/tickets/{tid}/comments", {"body": "late"}, status=409)


def test_actions_not_permitted_for_the_user_are_403(org, refused):
    tid = org.new_ticket()["id"]
    org.as_("as1").ok("POST", f"/tickets/{tid}/accept")
    as2 = org.as_("as2")  # same group, not the assignee
    refused(as2, "POST", f"/tickets/{tid}/resolve", status=403, code="not_permitted")
    refused(as2, "POST", f"/tickets/{tid}/pending", status=403)
    refused(as2, "POST", f"/tickets/{tid}/transfer", {"group": "热线", "note": "x"}, status=403)
    refused(org.as_("hl1"), "POST", f"/tickets/{tid}/resolve", status=403)  # creator only
    refused(
        as2, "POST", f"/tickets/{tid}/assign", {"agent": "as2"}, status=403, code="role_required"
    )


def test_transfer_and_comment_bodies_are_checked(org, refused):
    tid = org.new_ticket()["id"]
    sup = org.as_("sup")
    refused(sup, "POST", f"/tickets/{tid}/transfer", {"group": "热线"}, status=422)
    refused(sup, "POST", f"/tickets/{tid}/transfer", {"group": "热线", "note": "  "}, status=422)
    refused(
        sup,
        "POST",
        f"/tickets/{tid}/transfer",
        {"group": "售后", "note": "x"},
        status=422,
        code="same_group",
    )
    refused(
        sup,
        "POST",
        f"/tickets/{tid}/transfer",
        {"group": 9999, "note": "x"},
        status=422,
        code="unknown_group",
    )
    refused(sup, "POST", f"/tickets/{tid}/comments", {"body": ""}, status=422)
    refused(sup, "POST", f"/tickets/{tid}/comments", {"body": "x" * 10_001}, status=422)
    refused(sup, "POST", f"/tickets/{tid}/comments", {"text": "hi"}, status=422)
    refused(sup, "POST", f"/tickets/{tid}/resolve", {"note": 5}, status=422)
    refused(sup, "POST", "/tickets/999999/comments", {"body": "hi"}, status=404)


def test_supervisor_assigns_by_hand_within_capacity(org, refused):
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/members/{org.users['as1']}", {"capacity": 1})
    first, second = org.new_ticket()["id"], org.new_ticket()["id"]
    sup = org.as_("sup")
    t = sup.ok("POST", f"/tickets/{first}/assign", {"agent": "as1", "note": "熟悉这个客户"})
    assert (t["status"], t["assignee_id"]) == ("assigned", org.users["as1"])
    event = t["events"][-1]
    assert event["kind"] == "assigned" and event["actor_name"] == "SUP"
    assert event["data"]["reason"] == "manual" and event["data"]["note"] == "熟悉这个客户"

    error = refused(
        sup,
        "POST",
        f"/tickets/{second}/assign",
        {"agent": org.users["as1"]},
        status=409,
        code="over_capacity",
    )
    assert error["details"] == {"load": 1, "capacity": 1, "agent_id": org.users["as1"]}
    t = sup.ok("POST", f"/tickets/{second}/assign", {"agent": "as1", "override_capacity": True})
    assert t["events"][-1]["data"]["override_capacity"] is True

    refused(
        sup, "POST", f"/tickets/{first}/assign", {"agent": "hl1"}, status=422, code="not_a_member"
    )
    refused(
        sup, "POST", f"/tickets/{first}/assign", {"agent": "ghost"}, status=422, code="unknown_user"
    )
    refused(sup, "POST", f"/tickets/{first}/assign", {"agent": "as1"}, status=409, code="unchanged")
    refused(sup, "POST", f"/tickets/{first}/assign", {}, status=422)

    t = org.as_("as1").ok("POST", f"/tickets/{first}/accept")
    assert t["status"] == "in_progress"
    t = sup.ok("POST", f"/tickets/{first}/assign", {"agent": None, "note": "退回队列"})
    assert (t["status"], t["assignee_id"]) == ("queued", None)
    assert [e["kind"] for e in t["events"][-2:]] == ["unassigned", "queued"]
    refused(
        sup, "POST", f"/tickets/{first}/assign", {"agent": None}, status=409, code="not_assigned"
    )


def test_assignee_of_an_assigned_ticket_accepts_it(org, refused):
    tid = org.new_ticket()["id"]
    org.as_("sup").ok("POST", f"/tickets/{tid}/assign", {"agent": "as2"})
    refused(org.as_("as1"), "POST", f"/tickets/{tid}/accept", status=403)
    t = org.as_("as2").ok("POST", f"/tickets/{tid}/accept")
    assert t["status"] == "in_progress"


def test_what_people_write_is_kept_as_typed_and_blank_is_refused(org, refused):
    tid = org.new_ticket("hl1", group="热线")["id"]
    hl2 = org.as_("hl2")
    hl2.ok("POST", f"/tickets/{tid}/accept")
    typed = "  步骤：\n    1. 核对订单\n    2. 回电客户\n"
    t = hl2.ok("POST", f"/tickets/{tid}/comments", {"body": typed}, status=201)
    assert t["events"][-1]["data"]["body"] == typed  # indentation and line breaks are the text
    for blank in ("", "   ", "\n\t \n", "\u3000"):  # the last: a full-width space
        refused(hl2, "POST", f"/tickets/{tid}/comments", {"body": blank}, status=422)
        refused(hl2, "POST", f"/tickets/{tid}/transfer", {"group": "售后", "note": blank},
                status=422)
        refused(hl2, "POST", "/quick-replies", {"name": "空白", "body": blank}, status=422)
