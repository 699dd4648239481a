"""Ticket types: the template that says which fields a ticket must carry."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from .. import limits
from ..enums import FieldKind, Priority, WireEnum
from . import examples as ex
from .base import STRICT, Description, Name, RequestModel, WireModel, examples, text

BodyTemplate = text(max_length=limits.BODY_MAX)
_KEY_PATTERN = rf"^[a-z][a-z0-9_]{{0,{limits.KEY_MAX - 1}}}$"
FieldKey = Annotated[str, StringConstraints(pattern=_KEY_PATTERN)]
TypeKey = Annotated[str, StringConstraints(pattern=_KEY_PATTERN)]
Option = text(min_length=1, max_length=limits.OPTION_MAX)


class FieldSpec(WireModel):
    """One field of a template. ``label`` is shown as written (the admin's language)."""

    key: FieldKey
    label: Name
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    options: list[Option] = Field(default_factory=list, max_length=limits.MAX_CHOICE_OPTIONS)
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1, le=limits.FIELD_MULTILINE_MAX)
    min_value: float | None = None
    max_value: float | None = None
    help: Description = ""

    @model_validator(mode="after")
    def _coherent(self) -> FieldSpec:
        if self.kind is FieldKind.CHOICE and not self.options:
            raise ValueError(f"choice field {self.key!r} needs options")
        if self.kind is not FieldKind.CHOICE and self.options:
            raise ValueError(f"only choice fields take options ({self.key!r} is {self.kind})")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"choice field {self.key!r} repeats an option")
        if (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        ):
            raise ValueError(f"field {self.key!r}: min_length exceeds max_length")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValueError(f"field {self.key!r}: min_value exceeds max_value")
        return self


class FieldSpecIn(FieldSpec):
    """A field spec in a request: ``"requried": true`` is refused, not silently optional."""

    model_config = STRICT


def _unique_keys(fields: list[FieldSpecIn]) -> list[FieldSpecIn]:
    keys = [f.key for f in fields]
    if len(set(keys)) != len(keys):
        raise ValueError("field keys must be unique")
    return fields


FieldSpecs = Annotated[list[FieldSpecIn], Field(max_length=limits.MAX_FIELDS)]

SLA_MINUTES_MAX = 525_600
"""A year: the longest target (or warning lead) a policy may set."""
SlaMinutes = Annotated[int, Field(ge=1, le=SLA_MINUTES_MAX)]


class SlaClock(WireEnum):
    BUSINESS = "business"
    """Only the holding group's working hours count (its timezone, shifts and holidays)."""
    CALENDAR = "calendar"
    """Every minute counts, round the clock."""


class SlaTargets(WireModel):
    """The targets for one priority; a missing one falls back to the type's own."""

    first_response_minutes: SlaMinutes | None = None
    resolution_minutes: SlaMinutes | None = None


class SlaTargetsIn(SlaTargets):
    model_config = STRICT


class SlaAction(WireModel):
    """What the server does by itself when a target's warning point or breach comes: each
    part optional; done once per ticket and target, as the escalation event is."""

    raise_priority: Priority | None = None
    """Raise the ticket to this priority (never lowers it: a ticket already at or above it
    keeps its own)."""
    notify_group: Name | None = None
    """The name of a group whose supervisors are told (an ``sla_notified`` event)."""


class SlaActionIn(SlaAction):
    model_config = STRICT


class SlaPolicy(WireModel):
    """How a type's SLA targets are measured and when to warn. The targets themselves are
    the type's ``sla_first_response_minutes`` / ``sla_resolution_minutes``, optionally
    replaced per priority by ``by_priority``."""

    clock: SlaClock = SlaClock.BUSINESS
    warn_percent: int | None = Field(default=80, ge=1, le=99)
    """Warn when this share of the target has been used…"""
    warn_minutes_before: SlaMinutes | None = None
    """…or this many minutes (on the same clock) before the breach; one of the two."""
    by_priority: dict[Priority, SlaTargets] = Field(default_factory=dict)
    on_warning: SlaAction | None = None
    """Automatic actions at a target's warning point (either target)."""
    on_breach: SlaAction | None = None
    """Automatic actions at a target's breach."""

    @model_validator(mode="after")
    def _one_warning(self) -> SlaPolicy:
        if self.warn_minutes_before is not None and "warn_percent" not in self.model_fields_set:
            self.warn_percent = None  # naming minutes replaces the default percentage
        if self.warn_percent is not None and self.warn_minutes_before is not None:
            raise ValueError("warn at a percentage or minutes before the breach, not both")
        return self

    def targets(self, priority: Priority, first_response: int | None,
                resolution: int | None) -> tuple[int | None, int | None]:
        """(first response, resolution) minutes for a ticket of ``priority``."""
        override = self.by_priority.get(priority)
        if override is None:
            return first_response, resolution
        return (override.first_response_minutes or first_response,
                override.resolution_minutes or resolution)

    def warn_after(self, target_minutes: int) -> float:
        """Minutes of the target used when the warning is due (never before the start)."""
        if self.warn_minutes_before is not None:
            return max(0.0, target_minutes - self.warn_minutes_before)
        return target_minutes * (self.warn_percent or 80) / 100


class SlaPolicyIn(SlaPolicy):
    """A policy in a request: ``"warn_precent"`` is refused, not ignored."""

    model_config = STRICT
    by_priority: dict[Priority, SlaTargetsIn] = Field(default_factory=dict)
    on_warning: SlaActionIn | None = None
    on_breach: SlaActionIn | None = None


class TicketTypePublic(WireModel):
    model_config = examples(ex.TICKET_TYPE)
    id: int
    key: str
    name: str
    description: str
    fields: list[FieldSpec]
    body_template: str
    default_group_id: int | None
    default_priority: Priority
    sla_first_response_minutes: int | None
    sla_resolution_minutes: int | None
    sla_policy: SlaPolicy = Field(default_factory=SlaPolicy)
    active: bool
    version: int = 1
    """Which version of the template this is: every edit adds one; a ticket keeps its own."""


class TicketTypeCreate(RequestModel):
    model_config = examples(ex.TICKET_TYPE_CREATE)
    key: TypeKey
    name: Name
    description: Description = ""
    fields: FieldSpecs = Field(default_factory=list)
    body_template: BodyTemplate = ""
    default_group: int | str | None = None
    """Group id or name."""
    default_priority: Priority = Priority.NORMAL
    sla_first_response_minutes: int | None = Field(default=None, ge=1, le=525_600)
    sla_resolution_minutes: int | None = Field(default=None, ge=1, le=525_600)
    sla_policy: SlaPolicyIn = Field(default_factory=SlaPolicyIn)

    @model_validator(mode="after")
    def _check_fields(self) -> TicketTypeCreate:
        _unique_keys(self.fields)
        return self


class TicketTypeUpdate(RequestModel):
    model_config = examples(ex.TICKET_TYPE_UPDATE)
    name: Name | None = None
    description: Description | None = None
    fields: FieldSpecs | None = None
    body_template: BodyTemplate | None = None
    default_group: int | str | None = None
    default_priority: Priority | None = None
    sla_first_response_minutes: int | None = Field(default=None, ge=1, le=525_600)
    sla_resolution_minutes: int | None = Field(default=None, ge=1, le=525_600)
    sla_policy: SlaPolicyIn | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _check_fields(self) -> TicketTypeUpdate:
        if self.fields is not None:
            _unique_keys(self.fields)
        return self
