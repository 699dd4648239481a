"""Base classes and reusable field types for the wire models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from .. import limits


def _reject_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; reject it as bad input instead of failing at insert.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a timezone offset (UTC is stored, e.g. 2026-01-31T08:00:00Z)")
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00+01:00: before the calendar starts
        raise ValueError("out of the range of dates") from exc


def _moment_text(value: Any) -> Any:
    # Strict models take no number for a moment (``0`` is not 1970); the ISO text, its JSON
    # form, is parsed as usual — strict pydantic in Python mode, as FastAPI validates a
    # parsed body, would refuse even that.
    if isinstance(value, str | datetime):
        return value
    raise PydanticCustomError("datetime_type", "Input should be a valid datetime as ISO 8601 text")


def _day_text(value: Any) -> Any:
    if isinstance(value, str | date) and not isinstance(value, datetime):
        return value
    raise PydanticCustomError("date_type", "Input should be a valid date as YYYY-MM-DD text")


def _reject_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("string_blank", "must not be blank (only spaces or line breaks)")
    return value


def text(*, max_length: int, min_length: int = 0, strip: bool = False) -> Any:
    """A str type with limits that refuses NUL. (The constraints must come before the
    validator: pydantic ignores length constraints stacked on top of an AfterValidator.)"""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=strip, min_length=min_length, max_length=max_length),
        AfterValidator(_reject_nul),
    ]


def prose(*, max_length: int) -> Any:
    """Text a person wrote (a comment, a note, a reply): kept as typed — leading indentation
    and line breaks are part of it — but refused when there is nothing in it but spaces.
    One-line names and titles use ``text(strip=True)`` instead."""
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=max_length),
        AfterValidator(_reject_nul),
        AfterValidator(_reject_blank),
    ]


Name = text(strip=True, min_length=1, max_length=limits.NAME_MAX)
Description = text(max_length=limits.DESCRIPTION_MAX)
Note = text(max_length=limits.NOTE_MAX)
def utc_text(moment: datetime) -> str:
    """A moment as the wire writes it: ISO 8601 in UTC with a trailing Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcDateTime = Annotated[
    datetime, Strict(False), BeforeValidator(_moment_text), AfterValidator(_aware_utc),
    PlainSerializer(utc_text, return_type=str),
]
"""Always timezone-aware, serialized as ISO 8601 in UTC with a trailing Z; read from that
text (or a datetime), never from a number, in strict models too."""

IsoDate = Annotated[date, Strict(False), BeforeValidator(_day_text)]
"""A calendar day, read from ``YYYY-MM-DD`` text (or a date), in strict models too."""


class WireModel(BaseModel):
    """Response and shared models: tolerant of extra keys so older clients read newer servers."""

    model_config = ConfigDict(extra="ignore", from_attributes=True, defer_build=True)


class RequestModel(BaseModel):
    """Request bodies: unknown keys are an error, so a typo never silently does nothing; and
    types are strict, so ``1.0``, ``"1"``, ``[1]`` or ``true`` is no id and ``true`` no
    number (lax pydantic coerced them all to 1). What JSON cannot spell natively keeps its
    JSON form: moments as ISO text (``UtcDateTime``), days as ``YYYY-MM-DD`` (``IsoDate``),
    vocabularies as their values (``enums.WireEnum``); an integer is a valid float."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=False, defer_build=True, allow_inf_nan=False,
        strict=True,
    )


def examples(*values: dict[str, Any]) -> ConfigDict:
    """A model's examples (from `examples.py`), in its JSON schema: every operation that
    sends or answers the model shows them in the OpenAPI document, one definition for all.
    Merged into the class's config like any ``model_config``."""
    return ConfigDict(json_schema_extra={"examples": list(values)})


STRICT = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)
"""For the request variant of a shared model (``class ShiftIn(Shift)``): every object nested
in a request refuses unknown keys and loose types too, while responses stay tolerant. A test
checks that every model reachable from a ``RequestModel`` is so."""
