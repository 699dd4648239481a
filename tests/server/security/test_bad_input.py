"""Bad input at any depth, in any route: a 4xx in the error shape, and nothing changed.

Each class here answered 500 before: Unicode digits in numbers read from text, NUL and lone
surrogates anywhere in a body or a query, non-finite numbers, and bodies nested too deep."""

from __future__ import annotations

import json

import pytest

from tests.conftest import VALID_REFUND_FIELDS
from ticketdesk.common import limits

UNICODE_DIGITS = ["²", "٣", "７", "#²", "#٣", "¹²³"]


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_unicode_digits_in_a_search_are_text_not_a_crash(org, digits):
    ticket = org.new_ticket()
    r = org.admin.get("/tickets", params={"q": digits})
    assert r.status_code == 200, r.text
    assert all(t["id"] != ticket["id"] for t in r.json()["data"])  # "٣" is not ticket 3


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_unicode_digits_as_an_assignee_are_refused(org, refused, digits):
    refused(org.admin, "GET", "/tickets", params={"assignee": digits}, status=422,
            code="invalid_filter")


@pytest.mark.parametrize("digits", ["t٣", "t²", "t７"])
def test_unicode_digits_in_a_cursor_are_refused(org, refused, digits):
    import base64

    cursor = base64.urlsafe_b64encode(digits.encode()).decode().rstrip("=")
    refused(org.admin, "GET", "/tickets", params={"cursor": cursor}, status=422,
            code="invalid_cursor")


def test_unicode_digits_on_the_command_line_are_names_not_a_crash(server):
    r = server.cli("group", "add-member", "²", "٣")
    assert r.returncode == 1 and "no group" in r.stderr and "Traceback" not in r.stderr
    r = server.cli("group", "add", "x", "--capacity", "٣")
    assert r.returncode == 2 and "not a whole number" in r.stderr


def _raw(client, method, path, text, refused=None, **kw):
    """Send ``text`` as the body verbatim (httpx's json= cannot send NaN or lone surrogates)."""
    headers = {"Content-Type": "application/json"}
    if refused is not None:
        return refused(client, method, path, content=text.encode("utf-8", "surrogatepass"),
                       headers=headers, **kw)
    return client.request(method, path, content=text.encode("utf-8", "surrogatepass"),
                          headers=headers)


def _locs(error):
    return [p["loc"] for p in error["details"]]


def test_nul_anywhere_in_a_body_is_refused_naming_where(org, refused):
    admin, sup = org.admin, org.as_("sup")
    cases = [
        # (client, method, path, body, location)
        (admin, "POST", "/groups", {"name": "x\x00"}, ["body", "name"]),
        (admin, "POST", "/groups", {"name": "g", "working_hours": {"weekly": {"mon\x00": []}}},
         ["body", "working_hours", "weekly", "mon\\u0000"]),
        (sup, "PUT", "/orders/TD1001", {"data": {"lines": [{"sku": "a\x00"}]}},
         ["body", "data", "lines", "0", "sku"]),
        (sup, "PUT", "/orders/TD1001", {"data": {"k\x00": 1}}, ["body", "data", "k\\u0000"]),
        (admin, "POST", "/ticket-types", {"key": "t", "name": "T", "fields": [
            {"key": "c", "label": "C", "kind": "choice", "options": ["a", "b\x00"]}]},
         ["body", "fields", "0", "options", "1"]),
        (admin, "POST", "/ticket-types", {"key": "t", "name": "T", "fields": [
            {"key": "c", "label": "C\x00"}]}, ["body", "fields", "0", "label"]),
        (sup, "POST", "/tickets", {"type": "refund", "title": "t",
                                   "fields": {**VALID_REFUND_FIELDS, "reason": "其他\x00"}},
         ["body", "fields", "reason"]),
        (admin, "POST", "/users", {"username": "u1", "display_name": "U", "password": "p\x00" * 8},
         ["body", "password"]),
    ]
    for client, method, path, body, loc in cases:
        error = refused(client, method, path, body, status=422, code="validation_failed")
        assert loc in _locs(error), (path, error)


def test_nul_in_a_login_is_refused(anon, refused):
    refused(anon, "POST", "/auth/login", {"username": "ad\x00min", "password": "x"},
            status=422)


@pytest.mark.parametrize("param", ["q", "order_no", "assignee", "cursor"])
def test_nul_in_a_query_parameter_is_refused(org, refused, param):
    error = refused(org.admin, "GET", f"/tickets?{param}=a%00b", status=422)
    assert ["query", param] in _locs(error)


def test_lone_surrogates_in_a_body_are_refused(org, refused):
    error = _raw(org.admin, "POST", "/groups", '{"name": "x\\ud800"}', refused, status=422)
    assert ["body", "name"] in _locs(error)
    error = _raw(org.as_("sup"), "PUT", "/orders/TD1001", '{"data": {"\\udfff": 1}}', refused,
                 status=422)
    assert error["details"][0]["type"] == "lone_surrogate"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_anywhere_are_refused(org, refused, literal):
    spec = f'{{"key": "amount", "label": "A", "kind": "number", "min_value": {literal}}}'
    error = _raw(org.admin, "POST", "/ticket-types",
                 f'{{"key": "t", "name": "T", "fields": [{spec}]}}', refused, status=422)
    assert ["body", "fields", "0", "min_value"] in _locs(error)
    assert error["details"][0]["type"] == "non_finite_number"
    _raw(org.as_("sup"), "PUT", "/orders/TD1001", f'{{"data": {{"x": [{literal}]}}}}', refused,
         status=422)
    fields = json.dumps(VALID_REFUND_FIELDS)[:-1] + f', "amount": {literal}}}'
    _raw(org.as_("sup"), "POST", "/tickets",
         f'{{"type": "refund", "title": "t", "fields": {fields}}}', refused, status=422)


def test_a_key_given_twice_is_refused_naming_it(org, refused):
    # Python's parser kept the last of the two silently: the ticket was titled "b".
    sup = org.as_("sup")
    fields = json.dumps(VALID_REFUND_FIELDS)
    error = _raw(sup, "POST", "/tickets",
                 f'{{"type": "refund", "title": "a", "title": "b", "fields": {fields}}}',
                 refused, status=422)
    assert (["body", "title"], "duplicate_key") in [
        (p["loc"], p["type"]) for p in error["details"]]
    # At any depth, free-form data and nested models alike; a key repeated in another
    # object is no repetition.
    error = _raw(sup, "PUT", "/orders/TD1001",
                 '{"data": {"a": {"x": 1, "y": 2, "x": 3}, "b": {"x": 1}}}', refused, status=422)
    assert _locs(error) == [["body", "data", "a", "x"]]
    _raw(org.admin, "POST", "/groups", '{"name": "g", "working_hours": {"timezone": "UTC", '
         '"weekly": {"mon": [{"start": "09:00", "start": "10:00", "end": "18:00"}]}}}',
         refused, status=422)
    sup.ok("PUT", "/orders/TD1001", {"data": {"a": {"x": 1}, "b": {"x": 1}}}, status=201)


def _nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def test_bodies_nested_deeper_than_the_limit_are_refused(org, refused):
    sup = org.as_("sup")
    sup.ok("PUT", "/orders/TD1001", {"data": _nested(limits.MAX_JSON_DEPTH - 3)}, status=201)
    error = refused(sup, "PUT", "/orders/TD1002", {"data": _nested(limits.MAX_JSON_DEPTH + 1)},
                    status=422)
    assert error["details"][0]["type"] == "too_deep"
    # Far past what the parser itself can recurse through: still the error shape.
    deep = "[" * 200_000 + "]" * 200_000
    _raw(sup, "PUT", "/orders/TD1003", f'{{"data": {{"x": {deep}}}}}', refused, status=422)


def test_an_offset_postgresql_cannot_hold_is_read_as_the_instant_it_names(org):
    # Found by make fuzz: offsets past ±15:59 were a 500 from PostgreSQL; they are moments
    # like any other once in UTC.
    r = org.admin.get("/tickets", params={"created_from": "2026-01-01T00:00:00+17:38"})
    assert r.status_code == 200, r.text
    r = org.admin.get("/kpis", params={"from": "2026-01-01T00:00:00+17:38",
                                        "to": "2026-02-01T00:00:00-17:38"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-10:00", "0001-01-01T00:00:00+10:00"])
def test_moments_past_the_ends_of_the_calendar_are_refused(org, refused, moment):
    refused(org.admin, "GET", "/tickets", params={"created_from": moment}, status=422)
    refused(org.admin, "GET", "/kpis", params={"from": moment, "to": "9999-12-31T00:00:00Z"},
            status=422)


def test_the_command_line_refuses_what_the_api_refuses(server, tmp_path):
    # A NUL in a choice option, or NaN (which json.load and TOML accept): a traceback before.
    bad = tmp_path / "bad.json"
    bad.write_text('{"key": "x", "name": "X", "fields": [{"key": "c", "label": "C", '
                   '"kind": "choice", "options": ["a\\u0000"]}, {"key": "n", "label": "N", '
                   '"kind": "number", "min_value": NaN}]}')
    r = server.cli("type", "add", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "options/0" in r.stderr and "min_value" in r.stderr
    toml = tmp_path / "bad.toml"
    toml.write_text('key = "y"\nname = "Y"\n[[fields]]\nkey = "n"\nlabel = "N"\n'
                    'kind = "number"\nmax_value = inf\n')
    r = server.cli("type", "add", str(toml))
    assert r.returncode == 2 and "max_value" in r.stderr and "Traceback" not in r.stderr
    # An edit reads its file the same way (it took a NUL to the database before); a key
    # given twice is refused too.
    twice = tmp_path / "twice.json"
    twice.write_text('{"name": "A", "name": "B\\u0000"}')
    r = server.cli("type", "edit", "refund", str(twice))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "twice.json/name: an object must not name the same key twice" in r.stderr
    assert "twice.json/name: text must not contain NUL" in r.stderr


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_unicode_digits_in_an_audit_search_are_text(org, digits):
    # Found by make fuzz in GET /events (landed meanwhile with its own isdigit()): a 500.
    r = org.admin.get("/events", params={"q": digits})
    assert r.status_code == 200, r.text
    import base64

    cursor = base64.urlsafe_b64encode(f"e1٣.{digits}".encode()).decode().rstrip("=")
    r = org.admin.get("/events", params={"cursor": cursor})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_cursor", r.text


def test_a_trailing_slash_is_not_found_not_a_redirect(org, refused):
    # Found by make fuzz: /tickets/1%2F answered an undocumented 307.
    refused(org.admin, "GET", "/tickets/1%2F", status=404)
    refused(org.admin, "GET", "/groups/", status=404)


def test_a_query_parameter_no_route_reads_is_refused_on_every_get_route(org, server):
    """A typo in a filter (``asignee``) is named, not ignored: every GET route of the API
    answers 422 ``invalid_filter`` for a parameter it does not declare."""
    schema = org.admin.ok("GET", "/openapi.json")
    paths = [p for p, ops in schema["paths"].items()
             if "get" in ops and "{" not in p and p.startswith("/api/v1/")]
    assert "/api/v1/tickets" in paths and "/api/v1/events/export" in paths
    for path in paths:
        r = org.admin.get(path.removeprefix("/api/v1"), params={"asignee": "1"})
        assert r.status_code == 422, (path, r.status_code, r.text[:200])
        error = r.json()["error"]
        assert error["code"] == "invalid_filter" and error["details"] == {"field": "asignee"}
    assert org.admin.get("/tickets", params={"assignee": "me"}).status_code == 200
