"""The one error shape every non-2xx response carries."""

from __future__ import annotations

from typing import Any

from .base import WireModel


class ErrorBody(WireModel):
    code: str
    """Stable machine-readable code, e.g. ``not_found``, ``illegal_transition``."""
    message: str
    details: Any = None


class ErrorResponse(WireModel):
    error: ErrorBody
