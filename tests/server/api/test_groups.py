WEEKDAYS_9_TO_6 = {
    "timezone": "Asia/Shanghai",
    "weekly": {
        d: [{"start": "09:00", "end": "18:00"}] for d in ("mon", "tue", "wed", "thu", "fri")
    },
    "holidays": ["2027-01-01"],
}


def test_create_and_read_groups(org):
    g = org.admin.ok(
        "POST",
        "/groups",
        {
            "name": "投诉",
            "description": "Complaints",
            "working_hours": WEEKDAYS_9_TO_6,
            "accept_timeout_seconds": 60,
            "default_capacity": 3,
        },
        status=201,
    )
    assert g["working_hours"]["holidays"] == ["2027-01-01"]
    listed = {x["name"]: x for x in org.as_("hl1").ok("GET", "/groups")}
    assert set(listed) == {"热线", "售后", "投诉"}
    assert listed["热线"]["load"]["members"] == 2
    assert org.as_("hl1").ok("GET", f"/groups/{g['id']}")["accept_timeout_seconds"] == 60


def test_load_counts_open_tickets_and_people_online(org):
    org.new_ticket()
    org.new_ticket()
    load = org.admin.ok("GET", f"/groups/{org.groups['售后']}")["load"]
    assert (load["queued"], load["members"], load["online"]) == (2, 2, 0)
    org.as_("as1").ok("PUT", "/me/presence", {"presence": "online"})
    load = org.admin.ok("GET", f"/groups/{org.groups['售后']}")["load"]
    assert load["queued"] + load["assigned"] == 2 and load["online"] == 1


def test_group_input_is_checked(org, refused):
    refused(org.admin, "POST", "/groups", {"name": "热线"}, status=409, code="group_name_taken")
    refused(org.admin, "POST", "/groups", {"name": ""}, status=422)
    refused(
        org.admin,
        "POST",
        "/groups",
        {"name": "x", "working_hours": {"timezone": "Nowhere/X"}},
        status=422,
    )
    refused(org.admin, "POST", "/groups", {"name": "x", "accept_timeout_seconds": -1}, status=422)
    refused(org.admin, "POST", "/groups", {"name": "x", "default_capacity": "five"}, status=422)
    refused(org.as_("sup"), "POST", "/groups", {"name": "x"}, status=403)
    refused(org.as_("hl1"), "POST", "/groups", {"name": "x"}, status=403)


def test_update_group(org, refused):
    gid = org.groups["热线"]
    updated = org.admin.ok(
        "PATCH", f"/groups/{gid}", {"working_hours": WEEKDAYS_9_TO_6, "accept_timeout_seconds": 30}
    )
    assert updated["accept_timeout_seconds"] == 30
    assert set(updated["working_hours"]["weekly"]) == {"mon", "tue", "wed", "thu", "fri"}
    refused(org.admin, "PATCH", f"/groups/{gid}", {"name": "售后"}, status=409)
    refused(org.admin, "PATCH", "/groups/424242", {"name": "y"}, status=404)
    refused(org.admin, "PATCH", "/groups/0", {"name": "y"}, status=422)
    refused(org.as_("hl1"), "PATCH", f"/groups/{gid}", {"name": "y"}, status=403)


def test_membership(org, refused):
    gid, uid = org.groups["售后"], org.users["hl1"]
    m = org.admin.ok("PUT", f"/groups/{gid}/members/{uid}", {"capacity": 2})
    assert m == {"group_id": gid, "user_id": uid, "capacity": 2}
    members = org.as_("hl1").ok("GET", f"/groups/{gid}/members")
    assert {x["user_id"] for x in members} == {org.users["as1"], org.users["as2"], uid}
    assert gid in org.as_("hl1").ok("GET", "/me")["group_ids"]
    assert org.admin.delete(f"/groups/{gid}/members/{uid}").status_code == 204
    refused(org.admin, "DELETE", f"/groups/{gid}/members/{uid}", status=404)
    refused(org.admin, "PUT", f"/groups/{gid}/members/999999", {}, status=404)
    refused(org.admin, "PUT", f"/groups/999999/members/{uid}", {}, status=404)
    refused(org.admin, "PUT", f"/groups/{gid}/members/{uid}", {"capacity": -1}, status=422)
    refused(org.as_("sup"), "PUT", f"/groups/{gid}/members/{uid}", {}, status=403)
