"""Ticket types and their templates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import (
    FieldSpec,
    TicketTypeCreate,
    TicketTypePublic,
    TicketTypeUpdate,
)

from .. import clock
from ..store.schema import TicketType
from . import events, lookup
from .actors import Actor
from .errors import Conflict


def public(t: TicketType) -> TicketTypePublic:
    return TicketTypePublic(
        id=t.id,
        key=t.key,
        name=t.name,
        description=t.description,
        fields=[FieldSpec.model_validate(f) for f in t.fields],
        body_template=t.body_template,
        default_group_id=t.default_group_id,
        default_priority=t.default_priority,
        sla_first_response_minutes=t.sla_first_response_minutes,
        sla_resolution_minutes=t.sla_resolution_minutes,
        active=t.active,
    )


def specs(t: TicketType) -> list[FieldSpec]:
    return [FieldSpec.model_validate(f) for f in t.fields]


def list_types(*, session: Session) -> list[TicketType]:
    return list(session.scalars(select(TicketType).order_by(TicketType.id)))


def get_type(*, session: Session, type_id: int) -> TicketType:
    return lookup.get(session, TicketType, type_id, "ticket type")


def create_type(*, session: Session, data: TicketTypeCreate, actor: Actor) -> TicketType:
    if session.scalar(select(TicketType.id).where(TicketType.key == data.key)) is not None:
        raise Conflict(f"a ticket type with key {data.key!r} exists", code="type_key_taken")
    default_group = (
        lookup.group(session, data.default_group, field="default_group")
        if data.default_group is not None
        else None
    )
    t = TicketType(
        key=data.key,
        name=data.name,
        description=data.description,
        fields=[f.model_dump(mode="json") for f in data.fields],
        body_template=data.body_template,
        default_group_id=default_group.id if default_group else None,
        default_priority=data.default_priority,
        sla_first_response_minutes=data.sla_first_response_minutes,
        sla_resolution_minutes=data.sla_resolution_minutes,
        active=True,
    )
    session.add(t)
    session.flush()
    events.record(
        session,
        kind=EventKind.TYPE_CREATED,
        actor=actor,
        data={"type_id": t.id, "key": t.key, "name": t.name},
    )
    session.commit()
    return t


def update_type(
    *, session: Session, type_id: int, data: TicketTypeUpdate, actor: Actor
) -> TicketType:
    t = lookup.get(session, TicketType, type_id, "ticket type")
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "default_group" in changes:
        ref = changes.pop("default_group")
        group = lookup.group(session, ref, field="default_group") if ref is not None else None
        changes["default_group_id"] = group.id if group else None
    recorded = {}
    for key, value in changes.items():
        if value is None and key not in (
            "default_group_id",
            "sla_first_response_minutes",
            "sla_resolution_minutes",
        ):
            continue  # null means "leave as is" for the non-nullable settings
        current = getattr(t, key)
        current = getattr(current, "value", current)
        if current != value:
            recorded[key] = {"from": current, "to": value} if key != "fields" else "changed"
            setattr(t, key, value)
    if recorded:
        t.updated_at = clock.now()
        events.record(
            session,
            kind=EventKind.TYPE_UPDATED,
            actor=actor,
            data={"type_id": t.id, "key": t.key, "changes": recorded},
        )
    session.commit()
    return t
