"""The OpenAPI document as served: every operation shows an example of its request body
and of its success answer, and every example is one its own schema accepts — and, for the
wire models, one the model itself accepts (and, for an answer, writes back unchanged), so
what an integrator copies from ``/api/v1/docs`` is what the server takes and gives."""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema_rs
import pytest
from pydantic import BaseModel

from ticketdesk.common import models
from ticketdesk.common.models.base import RequestModel

Found = list[tuple[Any, dict[str, Any], str]]
"""(example, the schema it illustrates, where it was found)."""


@pytest.fixture(scope="module")
def spec(server_process) -> dict[str, Any]:
    response = httpx.get(f"{server_process.base_url}/api/v1/openapi.json")
    response.raise_for_status()
    return response.json()


def _component(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    return spec["components"]["schemas"][ref.removeprefix("#/components/schemas/")]


def _schema_examples(spec: dict[str, Any], schema: dict[str, Any] | None, where: str) -> Found:
    """The examples a schema carries: its own, those of the model it names, of the models
    of a nullable body (``Model | None``), and of a list's item as a list of one."""
    if not schema:
        return []
    found: Found = [(e, schema, where) for e in schema.get("examples", [])]
    if "$ref" in schema:
        found += [(e, schema, where) for e in _component(spec, schema["$ref"]).get(
            "examples", [])]
    for branch in schema.get("anyOf", []):
        found += [(e, schema, where) for e, _, _ in _schema_examples(spec, branch, where)]
    if schema.get("type") == "array" and "items" in schema:
        found += [([e], schema, where) for e, _, _ in _schema_examples(
            spec, schema["items"], where)]
    return found


def _content_examples(spec: dict[str, Any], content: dict[str, Any], where: str) -> Found:
    found: Found = []
    for media_type, media in content.items():
        at = f"{where} {media_type}"
        schema = media.get("schema") or {}
        if "example" in media:
            found.append((media["example"], schema, at))
        found += [(e["value"], schema, at) for e in media.get("examples", {}).values()
                  if "value" in e]
        found += _schema_examples(spec, media.get("schema"), at)
    return found


def _operations(spec: dict[str, Any]):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                yield f"{method.upper()} {path}", operation


def _every_example(spec: dict[str, Any]) -> Found:
    found: Found = []
    for name, operation in _operations(spec):
        body = operation.get("requestBody")
        if body:
            found += _content_examples(spec, body.get("content", {}), f"{name} request")
        for status, answer in operation["responses"].items():
            found += _content_examples(spec, answer.get("content", {}), f"{name} {status}")
    for name, schema in spec["components"]["schemas"].items():
        ref = {"$ref": f"#/components/schemas/{name}"}
        found += [(e, ref, f"schema {name}") for e in schema.get("examples", [])]
    return found


def test_every_operation_shows_a_request_and_an_answer_example(spec):
    lacking = []
    count = 0
    for name, operation in _operations(spec):
        count += 1
        body = operation.get("requestBody")
        if body and not _content_examples(spec, body["content"], name):
            lacking.append(f"{name}: request body")
        for status, answer in operation["responses"].items():
            # A 204 has no body to show; every answer with content must.
            if status.startswith("2") and answer.get("content") and not _content_examples(
                    spec, answer["content"], name):
                lacking.append(f"{name}: {status} answer")
    assert count >= 69  # the whole API is in the document (not an empty walk)
    assert not lacking, "operations without an example:\n" + "\n".join(lacking)


def test_every_example_matches_its_own_schema(spec):
    found = _every_example(spec)
    assert len(found) > 100
    wrong = []
    for example, schema, where in found:
        # The components beside the schema, so its references resolve as in the document.
        validator = jsonschema_rs.Draft202012Validator(
            {**schema, "components": spec["components"]}, validate_formats=True)
        errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(example)]
        if errors:
            wrong.append(f"{where}: " + "; ".join(errors[:3]))
    assert not wrong, "examples their schema refuses:\n" + "\n".join(wrong)


def _models_with_examples() -> list[type[BaseModel]]:
    return [
        m for m in vars(models).values()
        if isinstance(m, type) and issubclass(m, BaseModel)
        and isinstance(m.model_config.get("json_schema_extra"), dict)
        and "examples" in m.model_config["json_schema_extra"]
    ]


def test_each_models_example_is_one_the_model_takes_and_writes_back():
    checked = _models_with_examples()
    assert len(checked) >= 45
    wrong = []
    for model in checked:
        for example in model.model_config["json_schema_extra"]["examples"]:
            try:
                value = model.model_validate(example)
            except ValueError as exc:
                wrong.append(f"{model.__name__}: refused: {exc}")
                continue
            if issubclass(model, RequestModel):
                continue
            # An answer's example is what the server writes: every field, written the way
            # the server writes it (times in UTC with a Z, no field left to a default).
            written = value.model_dump(mode="json")
            if written != example:
                wrong.append(f"{model.__name__}: written back as {_diff(example, written)}")
    assert not wrong, "\n".join(wrong)


def _diff(example: Any, written: Any, at: str = "") -> str:
    if isinstance(example, dict) and isinstance(written, dict):
        for key in sorted(set(example) | set(written), key=str):
            if example.get(key, "<missing>") != written.get(key, "<missing>"):
                return _diff(example.get(key, "<missing>"), written.get(key, "<missing>"),
                             f"{at}.{key}")
    if isinstance(example, list) and isinstance(written, list) and len(example) == len(
            written):
        for i, (a, b) in enumerate(zip(example, written, strict=True)):
            if a != b:
                return _diff(a, b, f"{at}[{i}]")
    return f"{at or '.'}: {written!r}, not {example!r}"
