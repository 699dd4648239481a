"""A JSON body is parsed once: the document ``StrictInput`` parsed and checked is the one the
route's model is validated from (the strictness itself: tests/server/security)."""

from __future__ import annotations

import json
import types

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from ticketdesk.common.json_safety import NOT_JSON, checked_body
from ticketdesk.common.models import TicketCreate
from ticketdesk.server.api import errors
from ticketdesk.server.api.strict_input import StrictInput
from ticketdesk.server.api.unit_of_work import UnitOfWorkRoute


@pytest.fixture
def client(monkeypatch):
    """The app's own middleware, route class, error handlers and request model around one
    route; every ``json.loads`` Starlette's ``Request`` makes is counted."""
    app = FastAPI()
    errors.install(app)
    app.add_middleware(StrictInput)
    router = APIRouter(route_class=UnitOfWorkRoute)

    @router.post("/things")
    async def make(body: TicketCreate) -> dict[str, object]:
        return body.model_dump(mode="json", include={"type", "title", "fields", "group"})

    app.include_router(router)
    calls: list[bytes] = []

    def counting(text: bytes, **kwargs: object) -> object:
        calls.append(text)
        return json.loads(text, **kwargs)

    import starlette.requests

    monkeypatch.setattr(starlette.requests, "json", types.SimpleNamespace(loads=counting))
    with TestClient(app) as test_client:
        test_client.calls = calls
        yield test_client


def test_a_valid_body_is_parsed_once(client):
    body = {"type": "refund", "title": "来电", "fields": {"amount": 12.5, "note": None},
            "group": 3}
    r = client.post("/things", json=body)
    assert r.status_code == 200, r.text
    assert r.json() == body
    assert client.calls == []  # FastAPI took StrictInput's document


@pytest.mark.parametrize(("content", "status", "kind"), [
    (b'{"type": "r", "title": "a\\u0000"}', 422, "nul_character"),
    (b'{"type": "r", "title": "t", "fields": {"n": NaN}}', 422, "non_finite_number"),
    (b'{"type": "r", "title": "t", "fields": {"n": 1e999}}', 422, "non_finite_number"),
    (b'{"type": "r", "title": "t", "title": "u"}', 422, "duplicate_key"),
    (b'{"type": "r", "title": "t", "fields": {"a": {"nested": 1}}}', 422, "string_type"),
    (b'{"type": "r", "title": "t", "colour": "red"}', 422, "extra_forbidden"),
    (b'{"type": "r", "title": "t", "group": 1.0}', 422, "int_type"),
    (b'{"type": "r", "title": "t", "group": true}', 422, "int_type"),
])
def test_every_strictness_rule_still_holds(client, content, status, kind):
    r = client.post("/things", content=content, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert kind in {d["type"] for d in r.json()["error"]["details"]}, r.text


def test_a_body_that_is_not_json_is_still_400(client):
    r = client.post("/things", content=b'{"title": ', headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"


def test_the_checked_document_is_what_json_loads_makes():
    raw = b'{"a": [1, 2.5, "x", {"b": {"c": null}}], "d": true}'
    document, problems = checked_body(raw)
    assert problems == [] and document == json.loads(raw)
    assert type(document) is dict and type(document["a"][3]) is dict
    assert checked_body(b"[1, ")[0] is NOT_JSON
