"""A property of every request model, sent over HTTP to the real server: a body with a NUL,
a non-finite number or an unknown key at any depth is refused with 422 naming the place, and
the database is exactly as it was. The models are found by walking ``common.models`` and the
routes that take them by reading the live OpenAPI, so a new model or route is covered."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.request_models import request_models
from tests.support import database_fingerprint

Path = list[str | int]


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:  # Optional[X] and the like: the first that is not null
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolve(options[0], defs) if options else {"type": "null"}
    return schema


def example(schema: dict[str, Any], defs: dict[str, Any], path: Path,
            objects: list[Path], leaves: list[Path]) -> Any:
    """A body with every property filled (so nested objects exist to aim at); not necessarily
    valid — the checks name the injected defect's location, whatever else is wrong. Records
    where the model objects (``objects``) and the scalar values (``leaves``) are."""
    schema = _resolve(schema, defs)
    kind = schema.get("type")
    if "enum" in schema:
        leaves.append(path)
        return schema["enum"][0]
    if kind == "object" and "properties" in schema:
        objects.append(path)
        return {
            name: example(sub, defs, [*path, name], objects, leaves)
            for name, sub in schema["properties"].items()
        }
    if kind == "object":  # free-form or dict[str, X]: one entry
        inner = schema.get("additionalProperties")
        value = example(inner, defs, [*path, "mon"], objects, leaves) if isinstance(
            inner, dict) else "v"
        if not isinstance(inner, dict):
            leaves.append([*path, "mon"])
        return {"mon": value}
    if kind == "array":
        return [example(schema.get("items", {}), defs, [*path, 0], objects, leaves)]
    leaves.append(path)
    return {"integer": 1, "number": 1.5, "boolean": True, "null": None}.get(kind, "text")


def _near_miss(keys: list[str], pick: int) -> str:
    """A typo of a real key (``requried``, ``weekley``), never the key itself."""
    if not keys:
        return "unknown"
    key = keys[pick % len(keys)]
    variants = [key[:1] + key[2:1:-1] + key[1:2] + key[3:] if len(key) > 3 else key + "s",
                key + "e", key.upper(), key.replace("_", "")]
    for candidate in variants:
        if candidate not in keys:
            return candidate
    return key + "_x"


def _get(body: Any, path: Path) -> Any:
    for part in path:
        body = body[part]
    return body


def _operations(base_url: str) -> dict[str, list[tuple[str, str]]]:
    """Request model name → the (method, path) of every operation taking it as its body."""
    spec = httpx.get(f"{base_url}/api/v1/openapi.json").json()
    found: dict[str, list[tuple[str, str]]] = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if not content:
                continue
            text = json.dumps(content["schema"])
            for name in {r.rsplit("/", 1)[1] for r in _refs(content["schema"])}:
                found.setdefault(name, []).append((method.upper(), path))
            assert text
    return found


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["$ref"]] if "$ref" in schema else []
        return own + [r for v in schema.values() for r in _refs(v)]
    if isinstance(schema, list):
        return [r for v in schema for r in _refs(v)]
    return []


def _fill(path: str, ids: dict[str, Any]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"no test value for a path parameter of {path}"
    return path


@pytest.fixture
def targets(org) -> list[tuple[type, str, str]]:
    ticket = org.new_ticket()
    org.as_("sup").ok("PUT", "/orders/TD1001", {"customer_name": "张三"}, status=201)
    ids = {"ticket_id": ticket["id"], "group_id": org.groups["热线"], "user_id": org.users["hl2"],
           "type_id": org.type_id, "order_no": "TD1001",
           # Bad bodies are refused before the row is looked up: any id fills these.
           "webhook_id": 1, "key_id": 1, "reply_id": 1, "view_id": 1}
    by_name = _operations(org.base_url)
    found = []
    for model in request_models():
        # Every request model is the body of some route, or nested in one (then covered there).
        for method, path in by_name.get(model.__name__, []):
            found.append((model, method, "/" + _fill(path, ids).split("/api/v1/", 1)[1]))
    covered = {m for m, _, _ in found}
    assert len(covered) >= 10, covered
    return found


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_request_model_refuses_nul_non_finite_numbers_and_unknown_keys(
    org, pg_url, targets, data
):
    model, method, path = data.draw(st.sampled_from(targets), label="route")
    schema = model.model_json_schema()
    objects: list[Path] = []
    leaves: list[Path] = []
    body = example(schema, schema.get("$defs", {}), [], objects, leaves)
    defect = data.draw(st.sampled_from(["nul", "nul_key", "non_finite", "unknown_key"]),
                       label="defect")
    where: Path = data.draw(st.sampled_from(objects), label="object")
    target = _get(body, where)
    if defect == "nul":
        leaf = data.draw(st.sampled_from(leaves), label="leaf")
        parent, last = _get(body, leaf[:-1]), leaf[-1] if leaf else None
        text = data.draw(st.text(max_size=5), label="text")
        poisoned = text[: len(text) // 2] + "\x00" + text[len(text) // 2 :]
        if last is None:
            body = poisoned
        else:
            parent[last] = poisoned
        expected, kind = ["body", *leaf], "nul_character"
    elif defect == "nul_key":
        key = "k\x00" + data.draw(st.text(max_size=3), label="key")
        target[key] = 1
        expected, kind = None, "nul_character"
    elif defect == "non_finite":
        literal = data.draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999"]))
        leaf = data.draw(st.sampled_from(leaves), label="leaf")
        if leaf:
            _get(body, leaf[:-1])[leaf[-1]] = "@@NONFINITE@@"
        else:
            body = "@@NONFINITE@@"
        expected, kind = ["body", *leaf], "non_finite_number"
    else:
        key = _near_miss(list(target), data.draw(st.integers(0, 50), label="pick"))
        target[key] = data.draw(st.sampled_from([True, 1, "x", None, {}]), label="value")
        expected, kind = ["body", *where, key], "extra_forbidden"

    raw = json.dumps(body).replace('"@@NONFINITE@@"', literal if defect == "non_finite" else "")
    before = database_fingerprint(pg_url)
    response = org.admin.request(method, path, content=raw.encode(),
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 422, f"{method} {path} {raw!r}: {response.text}"
    error = response.json()["error"]
    problems = [(p["loc"], p["type"]) for p in error["details"]]
    if expected is None:
        assert any(t == kind for _, t in problems), problems
    else:
        assert ([str(p) for p in expected], kind) in problems, (raw, problems)
    assert database_fingerprint(pg_url) == before, f"{method} {path} changed the database"
