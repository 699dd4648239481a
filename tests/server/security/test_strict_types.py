"""Request models are strict about types, at every depth: ``1.0``, ``"1"``, ``true`` or ``[1]``
is no integer, ``true`` or ``"1.5"`` no number, ``1`` or ``"true"`` no boolean — lax pydantic
coerced them (an id sent as ``1.0`` was ticket 1). What JSON cannot spell natively keeps its
JSON form: moments as ISO text, days as ``YYYY-MM-DD``, vocabularies as their values.

The models are validated as FastAPI validates a parsed body (``model_validate`` on the
decoded JSON), and found by walking ``common.models``, so a new model or field is covered;
a few calls over HTTP show the server answering so."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from tests.request_models import nested_models, request_models

Path = list[str | int]
TYPE_ERRORS = {"int_type", "float_type", "bool_type", "string_type", "datetime_type",
               "date_type", "is_instance_of", "enum", "model_type", "model_attributes_type",
               "dict_type", "list_type", "literal_error", "union_tag_invalid"}
"""Errors that say the *kind* of a value is wrong (not its length, pattern or range)."""

JSON_FORMS = {"date-time": "2026-01-31T08:00:00Z", "date": "2026-01-31"}


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _kinds(schema: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    """The JSON types a (possibly union) schema allows."""
    schema = _resolve(schema, defs)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return set().union(*(_kinds(o, defs) for o in options))
    if "const" in schema or "enum" in schema:
        return {"string"} if all(isinstance(v, str) for v in schema.get("enum", [
            schema.get("const")])) else {"other"}
    return {schema.get("type", "any")}


def example(schema: dict[str, Any], defs: dict[str, Any], path: Path,
            leaves: list[tuple[Path, set[str]]]) -> Any:
    """A body with every property filled with a value of its kind, in its JSON form; records
    each scalar leaf with the JSON types it allows."""
    schema = _resolve(schema, defs)
    options = [o for o in schema.get("anyOf") or schema.get("oneOf") or []
               if _resolve(o, defs).get("type") != "null"]
    if options:
        kinds = _kinds(schema, defs)
        value = example(options[0], defs, path, [])
        if not isinstance(value, dict | list):
            leaves.append((path, kinds))
        else:
            example(options[0], defs, path, leaves)
        return value
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        leaves.append((path, _kinds(schema, defs)))
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return {name: example(sub, defs, [*path, name], leaves)
                for name, sub in schema["properties"].items()}
    if kind == "object":
        names = _resolve(schema.get("propertyNames", {}), defs)
        key = names["enum"][0] if "enum" in names else "mon"
        inner = schema.get("additionalProperties")
        return {key: example(inner, defs, [*path, key], leaves) if isinstance(inner, dict)
                else "v"}
    if kind == "array":
        return [example(schema.get("items", {}), defs, [*path, 0], leaves)]
    if kind == "string":
        leaves.append((path, {"string"}))
        return JSON_FORMS.get(schema.get("format", ""), "text")
    if kind in ("integer", "number", "boolean"):
        leaves.append((path, {kind}))
        return {"integer": 1, "number": 1.5, "boolean": True}[kind]
    return "v"  # free-form (Any)


def _errors(model: type[BaseModel], body: Any) -> list[dict[str, Any]]:
    try:
        model.model_validate(body)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []


def _set(body: Any, path: Path, value: Any) -> Any:
    body = copy.deepcopy(body)
    target = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return body


def _within(path: Path, loc: Path) -> bool:
    """Whether an error's ``loc`` names ``path`` (a discriminated union inserts its tag:
    ``moves.0.assign.ticket`` for ``moves.0.ticket``)."""
    rest = iter(loc)
    return all(any(part == got for got in rest) for part in path)


def _cases() -> list[tuple[type[BaseModel], Any, list[tuple[Path, set[str]]]]]:
    cases = []
    for model in request_models():
        schema = model.model_json_schema()
        leaves: list[tuple[Path, set[str]]] = []
        body = example(schema, schema.get("$defs", {}), [], leaves)
        cases.append((model, body, leaves))
    return cases


CASES = _cases()


def test_every_model_nested_in_a_request_is_strict():
    loose = sorted(
        f"{outer.__name__} → {inner.__name__}"
        for outer in request_models()
        for inner in nested_models(outer) | {outer}
        if inner.model_config.get("strict") is not True
    )
    assert not loose, f"request models that would coerce a value: {loose}"


@pytest.mark.parametrize("model,body,leaves", CASES, ids=[c[0].__name__ for c in CASES])
def test_every_value_in_its_json_form_is_accepted(model, body, leaves):
    # Datetimes as ISO text, days, enum values, numbers, free-form data: none is a kind
    # error (patterns, ranges and cross-field rules may refuse the filler text).
    wrong_kind = [e for e in _errors(model, body) if e["type"] in TYPE_ERRORS]
    assert not wrong_kind, (body, wrong_kind)


MUTATIONS = {
    "integer": [(1.0, "number"), ("1", "string"), (True, "boolean"), ([1], "array"),
                (1.5, "number")],
    "number": [(True, "boolean"), ("1.5", "string"), ([1.5], "array")],
    "boolean": [(1, "integer"), ("true", "string"), (0, "integer")],
    "string": [(1, "integer"), (True, "boolean"), (["text"], "array")],
}


@pytest.mark.parametrize("model,body,leaves", CASES, ids=[c[0].__name__ for c in CASES])
def test_a_value_of_another_json_type_is_never_coerced(model, body, leaves):
    checked = 0
    for path, kinds in leaves:
        for kind in kinds & MUTATIONS.keys():
            for value, its_kind in MUTATIONS[kind]:
                if its_kind in kinds or (its_kind == "integer" and "number" in kinds):
                    continue  # a legitimate value of the union
                errors = _errors(model, _set(body, path, value))
                at = [e for e in errors if _within(path, list(e["loc"]))]
                assert at, f"{model.__name__}: {path} = {value!r} was accepted"
                checked += 1
    assert checked or not leaves


def test_moments_and_days_are_text_not_numbers():
    from ticketdesk.common.models import ApiKeyCreate, GroupCreate

    base = {"account": "crm", "name": "k", "scopes": ["tickets:read"]}
    assert ApiKeyCreate.model_validate({**base, "expires_at": "2030-01-01T00:00:00+08:00"}
                                       ).expires_at.isoformat() == "2029-12-31T16:00:00+00:00"
    for number in (0, 1_900_000_000, 1.5, True):
        errors = _errors(ApiKeyCreate, {**base, "expires_at": number})
        assert [e["type"] for e in errors] == ["datetime_type"], errors
    week = {"timezone": "UTC", "weekly": {}}
    assert GroupCreate.model_validate(
        {"name": "g", "working_hours": {**week, "holidays": ["2026-10-01"]}}
    ).working_hours.holidays[0].isoformat() == "2026-10-01"
    errors = _errors(GroupCreate, {"name": "g", "working_hours": {**week, "holidays": [20000]}})
    assert [e["type"] for e in errors] == ["date_type"], errors


@pytest.mark.parametrize("method,path,body,loc", [
    ("PATCH", "/groups/{group}", {"accept_timeout_seconds": "30"},
     ["body", "accept_timeout_seconds"]),
    ("PATCH", "/groups/{group}", {"default_capacity": 2.0}, ["body", "default_capacity"]),
    ("PATCH", "/groups/{group}", {"active": 1}, ["body", "active"]),
    ("POST", "/webhooks", {"url": "https://example.com/h", "groups": [1.0]},
     ["body", "groups", "0"]),
    ("POST", "/views", {"name": "v", "filter": {"group": ["GROUP"]}},  # the id as text
     ["body", "filter", "group", "0"]),
    ("POST", "/ticket-types", {"key": "t", "name": "T", "fields": [
        {"key": "n", "label": "N", "kind": "number", "min_value": True}]},
     ["body", "fields", "0", "min_value"]),
])
def test_the_server_refuses_a_coerced_value(org, refused, method, path, body, loc):
    group = str(org.groups["热线"])
    path = path.replace("{group}", group)
    if "filter" in body:
        body = {**body, "filter": {"group": [group]}}
    error = refused(org.admin, method, path, body, status=422, code="validation_failed")
    assert loc in [p["loc"] for p in error["details"]], error
