"""Validation of a ticket's field values against its type's template.

The server rejects a ticket whose fields fail here (422, ``invalid_fields``); the
client runs the same checks as the agent types, so both always agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import limits, numbers
from .enums import FieldKind
from .models.types import FieldSpec

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{4,22}[0-9]$")
ORDER_NO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")

_MESSAGES = {
    "required": "is required",
    "unknown_field": "is not a field of this ticket type",
    "wrong_type": "must be text",
    "too_short": "must be at least {min} characters",
    "too_long": "must be at most {max} characters",
    "not_a_number": "must be a number",
    "too_small": "must be at least {min}",
    "too_large": "must be at most {max}",
    "out_of_range": "must be between -{max} and {max}",
    "not_an_option": "must be one of: {options}",
    "bad_date": "must be a date as YYYY-MM-DD",
    "bad_phone": "must be a phone number (digits, spaces, dashes, optional leading +)",
    "bad_order_no": "must be an order number (letters, digits, - and _; 3 to 40 characters)",
}


@dataclass(frozen=True)
class FieldError:
    """Why one field's value is refused; ``code`` is stable, ``message`` is English."""

    key: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return _MESSAGES[self.code].format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.key,
            "code": self.code,
            "message": self.message,
            "params": self.params,
        }


def max_length(spec: FieldSpec) -> int:
    """The longest text the field accepts: the spec's own limit within the kind's ceiling."""
    ceiling = (
        limits.FIELD_MULTILINE_MAX if spec.kind is FieldKind.MULTILINE else limits.FIELD_TEXT_MAX
    )
    return min(spec.max_length, ceiling) if spec.max_length else ceiling


def _as_number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        parsed = numbers.parse_decimal(value)
        if parsed is None:
            return None
        number = parsed
    else:
        return None
    if isinstance(number, float):
        if not math.isfinite(number):
            return None
        if number.is_integer() and abs(number) < 2**53:
            return int(number)
    return number


def validate_field(spec: FieldSpec, value: Any) -> tuple[Any, FieldError | None]:
    """Check one value; returns the normalized value (None when empty) and the error, if any."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            value = None
    if value is None:
        return None, FieldError(spec.key, "required") if spec.required else None

    if spec.kind is FieldKind.NUMBER:
        number = _as_number(value)
        if number is None:
            return None, FieldError(spec.key, "not_a_number")
        if abs(number) > limits.NUMBER_ABS_MAX:
            return None, FieldError(spec.key, "out_of_range", {"max": limits.NUMBER_ABS_MAX})
        if spec.min_value is not None and number < spec.min_value:
            return number, FieldError(spec.key, "too_small", {"min": _fmt(spec.min_value)})
        if spec.max_value is not None and number > spec.max_value:
            return number, FieldError(spec.key, "too_large", {"max": _fmt(spec.max_value)})
        return number, None

    if not isinstance(value, str):
        return None, FieldError(spec.key, "wrong_type")

    if spec.kind is FieldKind.CHOICE:
        if value not in spec.options:
            return value, FieldError(
                spec.key, "not_an_option", {"options": ", ".join(spec.options)}
            )
        return value, None
    if spec.kind is FieldKind.DATE:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return value, FieldError(spec.key, "bad_date")
        if len(value) != 10:
            return value, FieldError(spec.key, "bad_date")
        return parsed.isoformat(), None
    if spec.kind is FieldKind.PHONE:
        if not PHONE_RE.match(value):
            return value, FieldError(spec.key, "bad_phone")
        return value, None
    if spec.kind is FieldKind.ORDER_NO:
        if not ORDER_NO_RE.match(value):
            return value, FieldError(spec.key, "bad_order_no")
        return value, None

    # text and multiline
    if len(value) > max_length(spec):
        return value, FieldError(spec.key, "too_long", {"max": max_length(spec)})
    if spec.min_length is not None and len(value) < spec.min_length:
        return value, FieldError(spec.key, "too_short", {"min": spec.min_length})
    if "\x00" in value:
        return value, FieldError(spec.key, "wrong_type")
    return value, None


def validate_fields(
    specs: Iterable[FieldSpec], values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Check a ticket's values against its type: the normalized values (empty ones dropped)
    and every error, in the template's field order, unknown keys last."""
    specs = list(specs)
    known = {s.key for s in specs}
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    for spec in specs:
        normalized, error = validate_field(spec, values.get(spec.key))
        if error:
            errors.append(error)
        elif normalized is not None:
            clean[spec.key] = normalized
    errors.extend(FieldError(key, "unknown_field") for key in values if key not in known)
    return clean, errors


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
