"""Ticket types and groups as creating a ticket needs them, read once per process and
forgotten the moment the record says one changed (or, in this process, when it is changed)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind, Priority
from ticketdesk.common.models import FieldSpec, WorkingHours

from ..store.schema import Group
from . import lookup
from .sla.clocks import Policy

_CHANGES = frozenset({EventKind.TYPE_CREATED, EventKind.TYPE_UPDATED,
                      EventKind.GROUP_CREATED, EventKind.GROUP_UPDATED})


@dataclass(frozen=True)
class TypeRef:
    id: int
    key: str
    version: int
    active: bool
    default_group_id: int | None
    default_priority: Priority
    sla_first_response_minutes: int | None
    sla_resolution_minutes: int | None
    body_template: str
    specs: tuple[FieldSpec, ...]
    sla: Policy


@dataclass(frozen=True)
class GroupRef:
    id: int
    name: str
    active: bool
    hours: WorkingHours
    default_capacity: int
    accept_timeout_seconds: int

    @classmethod
    def of(cls, row: Group) -> GroupRef:
        return cls(id=row.id, name=row.name, active=row.active,
                   hours=WorkingHours.model_validate(row.working_hours),
                   default_capacity=row.default_capacity,
                   accept_timeout_seconds=row.accept_timeout_seconds)


class ReferenceCache:
    """Per-process cache of ticket types and groups (by id and by key or name), emptied
    whenever the record says one of them changed."""

    def __init__(self) -> None:
        self._types: dict[int | str, TypeRef] = {}
        self._groups: dict[int | str, GroupRef] = {}
        self._lock = threading.Lock()

    def ticket_type(self, session: Session, ref: int | str, *, field: str | None = None) -> TypeRef:
        cached = self._types.get(ref)
        if cached is not None:
            return cached
        row = lookup.ticket_type(session, ref, field=field)
        found = TypeRef(
            id=row.id, key=row.key, version=row.version, active=row.active,
            default_group_id=row.default_group_id,
            default_priority=row.default_priority,
            sla_first_response_minutes=row.sla_first_response_minutes,
            sla_resolution_minutes=row.sla_resolution_minutes, body_template=row.body_template,
            specs=tuple(FieldSpec.model_validate(f) for f in row.fields),
            sla=Policy.of(row.sla_first_response_minutes, row.sla_resolution_minutes,
                          row.sla_policy),
        )
        with self._lock:
            self._types[found.id] = self._types[found.key] = found
        return found

    def group(self, session: Session, ref: int | str, *, field: str | None = None) -> GroupRef:
        cached = self._groups.get(ref)
        if cached is not None:
            return cached
        found = GroupRef.of(lookup.group(session, ref, field=field))
        with self._lock:
            self._groups[found.id] = self._groups[found.name] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._types.clear()
            self._groups.clear()

    def observe(self, kind: EventKind, data: dict) -> None:
        """Fed every event of the record (from the live hub)."""
        if kind in _CHANGES:
            self.clear()
