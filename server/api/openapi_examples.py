"""The wire models' examples in the OpenAPI document as the models give them, nulls
included: FastAPI writes the document with ``exclude_none``, which also takes every
``None`` out of the examples (an event's ``"ticket_id": null`` disappeared, and the example
no longer matched its own schema, which requires the key)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from ticketdesk.common import models


def _model_examples() -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            extra = model.model_config.get("json_schema_extra")
            if isinstance(extra, dict) and "examples" in extra:
                found[model.__name__] = list(extra["examples"])
    return found


def restore(document: dict[str, Any]) -> None:
    """Put each model's examples back into its component schema(s), in place."""
    examples = _model_examples()
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        # A model used both ways may be split into "Name-Input" and "Name-Output".
        given = examples.get(name.removesuffix("-Input").removesuffix("-Output"))
        if given is not None and "examples" in schema:
            schema["examples"] = given


def install(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            restore(build())  # build() keeps the document it made as app.openapi_schema
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
