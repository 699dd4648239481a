"""Saved views over the API: personal ones their owner's alone, shared ones seen by the
group's members read-only and kept by the group's supervisors and admins; bad filters
refused and nothing stored."""

from __future__ import annotations

from tests.support import PASSWORD, Api, raw_cursor, table_counts
from ticketdesk.common import limits
from ticketdesk.common.models import TicketPublic
from ticketdesk.common.models.views import ViewFilter


def _oversee(org, who: str, *groups: str) -> None:
    for group in groups:
        org.admin.ok("PUT", f"/groups/{org.groups[group]}/supervisors/{org.users[who]}")


def test_personal_and_shared_views(org, pg_url) -> None:
    sup, as1, as2, hl1 = org.as_("sup"), org.as_("as1"), org.as_("as2"), org.as_("hl1")
    after_sales, hotline = org.groups["售后"], org.groups["热线"]
    _oversee(org, "sup", "售后", "热线")
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


def test_a_shared_view_is_kept_by_its_groups_supervisors_and_admins_only(org, pg_url,
                                                                         refused) -> None:
    # Any supervisor could rename, move or remove another group's shared views before.
    org.users["sup2"] = org.admin.ok("POST", "/users", {
        "username": "sup2", "display_name": "SUP2", "role": "supervisor",
        "password": PASSWORD}, status=201)["id"]
    sup, sup2, admin = org.as_("sup"), org.as_("sup2"), org.admin
    after_sales, hotline = org.groups["售后"], org.groups["热线"]
    _oversee(org, "sup", "售后")
    shared = sup.ok("POST", "/views", {"name": "售后全部", "group_id": after_sales}, status=201)

    # sup2 oversees only the hotline: the after-sales view is not theirs to keep.
    _oversee(org, "sup2", "热线")
    for method, body in (("PATCH", {"name": "x"}), ("PATCH", {"group_id": hotline}),
                         ("PATCH", {"group_id": None}), ("DELETE", None)):
        refused(sup2, method, f"/views/{shared['id']}", body, status=403, code="forbidden")
    refused(sup2, "POST", "/views", {"name": "y", "group_id": after_sales}, status=403)
    refused(sup, "PATCH", f"/views/{shared['id']}", {"group_id": hotline}, status=403)
    assert [v["editable"] for v in sup.ok("GET", "/views")] == [True]

    # A supervisor who belongs to the group keeps it as one who oversees it does; an admin
    # keeps every group's.
    admin.ok("PUT", f"/groups/{after_sales}/members/{org.users['sup2']}", {})
    sup2 = Api(org.base_url).login("sup2")  # a fresh session: its groups as they are now
    renamed = sup2.ok("PATCH", f"/views/{shared['id']}", {"name": "售后 · 全部"})
    assert renamed["editable"] and renamed["name"] == "售后 · 全部"
    moved = admin.ok("PATCH", f"/views/{shared['id']}", {"group_id": hotline})
    assert moved["group_id"] == hotline and moved["editable"]
    assert sup.patch(f"/views/{shared['id']}", {"name": "z"}).status_code == 403
    assert admin.delete(f"/views/{shared['id']}").status_code == 204
    sup2.close()


def test_unsharing_a_view_counts_against_the_personal_cap(org, pg_url, refused) -> None:
    # Turning a shared view into one's own skipped the cap of VIEWS_PER_OWNER before.
    sup = org.as_("sup")
    _oversee(org, "sup", "售后")
    shared = sup.ok("POST", "/views", {"name": "售后全部", "group_id": org.groups["售后"]},
                    status=201)
    with raw_cursor(pg_url) as cur:  # a full set of personal views, made at once
        cur.execute(
            "INSERT INTO saved_views (owner_id, group_id, name, filter, sort_column, "
            "sort_descending, columns, created_at, updated_at) "
            "SELECT %s, NULL, 'v' || n, '{}', 'age', true, '[\"number\", \"title\"]', "
            "now(), now() FROM generate_series(1, %s) AS n",
            (org.users["sup"], limits.VIEWS_PER_OWNER))
    error = refused(sup, "PATCH", f"/views/{shared['id']}", {"group_id": None}, status=409,
                    code="too_many_views")
    assert error["details"] == {"max": limits.VIEWS_PER_OWNER}
    refused(sup, "POST", "/views", {"name": "one more"}, status=409, code="too_many_views")
    with raw_cursor(pg_url) as cur:
        cur.execute("DELETE FROM saved_views WHERE name = 'v1'")
    mine = sup.ok("PATCH", f"/views/{shared['id']}", {"group_id": None})
    assert mine["group_id"] is None and mine["owner_id"] == org.users["sup"]
