"""Agent presence: online / away / offline, and what going offline does to their work."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind, Presence, Status

from .. import clock
from ..dispatch.locks import lock_groups
from ..store.schema import Membership, Ticket, User
from . import events, routing
from .actors import Actor


def change(
    session: Session,
    *,
    user_id: int,
    presence: Presence,
    actor: Actor,
    reason: str = "",
    unless_seen_since: datetime | None = None,
) -> User:
    """Set a user's presence (the caller commits). Going offline hands back every ticket
    offered to them but not yet accepted, so it is not left waiting on someone gone."""
    group_ids = session.scalars(select(Membership.group_id).where(Membership.user_id == user_id))
    # Serialize with the engine: no round may assign to this agent while they change state.
    lock_groups(session, group_ids)
    user = session.get_one(User, user_id, with_for_update=True)
    if unless_seen_since and user.last_seen_at and user.last_seen_at >= unless_seen_since:
        return user  # a heartbeat came in meanwhile: still here
    now = clock.now()
    user.last_seen_at = now
    if user.presence == presence:
        return user
    previous = user.presence
    user.presence = presence
    user.presence_changed_at = now
    data = {
        "user_id": user.id,
        "user": user.display_name,
        "from": previous.value,
        "to": presence.value,
    }
    if reason:
        data["reason"] = reason
    events.record(
        session,
        kind=EventKind.PRESENCE_CHANGED,
        actor=actor,
        data=data,
        groups=[m.group_id for m in user.memberships],
        users=[user.id],
    )
    if presence is Presence.OFFLINE:
        offered = session.scalars(
            select(Ticket)
            .where(Ticket.assignee_id == user.id, Ticket.status == Status.ASSIGNED)
            .order_by(Ticket.id)
            .with_for_update(of=Ticket)
        ).all()
        for ticket in offered:
            events.record(
                session,
                kind=EventKind.UNASSIGNED,
                actor=actor,
                ticket=ticket,
                data={"previous_assignee_id": user.id, "reason": "agent_offline"},
                users=[user.id],
            )
            routing.enter_queue(session, ticket, actor)
    return user


def sweep(session: Session, *, grace_seconds: float, actor: Actor) -> list[int]:
    """Take offline everyone not seen for ``grace_seconds`` (their client went away without
    saying so), one transaction each; returns their ids."""
    cutoff = clock.now() - timedelta(seconds=grace_seconds)
    stale = session.scalars(
        select(User.id).where(
            User.presence != Presence.OFFLINE,
            User.last_seen_at.is_(None) | (User.last_seen_at < cutoff),
        )
    ).all()
    session.rollback()
    for user_id in stale:
        change(
            session,
            user_id=user_id,
            presence=Presence.OFFLINE,
            actor=actor,
            reason="connection_lost",
            unless_seen_since=cutoff,
        )
        session.commit()
    return list(stale)
