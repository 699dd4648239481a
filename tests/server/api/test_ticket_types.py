from tests.conftest import REFUND_TYPE, VALID_REFUND_FIELDS


def test_types_are_readable_by_everyone(org):
    types = org.as_("hl1").ok("GET", "/ticket-types")
    assert [t["key"] for t in types] == ["refund"]
    t = org.as_("hl1").ok("GET", f"/ticket-types/{org.type_id}")
    assert t["default_group_id"] == org.groups["售后"]
    assert [f["kind"] for f in t["fields"]] == ["order_no", "number", "choice", "phone"]
    assert t["body_template"] == "客户诉求：\n"


def test_type_input_is_checked(org, refused):
    refused(org.admin, "POST", "/ticket-types", REFUND_TYPE, status=409, code="type_key_taken")
    bad_choice = {"key": "x", "name": "X", "fields": [{"key": "c", "label": "C", "kind": "choice"}]}
    refused(org.admin, "POST", "/ticket-types", bad_choice, status=422)
    bad_kind = {"key": "x", "name": "X", "fields": [{"key": "c", "label": "C", "kind": "colour"}]}
    refused(org.admin, "POST", "/ticket-types", bad_kind, status=422)
    refused(
        org.admin,
        "POST",
        "/ticket-types",
        {"key": "x", "name": "X", "default_group": "无"},
        status=422,
        code="unknown_group",
    )
    refused(org.admin, "POST", "/ticket-types", {"key": "Bad Key", "name": "X"}, status=422)
    refused(org.as_("sup"), "POST", "/ticket-types", {"key": "x", "name": "X"}, status=403)


def test_update_and_retire_a_type(org, refused):
    t = org.admin.ok(
        "PATCH",
        f"/ticket-types/{org.type_id}",
        {"default_group": "热线", "default_priority": "high"},
    )
    assert t["default_group_id"] == org.groups["热线"] and t["default_priority"] == "high"
    org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {"active": False})
    refused(
        org.as_("hl1"),
        "POST",
        "/tickets",
        {
            "type": "refund",
            "title": "t",
            "fields": {"order_no": "TD1", "amount": 1, "reason": "其他"},
        },
        status=422,
        code="type_inactive",
    )
    refused(org.admin, "PATCH", "/ticket-types/9999", {"name": "x"}, status=404)
    refused(org.as_("hl1"), "PATCH", f"/ticket-types/{org.type_id}", {"name": "x"}, status=403)


def test_editing_a_type_makes_a_new_version_and_old_tickets_keep_theirs(org, refused):
    """Removing an option and a field after tickets exist: those tickets stay valid, name the
    version they were created with, and that version still reads as it was."""
    agent = org.as_("hl1")
    old = agent.ok(
        "POST",
        "/tickets",
        {"type": "refund", "title": "错", "fields": {**VALID_REFUND_FIELDS, "reason": "发错货"}},
        status=201,
    )
    assert old["type_version"] == 1
    fields = [f for f in REFUND_TYPE["fields"] if f["key"] != "phone"]
    fields[2] = {**fields[2], "label": "退款原因", "options": ["质量问题", "其他"]}
    edited = org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {"fields": fields})
    assert edited["version"] == 2
    assert org.admin.ok("GET", f"/ticket-types/{org.type_id}")["version"] == 2

    # The old ticket is unchanged and still points at version 1, which is as it was.
    again = agent.ok("GET", f"/tickets/{old['id']}")
    assert again["type_version"] == 1 and again["fields"]["reason"] == "发错货"
    v1 = agent.ok("GET", f"/ticket-types/{org.type_id}/versions/1")
    assert v1["version"] == 1
    assert [f["key"] for f in v1["fields"]] == ["order_no", "amount", "reason", "phone"]
    assert v1["fields"][2]["label"] == "原因" and "发错货" in v1["fields"][2]["options"]
    v2 = agent.ok("GET", f"/ticket-types/{org.type_id}/versions/2")
    assert v2["fields"][2]["options"] == ["质量问题", "其他"]

    # New tickets are held to the new version: the removed option is refused, ...
    refused(
        agent,
        "POST",
        "/tickets",
        {"type": "refund", "title": "t", "fields": {**VALID_REFUND_FIELDS, "reason": "发错货"}},
        status=422,
        code="invalid_fields",
    )
    new = agent.ok(
        "POST", "/tickets", {"type": "refund", "title": "t", "fields": VALID_REFUND_FIELDS},
        status=201,
    )
    assert new["type_version"] == 2
    # ... the old ticket can still be worked on ...
    agent.ok("POST", f"/tickets/{old['id']}/comments", {"body": "已联系客户"}, status=201)
    # ... and only retiring (no template change) makes no version.
    assert org.admin.ok("PATCH", f"/ticket-types/{org.type_id}", {"active": False})["version"] == 2
    refused(agent, "GET", f"/ticket-types/{org.type_id}/versions/3", status=404,
            code="type_version_not_found")
    refused(agent, "GET", "/ticket-types/9999/versions/1", status=404)
