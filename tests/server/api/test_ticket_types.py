from tests.conftest import REFUND_TYPE


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
