"""Agent presence: online / away / offline, and what going offline does to their work."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind, Presence, Status

from .. import clock
from ..store.locks import lock_groups
from ..store.schema import Membership, Ticket, User
from . import events, routing
from .actors import Actor
from .errors import Unauthorized


def lock_agent(session: Session, user_id: int) -> tuple[User, set[int]]:
    """Take the locks for changing what an agent can take, in the one order of
    ``store.locks``: the advisory locks of every group they are in or hold an offer in
    (so no round, assignment or move in those groups runs meanwhile), then their user row.
    Their tickets' rows come after, in ``hand_back_offers``. Returns the user and the
    groups locked."""
    group_ids = session.scalars(
        select(Membership.group_id).where(Membership.user_id == user_id)
        .union(select(Ticket.group_id).where(Ticket.assignee_id == user_id,
                                             Ticket.status == Status.ASSIGNED))
    ).all()
    lock_groups(session, group_ids)
    user = session.get(User, user_id, with_for_update=True, populate_existing=True)
    if user is None:  # an actor whose account is gone (users are deactivated, not deleted)
        raise Unauthorized("account no longer exists", code="account_inactive")
    return user, set(group_ids)


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
    user, locked = lock_agent(session, user_id)
    if not user.active and presence is not Presence.OFFLINE:
        # A token cached a few seconds before the account was deactivated (by another server
        # process, or the CLI) must not bring it back online: deactivation took it offline.
        raise Unauthorized("account deactivated", code="account_inactive")
    if unless_seen_since and user.last_seen_at and user.last_seen_at >= unless_seen_since:
        return user  # a heartbeat came in meanwhile: still here
    now = clock.now()
    user.last_seen_at = now
    if user.presence == presence:
        return user
    _record_change(session, user, presence, actor, reason, now)
    if presence is Presence.OFFLINE:
        hand_back_offers(session, user, locked, actor, reason="agent_offline")
    return user


def _record_change(
    session: Session, user: User, presence: Presence, actor: Actor, reason: str, now: datetime
) -> None:
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


def take_offline(
    session: Session, user: User, locked: set[int], *, actor: Actor, reason: str
) -> None:
    """Deactivation's half of going offline (the caller holds ``lock_agent``'s locks and has
    marked the user inactive): a presence event if they were on, and their offers handed
    on — even when already offline, since a supervisor may assign to an offline agent.
    Accepted tickets stay with them, as when going offline. ``locked``: from
    ``lock_agent``."""
    if user.presence is not Presence.OFFLINE:
        _record_change(session, user, Presence.OFFLINE, actor, reason, clock.now())
    hand_back_offers(session, user, locked, actor, reason=reason)


def hand_back_offers(
    session: Session, user: User, locked: set[int], actor: Actor, *, reason: str
) -> None:
    """Every ticket offered to the user and not yet accepted goes back to its queue (and on
    to someone else at once, if anyone is free). Only tickets of groups whose lock this
    transaction holds: an offer made after ``lock_agent`` read the groups (a membership
    added that very moment) simply lapses by its accept timeout."""
    session.flush()  # their presence/active first: the inline offer must not pick them
    offered = session.scalars(
        select(Ticket)
        .where(Ticket.assignee_id == user.id, Ticket.status == Status.ASSIGNED,
               Ticket.group_id.in_(locked or {-1}))
        .order_by(Ticket.id)
        .with_for_update(of=Ticket)
        .execution_options(populate_existing=True)  # the locked row, not a stale copy
    ).all()
    for ticket in offered:
        events.record(
            session,
            kind=EventKind.UNASSIGNED,
            actor=actor,
            ticket=ticket,
            data={"previous_assignee_id": user.id, "reason": reason},
            users=[user.id],
        )
        routing.hold_queue_or_offer(session, ticket, actor)


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
