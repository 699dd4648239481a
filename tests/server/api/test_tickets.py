"""Creating, listing, searching and reading tickets."""

from urllib.parse import quote

from tests.conftest import VALID_REFUND_FIELDS


def test_create_uses_the_type_defaults(org):
    t = org.new_ticket()
    assert t["group_id"] == org.groups["售后"]
    assert t["priority"] == "normal"
    assert t["body"] == "客户诉求：\n"
    assert t["order_no"] == "TD1001"  # linked from the order-number field
    assert t["status"] == "queued" and t["assignee_id"] is None
    assert t["created_by_name"] == "HL1"
    assert t["first_response_due_at"] and t["resolution_due_at"]
    created = t["events"][0]
    assert created["kind"] == "created" and created["actor_name"] == "HL1"
    assert created["data"]["group"] == "售后"


def test_create_with_explicit_group_priority_and_body(org):
    t = org.new_ticket(group="热线", priority="urgent", body="请尽快处理", order_no="OTHER-9")
    assert t["group_id"] == org.groups["热线"]
    assert (t["priority"], t["body"], t["order_no"]) == ("urgent", "请尽快处理", "OTHER-9")
    by_id = org.new_ticket(type=org.type_id, group=org.groups["热线"])
    assert by_id["group_id"] == org.groups["热线"]


def test_invalid_fields_are_refused_field_by_field(org, refused):
    error = refused(
        org.as_("hl1"),
        "POST",
        "/tickets",
        {
            "type": "refund",
            "title": "退款",
            "fields": {"amount": "lots", "reason": "不存在", "colour": "red"},
        },
        status=422,
        code="invalid_fields",
    )
    assert {(d["field"], d["code"]) for d in error["details"]} == {
        ("order_no", "required"),
        ("amount", "not_a_number"),
        ("reason", "not_an_option"),
        ("colour", "unknown_field"),
    }


def test_bad_references_and_shapes_are_refused(org, refused):
    hl1 = org.as_("hl1")
    body = {"type": "refund", "title": "t", "fields": VALID_REFUND_FIELDS}
    refused(
        hl1, "POST", "/tickets", {**body, "type": "nope"}, status=422, code="unknown_ticket_type"
    )
    refused(hl1, "POST", "/tickets", {**body, "type": 99999}, status=422)
    refused(hl1, "POST", "/tickets", {**body, "group": "无此组"}, status=422, code="unknown_group")
    refused(hl1, "POST", "/tickets", {**body, "priority": "asap"}, status=422)
    refused(hl1, "POST", "/tickets", {**body, "title": ""}, status=422)
    refused(hl1, "POST", "/tickets", {**body, "title": "x" * 201}, status=422)
    refused(hl1, "POST", "/tickets", {**body, "fields": ["a"]}, status=422)
    refused(hl1, "POST", "/tickets", {**body, "order_no": "有空格 的"}, status=422)
    refused(hl1, "POST", "/tickets", {**body, "extra": 1}, status=422)


def test_type_without_default_group_needs_a_group(org, refused):
    org.admin.ok("POST", "/ticket-types", {"key": "misc", "name": "其他"}, status=201)
    refused(
        org.as_("hl1"),
        "POST",
        "/tickets",
        {"type": "misc", "title": "t"},
        status=422,
        code="group_required",
    )
    t = org.new_ticket(type="misc", fields={}, group="热线")
    assert t["group_id"] == org.groups["热线"]


def test_agents_see_their_groups_own_and_created_tickets_only(org, refused):
    mine = org.new_ticket("hl1")  # in 售后, created by hl1
    other = org.new_ticket("as1")  # in 售后, created by as1
    ids = {t["id"] for t in org.as_("hl1").ok("GET", "/tickets")["data"]}
    assert ids == {mine["id"]}
    assert {t["id"] for t in org.as_("as2").ok("GET", "/tickets")["data"]} == {
        mine["id"],
        other["id"],
    }
    assert len(org.as_("sup").ok("GET", "/tickets")["data"]) == 2
    refused(org.as_("hl1"), "GET", f"/tickets/{other['id']}", status=404)
    refused(org.as_("hl2"), "POST", f"/tickets/{other['id']}/comments", {"body": "hi"}, status=404)


def test_detail_has_the_timeline(org):
    t = org.new_ticket()
    detail = org.as_("as1").ok("GET", f"/tickets/{t['id']}")
    assert [e["kind"] for e in detail["events"]] == ["created", "queued"]
    assert detail["fields"] == {"order_no": "TD1001", "amount": 99.5, "reason": "质量问题"}


def test_unknown_ticket_is_404(org, refused):
    refused(org.as_("sup"), "GET", "/tickets/424242", status=404, code="not_found")
    refused(org.as_("sup"), "GET", "/tickets/0", status=422)
    refused(org.as_("sup"), "GET", "/tickets/abc", status=422)
    refused(org.as_("sup"), "GET", f"/tickets/{2**70}", status=422)


def test_filters(org):
    a = org.new_ticket(priority="high")
    b = org.new_ticket(group="热线", fields={**VALID_REFUND_FIELDS, "order_no": "TD2002"})
    org.as_("as1").ok("POST", f"/tickets/{a['id']}/accept")
    sup = org.as_("sup")

    def ids(query):
        return [t["id"] for t in sup.ok("GET", f"/tickets?{query}")["data"]]

    assert ids("status=queued") == [b["id"]]
    assert ids("status=queued&status=in_progress") == [b["id"], a["id"]]
    assert ids(f"group={org.groups['热线']}") == [b["id"]]
    assert ids(f"assignee={org.users['as1']}") == [a["id"]]
    assert ids("assignee=none") == [b["id"]]
    assert org.as_("as1").ok("GET", "/tickets?assignee=me")["data"][0]["id"] == a["id"]
    assert ids("order_no=TD2002") == [b["id"]]
    assert ids("priority=high") == [a["id"]]
    assert ids(f"type={org.type_id}") == [b["id"], a["id"]]
    assert ids("created_from=2000-01-01T00:00:00Z&created_to=2100-01-01T00:00:00Z") == [
        b["id"],
        a["id"],
    ]
    assert ids("created_from=2100-01-01T00:00:00Z") == []


def test_bad_filters_are_refused(org, refused):
    sup = org.as_("sup")
    refused(sup, "GET", "/tickets?status=open", status=422)
    refused(sup, "GET", "/tickets?assignee=somebody", status=422, code="invalid_filter")
    refused(sup, "GET", "/tickets?limit=0", status=422)
    refused(sup, "GET", "/tickets?limit=100000", status=422)
    refused(sup, "GET", "/tickets?created_from=yesterday", status=422)
    refused(sup, "GET", "/tickets?created_from=2026-01-01T00:00:00", status=422)
    refused(sup, "GET", "/tickets?cursor=garbage!!", status=422, code="invalid_cursor")


def test_text_search_finds_chinese_words_and_numbers(org):
    a = org.new_ticket(
        title="空气净化器滤网破损", fields={**VALID_REFUND_FIELDS, "phone": "138-0013-8000"}
    )
    b = org.new_ticket(title="收货地址修改", body="客户搬家到浦东新区")
    org.as_("as1").ok("POST", f"/tickets/{b['id']}/comments", {"body": "已联系快递 SF123456 改派"})
    sup = org.as_("sup")

    def found(q):
        return [t["id"] for t in sup.ok("GET", f"/tickets?q={quote(q)}")["data"]]

    assert found("净化器") == [a["id"]]
    assert found("滤网 破损") == [a["id"]]
    assert found("浦东") == [b["id"]]
    assert found("改派") == [b["id"]]  # comments are searchable
    assert found("sf123") == [b["id"]]  # prefix, case-insensitive
    assert found("13800138000") == [a["id"]]  # phone without dashes
    assert found(f"#{a['id']}") == [a["id"]]
    assert found("不存在的词") == []
    assert found("!!!") == []


def test_cursor_paging_walks_everything_once(org):
    created = [org.new_ticket(title=f"工单 {i}")["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        page = org.as_("sup").ok(
            "GET", "/tickets?limit=3" + (f"&cursor={cursor}" if cursor else "")
        )
        seen += [t["id"] for t in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(created, reverse=True)


def test_a_retried_submission_with_the_same_idempotency_key_creates_one_ticket(org, refused):
    hl1 = org.as_("hl1")
    body = {"type": "refund", "title": "重试", "fields": VALID_REFUND_FIELDS}
    first = hl1.post("/tickets", body, headers={"Idempotency-Key": "call-7788-1"})
    again = hl1.post("/tickets", body, headers={"Idempotency-Key": "call-7788-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    other = hl1.post("/tickets", body, headers={"Idempotency-Key": "call-7788-2"})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    # keys belong to their creator: another agent's same key is another ticket
    assert (
        org.as_("hl2")
        .post("/tickets", body, headers={"Idempotency-Key": "call-7788-1"})
        .status_code
        == 201
    )
    refused(hl1, "POST", "/tickets", body, headers={"Idempotency-Key": "x" * 101}, status=422)
