"""Groups, their settings and members, and their live load."""

from __future__ import annotations

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from ticketdesk.common import schedules
from ticketdesk.common.enums import OPEN_STATUSES, EventKind, Presence, Status, UserKind
from ticketdesk.common.models import (
    GroupCreate,
    GroupLoad,
    GroupPublic,
    GroupUpdate,
    MembershipSet,
    WorkingHours,
)

from .. import clock
from ..store.locks import lock_group
from ..store.schema import Group, Membership, Ticket, User
from . import events, lookup, supervisors
from .actors import Actor
from .errors import Conflict, NotFound
from .sla import tracking as sla


def public(
    group: Group, load: GroupLoad | None = None, supervisor_ids: list[int] | None = None
) -> GroupPublic:
    return GroupPublic(
        id=group.id,
        name=group.name,
        description=group.description,
        working_hours=WorkingHours.model_validate(group.working_hours),
        accept_timeout_seconds=group.accept_timeout_seconds,
        default_capacity=group.default_capacity,
        active=group.active,
        load=load,
        supervisor_ids=supervisor_ids or [],
    )


def loads(session: Session, group_ids: list[int] | None = None) -> dict[int, GroupLoad]:
    """Open tickets per status, members and members online, for each group."""
    result: dict[int, GroupLoad] = {}

    def entry(gid: int) -> GroupLoad:
        return result.setdefault(gid, GroupLoad())

    counts = select(Ticket.group_id, Ticket.status, func.count()).where(
        Ticket.status.in_(OPEN_STATUSES)
    )
    if group_ids is not None:
        counts = counts.where(Ticket.group_id.in_(group_ids))
    for gid, status, n in session.execute(counts.group_by(Ticket.group_id, Ticket.status)):
        setattr(entry(gid), status.value, n)

    members = (
        select(
            Membership.group_id,
            func.count(),
            func.count().filter(and_(User.presence == Presence.ONLINE, User.active)),
        )
        .join(User, User.id == Membership.user_id)
        .group_by(Membership.group_id)
    )
    if group_ids is not None:
        members = members.where(Membership.group_id.in_(group_ids))
    for gid, n, online in session.execute(members):
        load = entry(gid)
        load.members, load.online = n, online
    return result


def list_groups(*, session: Session) -> list[GroupPublic]:
    groups = session.scalars(select(Group).order_by(Group.id)).all()
    by_group = loads(session)
    overseers = supervisors.by_group(session)
    return [public(g, by_group.get(g.id, GroupLoad()), overseers.get(g.id)) for g in groups]


def get_group(*, session: Session, group_id: int) -> GroupPublic:
    group = lookup.get(session, Group, group_id, "group")
    return public(
        group,
        loads(session, [group.id]).get(group.id, GroupLoad()),
        supervisors.by_group(session, [group.id]).get(group.id),
    )


def _name_free(session: Session, name: str, *, other_than: int | None = None) -> None:
    query = select(Group.id).where(Group.name == name)
    if other_than is not None:
        query = query.where(Group.id != other_than)
    if session.scalar(query) is not None:
        raise Conflict(f"a group named {name!r} exists", code="group_name_taken")


def create_group(*, session: Session, data: GroupCreate, actor: Actor) -> GroupPublic:
    _name_free(session, data.name)
    group = Group(
        name=data.name,
        description=data.description,
        working_hours=data.working_hours.model_dump(mode="json"),
        accept_timeout_seconds=data.accept_timeout_seconds,
        default_capacity=data.default_capacity,
        active=True,
    )
    session.add(group)
    session.flush()
    events.record(
        session,
        kind=EventKind.GROUP_CREATED,
        actor=actor,
        data={"group_id": group.id, "name": group.name},
        groups=[group.id],
    )
    session.flush()
    return public(group, GroupLoad())


def update_group(
    *, session: Session, group_id: int, data: GroupUpdate, actor: Actor
) -> GroupPublic:
    group = lookup.get(session, Group, group_id, "group")
    changes = data.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    if "name" in changes:
        _name_free(session, changes["name"], other_than=group.id)
    recorded = {}
    for key, value in changes.items():
        if getattr(group, key) != value:
            recorded[key] = {"from": getattr(group, key), "to": value}
            setattr(group, key, value)
    rescheduled: list[int] = []
    if "working_hours" in recorded:
        rescheduled = _reschedule_held(session, group)
    if recorded:
        group.updated_at = clock.now()
        events.record(
            session,
            kind=EventKind.GROUP_UPDATED,
            actor=actor,
            data={"group_id": group.id, "name": group.name, "changes": recorded},
            groups=[group.id],
        )
    if "working_hours" in recorded:
        # The open tickets' SLA due times follow the new hours (the group lock is held).
        sla.calendar_changed(session, group, recorded["working_hours"]["from"], actor,
                             bumped=rescheduled)
    session.flush()
    return get_group(session=session, group_id=group.id)


def _reschedule_held(session: Session, group: Group) -> list[int]:
    """New hours take effect at once: held tickets get their new release time (now, if the
    group is open now; the engine then releases them). Returns their ids."""
    hours = WorkingHours.model_validate(group.working_hours)
    now = clock.now()
    lock_group(session, group.id)  # before the ticket rows: the one lock order (store.locks)
    return list(session.scalars(
        update(Ticket)
        .where(Ticket.group_id == group.id, Ticket.status == Status.HELD)
        .values(
            held_until=schedules.next_open(hours, now),
            updated_at=now,
            version=Ticket.version + 1,  # a Core UPDATE: the ORM's version counter is bypassed
        )
        .returning(Ticket.id)
    ))


def list_members(*, session: Session, group_id: int) -> list[Membership]:
    lookup.get(session, Group, group_id, "group")
    return list(
        session.scalars(
            select(Membership).where(Membership.group_id == group_id).order_by(Membership.user_id)
        )
    )


def set_member(
    *, session: Session, group_id: int, user_id: int, data: MembershipSet, actor: Actor
) -> Membership:
    group = lookup.get(session, Group, group_id, "group")
    user = lookup.get(session, User, user_id, "user")
    if user.kind is UserKind.SERVICE:
        raise Conflict(f"{user.username!r} is a service account: it handles no tickets",
                       code="service_account")
    membership = session.get(Membership, (group.id, user.id))
    # Before → after, for the audit record: whether they were a member, and at what capacity.
    before = {"member": membership is not None,
              "capacity": membership.capacity if membership is not None else None}
    if membership is None:
        membership = Membership(group_id=group.id, user_id=user.id, capacity=data.capacity)
        session.add(membership)
    else:
        membership.capacity = data.capacity
    events.record(
        session,
        kind=EventKind.MEMBER_SET,
        actor=actor,
        data={
            "group_id": group.id,
            "group": group.name,
            "user_id": user.id,
            "user": user.display_name,
            "capacity": data.capacity,
            "changes": {"capacity": {"from": before["capacity"], "to": data.capacity}}
            if before["member"]
            else {"member": {"from": False, "to": True}},
        },
        groups=[group.id],
        users=[user.id],
    )
    session.flush()
    return membership


def remove_member(*, session: Session, group_id: int, user_id: int, actor: Actor) -> None:
    group = lookup.get(session, Group, group_id, "group")
    user = lookup.get(session, User, user_id, "user")
    membership = session.get(Membership, (group.id, user.id))
    if membership is None:
        raise NotFound(f"{user.username} is not a member of {group.name}")
    session.delete(membership)
    events.record(
        session,
        kind=EventKind.MEMBER_REMOVED,
        actor=actor,
        data={
            "group_id": group.id,
            "group": group.name,
            "user_id": user.id,
            "user": user.display_name,
            "changes": {"member": {"from": True, "to": False},
                        "capacity": {"from": membership.capacity, "to": None}},
        },
        groups=[group.id],
        users=[user.id],
    )
    session.flush()
