"""Malformed and oversized input: a clear 4xx in the one error shape, and nothing changed."""

import httpx


def test_malformed_json_is_400(org, refused):
    hl1 = org.as_("hl1")
    headers = {"content-type": "application/json"}
    refused(
        hl1,
        "POST",
        "/tickets",
        content=b'{"type": "refund", ',
        headers=headers,
        status=400,
        code="malformed_json",
    )
    refused(hl1, "POST", "/tickets", content=b"\xff\xfe{}", headers=headers, status=400)
    refused(hl1, "POST", "/tickets", content=b"[]", headers=headers, status=422)
    refused(hl1, "POST", "/tickets", content=b"", headers=headers, status=422)


def test_deeply_nested_json_is_refused(org, refused):
    # limits.MAX_JSON_DEPTH is enforced on every body: 422 naming the problem.
    deep = b'{"type":"refund","title":"t","fields":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    error = refused(
        org.as_("hl1"),
        "POST",
        "/tickets",
        content=deep,
        headers={"content-type": "application/json"},
        status=422,
        code="validation_failed",
    )
    assert error["details"][0]["type"] == "too_deep"


def test_oversized_body_is_413(org, refused):
    big = {"type": "refund", "title": "t", "body": "x" * 2_000_000}
    refused(org.as_("hl1"), "POST", "/tickets", big, status=413, code="payload_too_large")


def test_nul_bytes_and_huge_numbers_are_refused(org, refused):
    hl1 = org.as_("hl1")
    refused(hl1, "POST", "/tickets", {"type": "refund", "title": "a\u0000b"}, status=422)
    refused(hl1, "POST", "/tickets", {"type": 10**30, "title": "t"}, status=422)
    refused(hl1, "POST", "/tickets", {"type": -1, "title": "t"}, status=422)


def test_unknown_routes_and_methods_use_the_error_shape(org, server):
    r = httpx.get(f"{server.base_url}/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = httpx.delete(f"{server.base_url}/api/v1/tickets")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_openapi_documents_the_contract(server):
    spec = httpx.get(f"{server.base_url}/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/tickets",
        "/api/v1/tickets/{ticket_id}/transfer",
        "/api/v1/tickets/{ticket_id}/assign",
        "/api/v1/groups/{group_id}/members/{user_id}",
        "/api/v1/orders/{order_no}",
        "/api/v1/auth/login",
        "/api/v1/me/presence",
    ):
        assert path in paths, path
    assert "TicketCreate" in spec["components"]["schemas"]
