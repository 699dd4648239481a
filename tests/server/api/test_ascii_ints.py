"""Integer path and query parameters are ASCII digits only, on every route the API documents:
``/tickets/1_000``, ``?limit=+5``, `` 5``, ``5.0`` or ``٣`` are 422 in the error shape, and
nothing changes (pydantic's lax mode read the first five as numbers)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from tests.support import database_fingerprint

BAD = ["1_000", "+5", " 5", "5.0", "-0", "٣"]


def _is_int(schema: dict[str, Any]) -> bool | None:
    """None: not an integer parameter; False: one integer; True: a list of them."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "integer":
            return False
        if option.get("type") == "array" and option.get("items", {}).get("type") == "integer":
            return True
    return None


def _int_parameters(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], bool]]:
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                kind = _is_int(param.get("schema", {}))
                if param["in"] in ("path", "query") and kind is not None:
                    found.append((method.upper(), path, param, kind))
    return found


def _url(path: str, spec_params: list[dict[str, Any]], target: dict[str, Any], value: str,
         many: bool) -> tuple[str, dict[str, Any]]:
    """The path with every path parameter filled in (``1``, or ``value`` for the target); a
    list parameter gets a good value first, then the bad one."""
    for param in spec_params:
        if param["in"] == "path":
            filled = quote(value, safe="") if param is target else "1"
            path = path.replace("{" + param["name"] + "}", filled)
    query: dict[str, Any] = {}
    if target["in"] == "query":
        query[target["name"]] = ["1", value] if many else value
    return path.removeprefix("/api/v1"), query


def test_no_route_reads_a_lax_integer(admin, pg_url):
    spec = httpx.get(f"{admin.base_url}/api/v1/openapi.json").json()
    params = _int_parameters(spec)
    assert len(params) >= 25  # ids in paths, page sizes, id filters: the walk found them
    before = database_fingerprint(pg_url)
    accepted = []
    for method, path, target, many in params:
        operation_params = spec["paths"][path][method.lower()]["parameters"]
        for value in BAD:
            url, query = _url(path, operation_params, target, value, many)
            body = {} if method in ("POST", "PUT", "PATCH") else None
            response = admin.request(method, url, params=query, json=body)
            error = response.json().get("error", {}) if response.content else {}
            locs = [d.get("loc", [])[:2] for d in error.get("details") or []]
            if not (response.status_code == 422 and error.get("code") == "validation_failed"
                    and [target["in"], target["name"]] in locs):
                accepted.append((method, path, target["name"], value, response.status_code,
                                 response.text[:200]))
    assert not accepted, f"{len(accepted)} lax integers got through, e.g. {accepted[:5]}"
    assert database_fingerprint(pg_url) == before


def test_plain_digits_still_work(org):
    ticket = org.new_ticket(creator="sup")
    sup = org.as_("sup")
    assert sup.ok("GET", f"/tickets/{ticket['id']}")["id"] == ticket["id"]
    assert sup.ok("GET", f"/tickets/{ticket['id']:05d}")["id"] == ticket["id"]
    page = sup.request("GET", "/tickets", params={"limit": "1", "group": [str(org.groups["售后"])]})
    assert page.status_code == 200, page.text
