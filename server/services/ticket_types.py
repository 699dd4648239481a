"""Ticket types and their templates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import (
    FieldSpec,
    SlaPolicy,
    TicketTypeCreate,
    TicketTypePublic,
    TicketTypeUpdate,
)

from .. import clock
from ..store.schema import TicketType, TicketTypeVersion
from . import events, lookup
from .actors import Actor
from .errors import Conflict, NotFound
from .sla import tracking as sla
from .sla.clocks import Policy

_TEMPLATE = (
    "name",
    "description",
    "fields",
    "body_template",
    "default_group_id",
    "default_priority",
    "sla_first_response_minutes",
    "sla_resolution_minutes",
)
"""What a version holds: everything of a type but its key, which never changes, and whether
it is active, which says whether new tickets may use it, not what they look like."""


def public(t: TicketType, v: TicketTypeVersion | None = None) -> TicketTypePublic:
    """The type as it is now, or (``v``) as it was at that version."""
    src: TicketType | TicketTypeVersion = v if v is not None else t
    return TicketTypePublic(
        id=t.id,
        key=t.key,
        name=src.name,
        description=src.description,
        fields=[FieldSpec.model_validate(f) for f in src.fields],
        body_template=src.body_template,
        default_group_id=src.default_group_id,
        default_priority=src.default_priority,
        sla_first_response_minutes=src.sla_first_response_minutes,
        sla_resolution_minutes=src.sla_resolution_minutes,
        sla_policy=SlaPolicy.model_validate(t.sla_policy or {}),
        active=t.active,
        version=src.version,
    )


def get_version(*, session: Session, type_id: int, version: int) -> TicketTypeVersion:
    get_type(session=session, type_id=type_id)  # 404 for the type before the version
    row = session.get(TicketTypeVersion, (type_id, version)) if 0 < version < 2**31 else None
    if row is None:
        raise NotFound(
            f"ticket type {type_id} has no version {version}", code="type_version_not_found"
        )
    return row


def _snapshot(session: Session, t: TicketType, actor: Actor) -> None:
    """Keep the type's template as it now stands as its version ``t.version``."""
    session.add(
        TicketTypeVersion(
            type_id=t.id,
            version=t.version,
            created_at=clock.now(),
            created_by_id=actor.user_id,
            **{key: getattr(t, key) for key in _TEMPLATE},
        )
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
    _check_actions(session, data.sla_policy)
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
        sla_policy=data.sla_policy.model_dump(mode="json"),
        active=True,
        version=1,
    )
    session.add(t)
    session.flush()
    _snapshot(session, t, actor)
    session.flush()
    events.record(
        session,
        kind=EventKind.TYPE_CREATED,
        actor=actor,
        data={"type_id": t.id, "key": t.key, "name": t.name},
    )
    session.flush()  # the caller commits: a file of several types is one transaction
    return t


def _check_actions(session: Session, policy: SlaPolicy) -> None:
    """A group an automatic action notifies must exist (422 naming the field otherwise)."""
    for when in ("on_warning", "on_breach"):
        action = getattr(policy, when)
        if action is not None and action.notify_group is not None:
            lookup.group(session, action.notify_group,
                         field=f"sla_policy.{when}.notify_group")


def update_type(
    *, session: Session, type_id: int, data: TicketTypeUpdate, actor: Actor
) -> TicketType:
    t = lookup.get(session, TicketType, type_id, "ticket type")
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "default_group" in changes:
        ref = changes.pop("default_group")
        group = lookup.group(session, ref, field="default_group") if ref is not None else None
        changes["default_group_id"] = group.id if group else None
    if changes.get("sla_policy") is not None:
        # Stored as the full policy (defaults spelled out), so equal policies compare equal.
        policy = SlaPolicy.model_validate(changes["sla_policy"])
        _check_actions(session, policy)
        changes["sla_policy"] = policy.model_dump(mode="json")
        if changes["sla_policy"] == SlaPolicy.model_validate(t.sla_policy or {}).model_dump(
                mode="json"):
            del changes["sla_policy"]
    old_sla = Policy.of(t.sla_first_response_minutes, t.sla_resolution_minutes, t.sla_policy)
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
        if any(key in _TEMPLATE for key in recorded):
            # A new version: tickets filled in against the old one keep it (and are shown
            # by it), so no removed option or field rewrites what they were.
            t.version += 1
            _snapshot(session, t, actor)
            recorded["version"] = {"from": t.version - 1, "to": t.version}
        events.record(
            session,
            kind=EventKind.TYPE_UPDATED,
            actor=actor,
            data={"type_id": t.id, "key": t.key, "changes": recorded},
        )
    if recorded.keys() & {"sla_first_response_minutes", "sla_resolution_minutes", "sla_policy"}:
        session.flush()
        sla.policy_changed(session, t, old_sla, actor)
    session.flush()  # the caller commits
    return t
