"""The audit search (GET /events): each criterion, keyset paging, and admin changes recorded
with before → after and found again ("who changed the after-sales hours last week?")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.server.live.test_live import events_until, live, nothing_more, receive

HOURS = {
    "timezone": "Asia/Shanghai",
    "weekly": {d: [{"start": "08:30", "end": "17:30"}] for d in ("mon", "tue", "wed")},
}


def _get(client, params):
    response = client.get("/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _all(client, **params):
    """Every page, following next_cursor."""
    seen, cursor = [], None
    while True:
        page = _get(client, {**params, **({"cursor": cursor} if cursor else {})})
        seen.extend(page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def test_who_changed_the_after_sales_hours_last_week(org):
    after_sales = org.groups["售后"]
    org.admin.ok("PATCH", f"/groups/{org.groups['热线']}", {"accept_timeout_seconds": 45})
    org.admin.ok("PATCH", f"/groups/{after_sales}", {"working_hours": HOURS})
    now = datetime.now(UTC)
    found = _get(
        org.as_("sup"),
        {
            "kind": "group_updated",
            "group": after_sales,
            "created_from": _iso(now - timedelta(days=7)),
            "created_to": _iso(now + timedelta(minutes=1)),
        },
    )["data"]
    assert len(found) == 1
    change = found[0]
    assert change["actor_id"] == org.users["admin"] and change["ticket_id"] is None
    hours = change["data"]["changes"]["working_hours"]
    assert hours["to"]["weekly"]["mon"] == [{"start": "08:30", "end": "17:30"}]
    assert hours["from"] != hours["to"]
    # The same change is found by words: the setting's name and the group's name.
    by_words = _get(org.as_("sup"), {"q": "working_hours 售后", "subject": "admin"})["data"]
    assert [e["id"] for e in by_words] == [change["id"]]
    # Nothing is found for a week in which nothing changed.
    earlier = _get(
        org.as_("sup"),
        {"kind": "group_updated", "created_to": _iso(now - timedelta(days=7))},
    )
    assert earlier == {"data": [], "next_cursor": None}


def test_membership_role_and_password_changes_are_recorded_with_before_and_after(org):
    gid, hl1 = org.groups["售后"], org.users["hl1"]
    org.admin.ok("PUT", f"/groups/{gid}/members/{hl1}", {"capacity": 2})
    org.admin.ok("PUT", f"/groups/{gid}/members/{hl1}", {"capacity": 4})
    assert org.admin.delete(f"/groups/{gid}/members/{hl1}").status_code == 204
    org.admin.ok("PATCH", f"/users/{hl1}", {"role": "supervisor", "password": "n3w-password!"})
    about = _all(org.as_("sup"), user=hl1, subject="admin")
    kinds = [e["kind"] for e in about]
    assert kinds[:4] == ["user_updated", "member_removed", "member_set", "member_set"]
    updated, removed, raised, added = about[:4]
    assert updated["data"]["changes"]["role"] == {"from": "agent", "to": "supervisor"}
    assert updated["data"]["changes"]["password"] == "changed"
    assert "n3w-password!" not in str(about)  # never the password itself
    assert removed["data"]["changes"]["member"] == {"from": True, "to": False}
    assert raised["data"]["changes"]["capacity"] == {"from": 2, "to": 4}
    assert added["data"]["changes"]["member"] == {"from": False, "to": True}


def test_each_criterion_narrows_the_search(org):
    a = org.new_ticket("hl1", title="空调不制冷", order_no="SO-1001", group="热线")
    b = org.new_ticket("as1", title="电视黑屏", group="售后")
    org.as_("hl1").ok("POST", f"/tickets/{a['id']}/comments", {"body": "已联系安装师傅"},
                      status=201)
    sup = org.as_("sup")
    org.as_("sup").ok("POST", f"/tickets/{b['id']}/comments", {"body": "主管跟进"}, status=201)

    def ids(**params):
        return {(e["ticket_id"], e["kind"]) for e in _all(sup, **params)}

    assert ids(ticket=a["id"]) == {(a["id"], "created"), (a["id"], "queued"),
                                   (a["id"], "commented")}
    assert ids(q=f"#{a['id']}") == ids(ticket=a["id"])
    assert ids(order_no="SO-1001") == ids(ticket=a["id"])
    assert ids(kind="commented") == {(a["id"], "commented"), (b["id"], "commented")}
    assert ids(q="安装师傅") == {(a["id"], "commented")}
    assert ids(actor=org.users["sup"]) == {(b["id"], "commented"), (None, "logged_in")}
    assert ids(subject="ticket", group=org.groups["售后"]) == {
        (b["id"], "created"), (b["id"], "queued"), (b["id"], "commented")}
    assert ids(kind=["created", "commented"], actor=org.users["hl1"]) == {
        (a["id"], "created"), (a["id"], "commented")}
    assert all(t is None for t, _ in ids(subject="admin"))
    future = _iso(datetime.now(UTC) + timedelta(days=1))
    assert ids(created_from=future) == set()


def test_paging_has_no_gaps_and_no_duplicates(org):
    for i in range(7):
        org.new_ticket("hl1", title=f"工单 {i}")
    everything = _get(org.as_("sup"), {"limit": 500})["data"]
    paged = _all(org.as_("sup"), limit=3)
    assert [e["id"] for e in paged] == [e["id"] for e in everything]
    assert len({e["id"] for e in paged}) == len(paged) > 14
    keys = [(e["created_at"], e["id"]) for e in paged]
    assert keys == sorted(keys, reverse=True)


def test_bad_audit_input_is_refused(org, refused):
    sup = org.as_("sup")
    refused(org.as_("hl1"), "GET", "/events", status=403, code="role_required")
    refused(sup, "GET", "/events", params={"cursor": "garbage!"}, status=422,
            code="invalid_cursor")
    refused(sup, "GET", "/events", params={"kind": "nonsense"}, status=422)
    refused(sup, "GET", "/events", params={"created_from": "2026-01-01T00:00:00"},
            status=422, code="invalid_filter")
    refused(sup, "GET", "/events", params={"limit": 0}, status=422)
    refused(sup, "GET", "/events", params={"group": "x"}, status=422)


def test_agents_learn_only_that_a_group_changed_supervisors_see_how(org):
    gid = org.groups["售后"]
    with live(org.as_("as1")) as agent_ws, live(org.as_("sup")) as sup_ws:
        receive(agent_ws), receive(sup_ws)
        org.admin.ok("PATCH", f"/groups/{gid}", {"working_hours": HOURS})

        def is_change(m):
            return m["type"] == "event" and m["event"]["kind"] == "group_updated"

        agent_seen = events_until(agent_ws, is_change)[-1]["event"]
        sup_seen = events_until(sup_ws, is_change)[-1]["event"]
        assert agent_seen["data"] == {"group_id": gid}
        assert sup_seen["data"]["changes"]["working_hours"]["to"]["timezone"] == "Asia/Shanghai"
        hl1 = org.users["hl1"]
        org.admin.ok("PUT", f"/groups/{gid}/members/{hl1}", {"capacity": 3})
        message = events_until(agent_ws, lambda m: m["event"]["kind"] == "member_set")[-1]
        assert message["event"]["data"] == {"group_id": gid, "user_id": hl1}
        assert nothing_more(agent_ws, 0.5)
