"""Saved views over the API: personal ones their owner's alone, shared ones seen by the
group's members read-only and kept by supervisors; bad filters refused and nothing stored."""

from __future__ import annotations

from tests.support import table_counts
from ticketdesk.common.models import TicketPublic
from ticketdesk.common.models.views import ViewFilter


def test_personal_and_shared_views(org, pg_url) -> None:
    sup, as1, as2, hl1 = org.as_("sup"), org.as_("as1"), org.as_("as2"), org.as_("hl1")
    after_sales, hotline = org.groups["售后"], org.groups["热线"]
    mine = as1.ok("POST", "/views", {
        "name": "我的加急", "filter": {"priority": ["urgent"], "assignee": "me"},
        "sort_column": "age", "columns": ["number", "title", "age"],
    }, status=201)
    assert mine["owner_id"] == org.users["as1"] and mine["group_id"] is None
    assert mine["editable"] and mine["sort_descending"] is True
    assert mine["filter"]["priority"] == ["urgent"] and mine["filter"]["group"] == []
    shared = sup.ok("POST", "/views", {
        "name": "售后加急", "filter": {"group": [after_sales], "priority": ["urgent", "high"]},
        "group_id": after_sales,
    }, status=201)
    assert shared["group_id"] == after_sales and shared["owner_id"] == org.users["sup"]

    # Members of the group see it, read-only; others do not; nobody sees another's own.
    seen = as2.ok("GET", "/views")
    assert [(v["name"], v["editable"]) for v in seen] == [("售后加急", False)]
    assert [v["name"] for v in as1.ok("GET", "/views")] == ["我的加急", "售后加急"]
    assert hl1.ok("GET", "/views") == []
    assert [v["name"] for v in sup.ok("GET", "/views")] == ["售后加急"]
    assert as2.patch(f"/views/{shared['id']}", {"name": "x"}).status_code == 403
    assert as2.delete(f"/views/{shared['id']}").status_code == 403
    assert hl1.patch(f"/views/{shared['id']}", {"name": "x"}).status_code == 404
    assert as2.patch(f"/views/{mine['id']}", {"name": "x"}).status_code == 404
    assert sup.patch(f"/views/{mine['id']}", {"name": "x"}).status_code == 404
    denied = as1.post("/views", {"name": "x", "group_id": after_sales})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"

    # The owner renames and re-sorts; a supervisor moves the shared one to another group.
    renamed = as1.ok("PATCH", f"/views/{mine['id']}", {"name": "加急", "sort_descending": False})
    assert (renamed["name"], renamed["sort_descending"], renamed["sort_column"]) == (
        "加急", False, "age")
    moved = sup.ok("PATCH", f"/views/{shared['id']}", {"group_id": hotline})
    assert moved["group_id"] == hotline
    assert [v["name"] for v in hl1.ok("GET", "/views")] == ["售后加急"]
    assert [v["name"] for v in as2.ok("GET", "/views")] == []
    assert as1.delete(f"/views/{mine['id']}").status_code == 204
    assert as1.ok("GET", "/views") == []


def test_bad_views_are_refused_and_change_nothing(org, pg_url) -> None:
    as1, sup = org.as_("as1"), org.as_("sup")
    taken = as1.ok("POST", "/views", {"name": "加急"}, status=201)
    before = table_counts(pg_url)
    for body, status, code in (
        ({"name": "加急"}, 409, "name_taken"),
        ({"name": "x", "colour": "red"}, 422, None),  # unknown key
        ({"name": "x", "filter": {"colour": "red"}}, 422, None),  # unknown filter key
        ({"name": "x", "filter": {"status": ["resolved"]}}, 422, None),  # not open
        ({"name": "x", "filter": {"status": ["lost"]}}, 422, None),
        ({"name": "x", "filter": {"priority": ["urgent", "urgent"]}}, 422, None),
        ({"name": "x", "filter": {"assignee": "someone"}}, 422, None),
        ({"name": "x", "filter": {"group": [99999]}}, 422, "invalid_filter"),
        ({"name": "x", "filter": {"type": [99999]}}, 422, "invalid_filter"),
        ({"name": "x", "filter": {"assignee": 99999}}, 422, "invalid_filter"),
        ({"name": "x", "filter": {"q": "x" * 201}}, 422, None),
        ({"name": "x", "filter": "priority=urgent"}, 422, None),
        ({"name": "x", "columns": ["age"]}, 422, None),  # no title
        ({"name": "x", "columns": ["title", "title"]}, 422, None),
        ({"name": "x", "sort_column": "colour"}, 422, None),
        ({"name": ""}, 422, None),
        ({"name": "x\x00"}, 422, None),
    ):
        response = as1.post("/views", body)
        assert response.status_code == status, (body, response.text)
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}
        if code:
            assert error["code"] == code, error
    assert sup.post("/views", {"name": "x", "group_id": 99999}).status_code == 404
    for body in ({"name": None}, {"filter": {"group": [99999]}}, {"owner_id": 1}):
        assert as1.patch(f"/views/{taken['id']}", body).status_code == 422, body
    assert as1.patch("/views/99999", {"name": "x"}).status_code == 404
    assert table_counts(pg_url) == before
    assert as1.ok("GET", "/views")[0]["name"] == "加急"


def test_a_views_filter_means_the_same_to_the_server(org) -> None:
    """``ViewFilter.admits`` (the client's count) and ``GET /tickets`` with the view's query
    (the server's) pick the same tickets: one filter language."""
    as1 = org.as_("as1")
    after_sales = org.groups["售后"]
    for priority in ("urgent", "normal", "urgent"):
        org.new_ticket("hl1", priority=priority, group="售后")
    org.new_ticket("hl1", priority="urgent", group="热线")
    filt = ViewFilter(group=[after_sales], priority=["urgent"], assignee="none")
    listed = as1.get("/tickets", params=filt.query()).json()["data"]
    everything = org.admin.get("/tickets", params={"limit": 100}).json()["data"]
    admitted = {t["id"] for t in everything
                if filt.admits(TicketPublic.model_validate(t), org.users["as1"])}
    assert {t["id"] for t in listed} == admitted and len(admitted) == 2
