"""API keys: service accounts' keys with scopes — made, listed, rotated, revoked, and turned
back into an actor. Functions only flush; the caller (a request, a CLI command) commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from ticketdesk.common.enums import EventKind, Presence, Role, Scope, UserKind
from ticketdesk.common.models import ApiKeyCreate, ApiKeyPublic

from .. import clock
from ..store.schema import ApiKey, User
from . import events, key_format, lookup
from .actors import Actor
from .errors import Conflict, Invalid, Unauthorized

TOUCH_EVERY = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per key: a busy key costs no write per
request."""

NO_PASSWORD = "!service-account"
"""A password hash that no password verifies: service accounts cannot log in."""


def public(key: ApiKey, *, now: datetime | None = None) -> ApiKeyPublic:
    now = now or clock.now()
    return ApiKeyPublic(
        id=key.id,
        account_id=key.account_id,
        account=key.account.username,
        account_display_name=key.account.display_name,
        name=key.name,
        prefix=key.prefix,
        scopes=[Scope(s) for s in key.scopes],
        expires_at=key.expires_at,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
        replaced_by_id=key.replaced_by_id,
        active=key.revoked_at is None and (key.expires_at is None or key.expires_at > now),
    )


def list_keys(*, session: Session) -> list[ApiKey]:
    return list(
        session.scalars(select(ApiKey).options(selectinload(ApiKey.account)).order_by(ApiKey.id))
    )


def _service_account(session: Session, data: ApiKeyCreate, actor: Actor) -> User:
    account = session.scalars(
        select(User).where(func.lower(User.username) == data.account.lower())
    ).one_or_none()
    if account is not None:
        if account.kind is not UserKind.SERVICE:
            raise Invalid(
                f"{data.account!r} is a person's account; API keys belong to service accounts",
                code="not_a_service_account",
                details={"field": "account"},
            )
        return account
    account = User(
        username=data.account,
        display_name=data.display_name or data.account,
        role=Role.AGENT,
        kind=UserKind.SERVICE,
        password_hash=NO_PASSWORD,
        active=True,
        presence=Presence.OFFLINE,
    )
    session.add(account)
    session.flush()
    events.record(
        session,
        kind=EventKind.USER_CREATED,
        actor=actor,
        data={"user_id": account.id, "username": account.username, "role": account.role.value,
              "kind": UserKind.SERVICE.value},
        users=[account.id],
    )
    return account


def _issue(
    session: Session,
    *,
    account: User,
    name: str,
    scopes: list[str],
    expires_at: datetime | None,
    actor: Actor,
    rotated_from: int | None = None,
) -> tuple[str, ApiKey]:
    token = key_format.generate()
    key = ApiKey(
        account_id=account.id,
        account=account,
        name=name,
        prefix=key_format.shown(token),
        token_hash=key_format.digest(token),
        scopes=sorted(scopes),
        expires_at=expires_at,
        created_by_id=actor.user_id,
    )
    session.add(key)
    session.flush()
    data: dict[str, object] = {
        "user_id": account.id, "account": account.username, "key_id": key.id,
        "name": name, "prefix": key.prefix, "scopes": key.scopes,
        "expires_at": expires_at.isoformat() if expires_at else None,
    }
    if rotated_from is not None:
        data["rotated_from"] = rotated_from
    events.record(session, kind=EventKind.API_KEY_CREATED, actor=actor, data=data)
    return token, key


def create_key(*, session: Session, data: ApiKeyCreate, actor: Actor) -> tuple[str, ApiKey]:
    """A new key (and its service account, when the name is new); the key is returned once."""
    if data.expires_at is not None and data.expires_at <= clock.now():
        raise Invalid("expires_at is in the past", code="invalid_expiry",
                      details={"field": "expires_at"})
    account = _service_account(session, data, actor)
    if not account.active:
        raise Conflict(f"service account {account.username!r} is deactivated",
                       code="account_inactive")
    return _issue(session, account=account, name=data.name, scopes=[s.value for s in data.scopes],
                  expires_at=data.expires_at, actor=actor)


def _active_key(session: Session, key_id: int) -> ApiKey:
    key = lookup.get(session, ApiKey, key_id, "API key")
    session.refresh(key, with_for_update=True)
    return key


def revoke_key(*, session: Session, key_id: int, actor: Actor, reason: str = "revoked") -> ApiKey:
    """Revoke at once: requests with it fail from now on, its live connections close. Revoking
    a revoked key changes nothing."""
    key = _active_key(session, key_id)
    if key.revoked_at is not None:
        return key
    key.revoked_at = clock.now()
    events.record(
        session,
        kind=EventKind.API_KEY_REVOKED,
        actor=actor,
        data={"user_id": key.account_id, "account": key.account.username, "key_id": key.id,
              "prefix": key.prefix, "reason": reason},
    )
    session.flush()
    return key


def rotate_key(*, session: Session, key_id: int, actor: Actor) -> tuple[str, ApiKey]:
    """A new key with the same account, name, scopes and expiry; the old one is revoked."""
    old = _active_key(session, key_id)
    if old.revoked_at is not None:
        raise Conflict("this key is revoked; make a new one instead", code="key_revoked")
    token, new = _issue(session, account=old.account, name=old.name, scopes=list(old.scopes),
                        expires_at=old.expires_at, actor=actor, rotated_from=old.id)
    revoke_key(session=session, key_id=old.id, actor=actor, reason="rotated")
    old.replaced_by_id = new.id
    session.flush()
    return token, new


def authenticate(*, session: Session, token: str, source: str = "") -> tuple[Actor, bool]:
    """The service account behind a key, and whether its last use should be recorded now;
    Unauthorized when the key is malformed, unknown, revoked or expired."""
    if not key_format.well_formed(token):
        raise Unauthorized("malformed API key (its checksum does not match)",
                           code="invalid_api_key")
    row = session.execute(
        select(ApiKey, User)
        .join(User, User.id == ApiKey.account_id)
        .where(ApiKey.token_hash == key_format.digest(token))
    ).one_or_none()
    if row is None:
        raise Unauthorized("unknown API key", code="invalid_api_key")
    key, account = row
    now = clock.now()
    if key.revoked_at is not None:
        raise Unauthorized("this API key was revoked", code="api_key_revoked")
    if key.expires_at is not None and key.expires_at <= now:
        raise Unauthorized("this API key has expired", code="api_key_expired")
    if not account.active:
        raise Unauthorized("the key's service account is deactivated", code="account_inactive")
    actor = Actor(
        user_id=account.id,
        name=account.display_name,
        role=account.role,
        source=source,
        session_expires_at=key.expires_at,
        key_id=key.id,
        scopes=frozenset(Scope(s) for s in key.scopes),
    )
    stale = key.last_used_at is None or key.last_used_at <= now - TOUCH_EVERY
    return actor, stale


def touch(session: Session, key_id: int) -> None:
    """Record a use (in a transaction of its own: the caller commits at once). Only one
    writer a minute gets through the WHERE, however many requests race for it."""
    now = clock.now()
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id,
               or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - TOUCH_EVERY))
        .values(last_used_at=now)
    )
