"""Groups (the addressees of tickets), their working hours and their members."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, model_validator

from . import examples as ex
from .base import STRICT, Description, IsoDate, Name, RequestModel, WireModel, examples

_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _valid_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {value!r}") from exc
    return value


Timezone = Annotated[str, AfterValidator(_valid_timezone)]


class Shift(WireModel):
    """One span of working time within a day, in the group's timezone, e.g. 09:00–18:00."""

    start: str
    end: str

    @model_validator(mode="after")
    def _ordered(self) -> Shift:
        for value in (self.start, self.end):
            if not _HHMM.fullmatch(value):
                raise ValueError(f"{value!r} is not a time of day as HH:MM")
        if self.start >= self.end:
            raise ValueError("a shift must end after it starts")
        return self


class WorkingHours(WireModel):
    """A weekly schedule plus holidays; a day missing from ``weekly`` is a day off."""

    timezone: Timezone = "Asia/Shanghai"
    weekly: dict[str, list[Shift]] = Field(default_factory=dict)
    holidays: list[IsoDate] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _known_days(self) -> WorkingHours:
        unknown = set(self.weekly) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown weekday(s) {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
        return self

    @classmethod
    def always(cls, timezone: str = "Asia/Shanghai") -> WorkingHours:
        """Round the clock, every day: the default of a group created through the API or the
        CLI without hours (an integration that makes a group expects it to take tickets, as
        Zendesk and Freshdesk count calendar hours when no schedule is set)."""
        return cls.model_validate(
            {"timezone": timezone, "weekly": {d: [{"start": "00:00", "end": "24:00"}]
                                              for d in WEEKDAYS}}
        )


    @classmethod
    def office(cls, timezone: str = "Asia/Shanghai") -> WorkingHours:
        """Monday to Friday 09:00–18:00: the preset a new group starts with in the
        administration screen (as Zendesk's and Freshdesk's schedule editors start from
        business hours), for the admin to adjust before saving."""
        return cls.model_validate(
            {"timezone": timezone, "weekly": {d: [dict(OFFICE_SHIFT)] for d in WEEKDAYS[:5]}}
        )


OFFICE_SHIFT = {"start": "09:00", "end": "18:00"}


class ShiftIn(Shift):
    """A shift in a request: ``{"start", "end"}`` and nothing else."""

    model_config = STRICT


class WorkingHoursIn(WorkingHours):
    """Working hours in a request: a typo such as ``"weekley"`` is refused, not ignored (the
    group would silently never open)."""

    model_config = STRICT
    weekly: dict[str, list[ShiftIn]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _no_overlaps(self) -> WorkingHoursIn:
        # Two shifts of one day that overlap are a typing mistake, not more working time.
        # (Only requests are checked: schedules stored before this check still read back.)
        for day, shifts in self.weekly.items():
            spans = sorted((s.start, s.end) for s in shifts)
            for (_, end), (start, _) in pairwise(spans):
                if start < end:
                    raise ValueError(f"shifts on {day} overlap ({start} starts before {end})")
        return self


class GroupLoad(WireModel):
    """Live counts for a group, used to choose a transfer target and on the dispatch board."""

    queued: int = 0
    held: int = 0
    assigned: int = 0
    in_progress: int = 0
    pending: int = 0
    members: int = 0
    online: int = 0


class GroupPublic(WireModel):
    model_config = examples(ex.GROUP)
    id: int
    name: str
    description: str
    working_hours: WorkingHours
    accept_timeout_seconds: int
    default_capacity: int
    active: bool
    load: GroupLoad | None = None
    supervisor_ids: list[int] = Field(default_factory=list)
    """The supervisors who oversee this group (their dispatch board opens on it)."""


class GroupCreate(RequestModel):
    model_config = examples(ex.GROUP_CREATE)
    name: Name
    description: Description = ""
    working_hours: WorkingHoursIn = Field(default_factory=WorkingHoursIn.always)
    accept_timeout_seconds: int = Field(default=120, ge=3, le=86_400)
    default_capacity: int = Field(default=5, ge=1, le=1_000)


class GroupUpdate(RequestModel):
    model_config = examples(ex.GROUP_UPDATE)
    name: Name | None = None
    description: Description | None = None
    working_hours: WorkingHoursIn | None = None
    accept_timeout_seconds: int | None = Field(default=None, ge=3, le=86_400)
    default_capacity: int | None = Field(default=None, ge=1, le=1_000)
    active: bool | None = None


class MembershipPublic(WireModel):
    model_config = examples(ex.MEMBERSHIP)
    group_id: int
    user_id: int
    capacity: int | None
    """None means the group's default capacity applies."""


class MembershipSet(RequestModel):
    model_config = examples(ex.MEMBERSHIP_SET)
    capacity: int | None = Field(default=None, ge=0, le=1_000)
