"""A ticket's version on the wire, and manual moves that name the version they saw."""

from tests.server.live.test_live import events_until, live, receive


def test_version_is_on_the_wire_and_every_action_increments_it(org):
    t = org.new_ticket("hl1", group="热线")
    assert t["version"] == 1  # nobody online in 热线: queued as created
    hl2 = org.as_("hl2")
    versions = [t["version"]]
    for method, path, body in (
        ("POST", "accept", None),
        ("POST", "comments", {"body": "已致电客户"}),
        ("POST", "pending", None),
        ("POST", "resume", None),
        ("POST", "resolve", None),
    ):
        t = hl2.ok(method, f"/tickets/{t['id']}/{path}", body)
        versions.append(t["version"])
    assert versions == sorted(set(versions)), versions  # strictly increasing
    assert org.as_("sup").ok("GET", f"/tickets/{t['id']}")["version"] == versions[-1]
    page = org.as_("sup").ok("GET", "/tickets")["data"]
    assert next(p for p in page if p["id"] == t["id"])["version"] == versions[-1]


def test_live_messages_carry_the_tickets_version(org):
    with live(org.as_("sup")) as ws:
        receive(ws)
        t = org.new_ticket("hl1", group="热线")
        created = events_until(ws, lambda m: m["event"]["kind"] == "queued")[-1]
        assert created["ticket"]["version"] >= 1
        moved = org.as_("hl2").ok("POST", f"/tickets/{t['id']}/accept")
        accepted = events_until(ws, lambda m: m["event"]["kind"] == "accepted")[-1]
    assert accepted["ticket"]["version"] == moved["version"] > created["ticket"]["version"]


def test_a_move_naming_an_old_version_is_409_with_the_current_ticket(org, refused):
    sup = org.as_("sup")
    t = org.new_ticket("hl1", group="售后")
    seen = t["version"]
    sup.ok("POST", f"/tickets/{t['id']}/assign",
           {"agent": "as1", "override_capacity": True, "version": seen})
    now = sup.ok("GET", f"/tickets/{t['id']}")
    assert now["version"] > seen
    for path, body in (
        ("assign", {"agent": "as2", "version": seen}),
        ("assign", {"agent": None, "version": seen}),
        ("transfer", {"group": "热线", "note": "转热线", "version": seen}),
    ):
        error = refused(sup, "POST", f"/tickets/{t['id']}/{path}", body,
                        status=409, code="version_conflict")
        assert error["details"]["version"] == now["version"]
        current = error["details"]["ticket"]
        assert (current["id"], current["version"], current["assignee_id"]) == (
            t["id"], now["version"], org.users["as1"])
    # With the current version it goes through.
    moved = sup.ok("POST", f"/tickets/{t['id']}/transfer",
                   {"group": "热线", "note": "转热线", "version": now["version"]})
    assert moved["group_id"] == org.groups["热线"] and moved["version"] > now["version"]


def test_the_seen_version_must_be_a_positive_integer(org, refused):
    t = org.new_ticket("hl1", group="售后")
    for bad in (0, -1, "1", 1.5, 2**31):
        refused(org.as_("sup"), "POST", f"/tickets/{t['id']}/assign",
                {"agent": "as1", "version": bad}, status=422)
