"""Hostile text is stored and returned verbatim — never interpreted — and hostile shapes
are refused with a clear 4xx that changes nothing."""

from __future__ import annotations

import pytest

HOSTILE = [
    "'; DROP TABLE tickets; --",
    "<script>alert(1)</script><b>粗体</b>",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "%s %d {0} ${jndi:ldap://x} {{7*7}}",
    "\\x00 is not a NUL, \\u0000 neither; ‮RTL override",
    "emoji 🎫 and combining e\u0301 and 中文",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_verbatim_through_every_string_field(org, text):
    admin = org.admin
    group = admin.ok("POST", "/groups", {"name": text[:100], "description": text}, status=201)
    assert (group["name"], group["description"]) == (text[:100], text)
    ttype = admin.ok(
        "POST",
        "/ticket-types",
        {
            "key": "hostile",
            "name": text[:100],
            "description": text,
            "body_template": text,
            "default_group": group["id"],
            "fields": [
                {"key": "note", "label": text[:100], "kind": "text", "help": text},
                {"key": "pick", "label": "选", "kind": "choice", "options": [text[:100]]},
            ],
        },
        status=201,
    )
    assert ttype["fields"][0]["label"] == text[:100] and ttype["body_template"] == text
    user = admin.ok(
        "POST",
        "/users",
        {"username": "hostile", "display_name": text[:100], "password": "password-123"},
        status=201,
    )
    assert user["display_name"] == text[:100]
    ticket = org.as_("sup").ok(
        "POST",
        "/tickets",
        {
            "type": "hostile",
            "title": text,
            "body": text,
            "fields": {"note": text, "pick": text[:100]},
        },
        status=201,
    )
    tid = ticket["id"]
    org.as_("sup").ok("POST", f"/tickets/{tid}/comments", {"body": text}, status=201)
    org.as_("sup").ok("POST", f"/tickets/{tid}/transfer", {"group": "热线", "note": text})
    org.admin.ok(
        "PUT",
        "/orders/HOSTILE-1",
        {"customer_name": text, "status": text, "data": {"k": text}},
        status=201,
    )
    detail = org.as_("sup").ok("GET", f"/tickets/{tid}")
    assert (detail["title"], detail["body"]) == (text.strip(), text)
    assert detail["fields"] == {"note": text.strip(), "pick": text[:100]}
    comment = next(e for e in detail["events"] if e["kind"] == "commented")
    transfer = next(e for e in detail["events"] if e["kind"] == "transferred")
    assert comment["data"]["body"] == text.strip() and transfer["data"]["note"] == text.strip()
    order = org.admin.ok("GET", "/orders/HOSTILE-1")
    assert (order["customer_name"], order["status"], order["data"]) == (text, text, {"k": text})
    # and nothing happened to the tables the text talks about
    assert len(org.as_("sup").ok("GET", "/users")) >= 7
    assert org.as_("sup").ok("GET", f"/tickets?q={text[:20]}")["data"] is not None


def test_ten_megabytes_is_refused_before_it_is_read(org, refused):
    refused(
        org.as_("hl1"),
        "POST",
        "/tickets",
        content=b'{"type": "refund", "title": "' + b"x" * 10_000_000 + b'"}',
        headers={"content-type": "application/json"},
        status=413,
    )


@pytest.mark.parametrize(
    "body",
    [
        {"type": "refund", "title": ["not", "a", "string"]},
        {"type": {"$gt": ""}, "title": "t"},
        {"type": "refund", "title": "t", "priority": "URGENT!!"},
        {
            "type": "refund",
            "title": "t",
            "fields": {"order_no": "TD1", "amount": "-1e309", "reason": "其他"},
        },
        {
            "type": "refund",
            "title": "t",
            "fields": {"order_no": "TD1", "amount": 10**400, "reason": "其他"},
        },
        {"type": "refund", "title": "t", "fields": {f"f{i}": "x" for i in range(60)}},
        {"type": "refund", "title": "t", "group": 2**63},
        {"type": "refund", "title": "t", "order_no": "' OR 1=1 --"},
    ],
)
def test_hostile_shapes_get_a_clear_4xx_and_change_nothing(org, refused, body):
    error = refused(org.as_("hl1"), "POST", "/tickets", body, status=422)
    assert error["code"] in ("validation_failed", "invalid_fields", "unknown_group")


def test_huge_integers_in_json_are_a_bad_body_not_a_crash(org, refused):
    refused(
        org.as_("hl1"),
        "POST",
        "/tickets",
        content=b'{"type": "refund", "title": "t", "fields": {"amount": 1' + b"0" * 5000 + b"}}",
        headers={"content-type": "application/json"},
        status=400,
    )
