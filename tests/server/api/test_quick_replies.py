"""Quick replies over the API: a group's kept by admins and offered to its members, an
agent's own for them alone; refused input changes nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from tests.support import Api, direct_session, table_counts
from ticketdesk.common import limits
from ticketdesk.server.store.schema import QuickReply


def test_group_and_personal_quick_replies(org, pg_url) -> None:
    admin, as1, hl1 = org.admin, org.as_("as1"), org.as_("hl1")
    after_sales = org.groups["售后"]
    group_reply = admin.ok(
        "POST", "/quick-replies",
        {"name": "退款到账", "body": "{customer_name}您好，退款已退回。", "group_id": after_sales},
        status=201,
    )
    assert group_reply["group_id"] == after_sales and group_reply["owner_id"] is None
    mine = as1.ok("POST", "/quick-replies", {"name": "问候", "body": "您好，我是{agent_name}。"},
                  status=201)
    assert mine["owner_id"] == org.users["as1"] and mine["group_id"] is None

    # Members of the group see its replies, and their own; nobody else's.
    assert {r["name"] for r in as1.ok("GET", "/quick-replies")} == {"问候", "退款到账"}
    assert hl1.ok("GET", "/quick-replies") == []
    assert [r["name"] for r in admin.ok("GET", "/quick-replies")] == ["退款到账"]

    # Agents keep their own, and only their own; admins keep the groups'.
    changed = as1.ok("PATCH", f"/quick-replies/{mine['id']}", {"body": "您好！"})
    assert changed["body"] == "您好！" and changed["name"] == "问候"
    assert hl1.patch(f"/quick-replies/{mine['id']}", {"body": "x"}).status_code == 404
    assert as1.patch(f"/quick-replies/{group_reply['id']}", {"body": "x"}).status_code == 403
    assert hl1.patch(f"/quick-replies/{group_reply['id']}", {"body": "x"}).status_code == 404
    assert admin.patch(f"/quick-replies/{mine['id']}", {"body": "x"}).status_code == 404
    denied = as1.post("/quick-replies", {"name": "x", "body": "y", "group_id": after_sales})
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"

    # Bad input: refused with a 4xx in the error shape, and nothing changes.
    before = table_counts(pg_url)
    for body, status in (
        ({"name": "问候", "body": "again"}, 409),  # the name is taken
        ({"name": "x", "body": "y", "colour": "red"}, 422),  # unknown key
        ({"name": "", "body": "y"}, 422),
        ({"name": "x" * (limits.QUICK_REPLY_NAME_MAX + 1), "body": "y"}, 422),
        ({"name": "x", "body": "y" * (limits.QUICK_REPLY_BODY_MAX + 1)}, 422),
        ({"name": "x", "body": "y\x00"}, 422),
        ({"name": "x", "body": "y", "group_id": 999}, 403),
    ):
        response = as1.post("/quick-replies", body)
        assert response.status_code == status, (body, response.text)
        assert set(response.json()["error"]) == {"code", "message", "details"}
    assert admin.post(
        "/quick-replies", {"name": "x", "body": "y", "group_id": 999}
    ).status_code == 404
    assert as1.patch(f"/quick-replies/{mine['id']}", {"owner_id": 1}).status_code == 422
    assert as1.patch("/quick-replies/99999", {"body": "x"}).status_code == 404
    assert table_counts(pg_url) == before

    assert as1.delete(f"/quick-replies/{mine['id']}").status_code == 204
    assert [r["name"] for r in as1.ok("GET", "/quick-replies")] == ["退款到账"]
    assert admin.delete(f"/quick-replies/{group_reply['id']}").status_code == 204
    assert as1.ok("GET", "/quick-replies") == []


def test_an_agent_keeps_at_most_so_many(org, pg_url) -> None:
    as1 = org.as_("as1")
    as1.ok("POST", "/quick-replies", {"name": "first", "body": "b"}, status=201)
    # (filled directly: two hundred requests would make this test slow for nothing)
    with direct_session(pg_url) as session, session.begin():
        session.add_all(
            QuickReply(owner_id=org.users["as1"], name=f"r{i}", body="b")
            for i in range(limits.QUICK_REPLIES_PER_OWNER - 1)
        )
    response = as1.post("/quick-replies", {"name": "one more", "body": "b"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "too_many_quick_replies"
    other = org.as_("as2").post("/quick-replies", {"name": "one more", "body": "b"})
    assert other.status_code == 201


def test_concurrent_creates_never_pass_the_cap(org, pg_url) -> None:
    """One short of the cap, several creates at once: exactly one gets in (the count and
    the insert were two steps, so each saw room and all got in)."""
    token = org.as_("as1").token
    with direct_session(pg_url) as session, session.begin():
        session.add_all(
            QuickReply(owner_id=org.users["as1"], name=f"r{i}", body="b")
            for i in range(limits.QUICK_REPLIES_PER_OWNER - 1)
        )
    start = threading.Barrier(8)

    def create(i: int) -> int:
        api = Api(org.admin.base_url, token)
        try:
            api.get("/me")  # connected before the start, so the requests leave together
            start.wait()
            return api.post("/quick-replies", {"name": f"new {i}", "body": "b"}).status_code
        finally:
            api.close()

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(create, range(8)))
    assert statuses == [201] + [409] * 7
    with direct_session(pg_url) as session:
        mine = select(func.count()).where(QuickReply.owner_id == org.users["as1"])
        assert session.scalar(mine) == limits.QUICK_REPLIES_PER_OWNER


def test_a_groups_quick_replies_are_admin_events(org) -> None:
    """"Who changed the refund template?": made, changed and removed, each an admin event of
    its group, found by its words; an agent's own are not recorded."""
    admin, as1 = org.admin, org.as_("as1")
    after_sales = org.groups["售后"]
    reply = admin.ok("POST", "/quick-replies", {
        "name": "退款到账", "body": "{customer_name}您好，退款已退回。", "group_id": after_sales,
    }, status=201)
    admin.ok("PATCH", f"/quick-replies/{reply['id']}", {"body": "您好，退款三日内到账。"})
    admin.ok("PATCH", f"/quick-replies/{reply['id']}", {"body": "您好，退款三日内到账。"})
    assert admin.delete(f"/quick-replies/{reply['id']}").status_code == 204
    mine = as1.ok("POST", "/quick-replies", {"name": "退款问候", "body": "您好"}, status=201)
    as1.ok("PATCH", f"/quick-replies/{mine['id']}", {"body": "您好！退款"})

    found = admin.ok("GET", "/events?subject=admin&q=退款到账")["data"]
    assert [e["kind"] for e in found] == [
        "quick_reply_removed", "quick_reply_updated", "quick_reply_created"
    ]  # the same text again changed nothing, so recorded nothing
    removed, updated, created = found
    assert {e["actor_name"] for e in found} == {admin.ok("GET", "/me")["display_name"]}
    assert created["data"]["name"] == "退款到账" and created["data"]["group_id"] == after_sales
    assert updated["data"]["changes"] == {
        "body": {"from": "{customer_name}您好，退款已退回。", "to": "您好，退款三日内到账。"}
    }
    assert removed["data"]["body"] == "您好，退款三日内到账。"
    by_group = admin.ok("GET", f"/events?group={after_sales}&kind=quick_reply_updated")["data"]
    assert [e["id"] for e in by_group] == [updated["id"]]
    assert admin.ok("GET", f"/events?group={org.groups['热线']}&q=退款到账")["data"] == []
    recorded = admin.ok("GET", "/events?kind=quick_reply_created&kind=quick_reply_updated")
    assert [e["id"] for e in recorded["data"]] == [updated["id"], created["id"]]  # not mine
