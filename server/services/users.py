"""Accounts: creation, changes, presence."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ticketdesk.common.enums import EventKind, Presence, UserKind
from ticketdesk.common.models import UserCreate, UserUpdate

from .. import clock
from ..store.schema import User
from . import auth, events, lookup, passwords
from .actors import Actor
from .errors import Conflict
from .presence import change as change_presence
from .presence import lock_agent, take_offline


def list_users(*, session: Session) -> list[User]:
    """People's accounts (service accounts are listed with their API keys)."""
    return list(
        session.scalars(
            select(User)
            .where(User.kind == UserKind.PERSON)
            .options(selectinload(User.memberships), selectinload(User.supervisions))
            .order_by(User.id)
        )
    )


def get_user(*, session: Session, user_id: int) -> User:
    return lookup.get(session, User, user_id, "user")


def create_user(*, session: Session, data: UserCreate, actor: Actor) -> User:
    # Hashed before the first read: the CPU-heavy part runs with no connection checked out.
    password_hash = passwords.hash_password(data.password)
    taken = session.scalar(
        select(func.count())
        .select_from(User)
        .where(func.lower(User.username) == data.username.lower())
    )
    if taken:
        raise Conflict(f"username {data.username!r} is taken", code="username_taken")
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        password_hash=password_hash,
        active=True,
        presence=Presence.OFFLINE,
    )
    try:
        # A savepoint: losing the race undoes only this insert, not the caller's transaction.
        with session.begin_nested():
            session.add(user)
    except IntegrityError as exc:  # a concurrent create with the same name
        raise Conflict(f"username {data.username!r} is taken", code="username_taken") from exc
    events.record(
        session,
        kind=EventKind.USER_CREATED,
        actor=actor,
        data={"user_id": user.id, "username": user.username, "role": user.role.value},
        users=[user.id],
    )
    session.flush()
    return user


def update_user(*, session: Session, user_id: int, data: UserUpdate, actor: Actor) -> User:
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    # Hashed before the first read: no connection (nor a row lock) held while it runs.
    password_hash = passwords.hash_password(changes["password"]) if "password" in changes else ""
    user = lookup.get(session, User, user_id, "user")
    if user.id == actor.user_id and (changes.get("active") is False or "role" in changes):
        raise Conflict("you cannot deactivate yourself or change your own role", code="self_change")
    deactivating = changes.get("active") is False and user.active
    locked: set[int] = set()
    if deactivating:
        # The path of going offline: its locks in their order, before anything is written.
        user, locked = lock_agent(session, user.id)
    recorded: dict[str, object] = {}
    for key in ("display_name", "role", "active"):
        if key in changes and getattr(user, key) != changes[key]:
            recorded[key] = {"from": _plain(getattr(user, key)), "to": _plain(changes[key])}
            setattr(user, key, changes[key])
    if "password" in changes:
        user.password_hash = password_hash
        recorded["password"] = "changed"
    if changes.get("active") is False:
        auth.revoke_all(session=session, user_id=user.id, reason="deactivated")
    elif "password" in changes:
        auth.revoke_all(session=session, user_id=user.id, reason="password_changed")
    if deactivating:
        take_offline(session, user, locked, actor=actor, reason="deactivated")
    if recorded:
        user.updated_at = clock.now()
        events.record(
            session,
            kind=EventKind.USER_UPDATED,
            actor=actor,
            data={"user_id": user.id, "username": user.username, "changes": recorded},
            users=[user.id],
        )
    session.flush()
    return user


def set_presence(
    *, session: Session, actor: Actor, presence: Presence, reason: str = ""
) -> User:
    """``reason``: why a client changed it by itself (``idle``, ``back``); "" when chosen."""
    assert actor.user_id is not None
    user = change_presence(
        session, user_id=actor.user_id, presence=presence, actor=actor, reason=reason
    )
    session.flush()
    return user


def _plain(value: object) -> object:
    return getattr(value, "value", value)
