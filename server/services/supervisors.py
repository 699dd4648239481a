"""Which groups a supervisor oversees. Flushes only: the caller owns the transaction."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind

from ..store.schema import Group, Supervision, User
from . import events, lookup
from .actors import Actor
from .errors import Invalid, NotFound


def by_group(session: Session, group_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Supervisor ids per group, ascending."""
    query = select(Supervision.group_id, Supervision.user_id).order_by(Supervision.user_id)
    if group_ids is not None:
        query = query.where(Supervision.group_id.in_(group_ids))
    result: dict[int, list[int]] = defaultdict(list)
    for gid, uid in session.execute(query):
        result[gid].append(uid)
    return dict(result)


def _event_data(group: Group, user: User, *, oversees: bool) -> dict[str, object]:
    return {
        "group_id": group.id,
        "group": group.name,
        "user_id": user.id,
        "user": user.display_name,
        # Before → after, as every admin change states it for the audit record.
        "changes": {"oversees": {"from": not oversees, "to": oversees}},
    }


def set_supervisor(*, session: Session, group_id: int, user_id: int, actor: Actor) -> bool:
    """Make a supervisor (or admin) oversee a group; True if this changed anything."""
    group = lookup.get(session, Group, group_id, "group")
    user = lookup.get(session, User, user_id, "user")
    if not user.role.supervises:
        raise Invalid(
            f"{user.username} is a {user.role.value}; only supervisors and admins oversee groups",
            code="not_a_supervisor",
            details={"user_id": user.id, "role": user.role.value},
        )
    if session.get(Supervision, (group.id, user.id)) is not None:
        return False  # PUT is idempotent: nothing recorded twice
    session.add(Supervision(group_id=group.id, user_id=user.id))
    events.record(
        session,
        kind=EventKind.SUPERVISOR_SET,
        actor=actor,
        data=_event_data(group, user, oversees=True),
        groups=[group.id],
        users=[user.id],
    )
    session.flush()
    return True


def remove_supervisor(*, session: Session, group_id: int, user_id: int, actor: Actor) -> None:
    group = lookup.get(session, Group, group_id, "group")
    user = lookup.get(session, User, user_id, "user")
    row = session.get(Supervision, (group.id, user.id))
    if row is None:
        raise NotFound(f"{user.username} does not oversee {group.name}")
    session.delete(row)
    events.record(
        session,
        kind=EventKind.SUPERVISOR_REMOVED,
        actor=actor,
        data=_event_data(group, user, oversees=False),
        groups=[group.id],
        users=[user.id],
    )
    session.flush()
