"""Answering with a wire model serialized once, by pydantic, straight to JSON bytes.

FastAPI would validate the returned model against ``response_model`` again and go through
Python objects to JSON; for the busiest routes that doubles the work. The routes still
declare ``response_model``, so the OpenAPI description is unchanged."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Response
from pydantic import BaseModel


class ModelResponse(Response):
    media_type = "application/json"

    def __init__(
        self, model: BaseModel, status_code: int = 200, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(model.model_dump_json().encode(), status_code, headers)
