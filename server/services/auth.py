"""Logging in and out, and turning a bearer token back into an actor."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Row, Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from ticketdesk.common.enums import EventKind, Presence

from .. import clock
from ..store.schema import LoginSession, User
from . import api_keys, events, key_format, passwords, presence, throttle
from .actors import Actor
from .errors import BadCredentials, Unauthorized
from .token_cache import TokenCache

log = logging.getLogger(__name__)

_BAD_LOGIN = "wrong username or password"
_ENDED = {
    "logged_out": "this session was logged out; log in again",
    "password_changed": "the password was changed; log in again",
    "deactivated": "the account was deactivated",
}
"""Why a revoked session ended, by its code (the 401's ``code`` and the 4401 close reason)."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class LoginAttempt:
    """What the first step of a login read: who the username names, and the hash their
    password is checked against (``None`` for an unknown username)."""

    username: str
    user_id: int | None
    password_hash: str | None


@dataclass(frozen=True)
class PasswordCheck:
    matches: bool
    new_hash: str | None = None
    """The password hashed afresh when the stored hash's parameters are out of date."""


def begin_login(
    *, session: Session, username: str, source: str = "", policy: throttle.Policy
) -> LoginAttempt:
    """The reads before the password check: refused (429) while locked out."""
    throttle.check(session, username=username, address=source, policy=policy)
    row = session.execute(
        select(User.id, User.password_hash).where(func.lower(User.username) == username.lower())
    ).one_or_none()
    if row is None:
        return LoginAttempt(username, None, None)
    return LoginAttempt(username, row.id, row.password_hash)


def check_password(attempt: LoginAttempt, password: str) -> PasswordCheck:
    """The CPU-heavy middle of a login (argon2id: ~0.2 s of a core and 64 MiB with the
    default profile), touching no database, so that the caller can run it with no
    connection held."""
    if attempt.password_hash is None:
        # An unknown username answers exactly as slowly as a wrong password.
        passwords.burn_time(password)
        return PasswordCheck(False)
    if not passwords.verify(attempt.password_hash, password):
        return PasswordCheck(False)
    if passwords.needs_rehash(attempt.password_hash):
        return PasswordCheck(True, passwords.hash_password(password))
    return PasswordCheck(True)


def complete_login(
    *,
    session: Session,
    attempt: LoginAttempt,
    check: PasswordCheck,
    hours: float,
    source: str = "",
    policy: throttle.Policy,
) -> tuple[str, LoginSession, User]:
    """Open the session once the password matched; else record the failure (committed)
    and raise BadCredentials. The account is read again: deactivated, or its password
    changed, since :func:`begin_login` read it, the login fails like a wrong password."""
    user = None
    if check.matches and attempt.user_id is not None:
        user = session.scalars(
            select(User).where(User.id == attempt.user_id)
            # Both for the answer (group_ids, overseen_group_ids): no lazy load after this.
            .options(selectinload(User.memberships), selectinload(User.supervisions))
        ).one_or_none()
    # An unknown or inactive account answers exactly like a wrong password.
    if user is None or user.password_hash != attempt.password_hash or not user.active:
        delay = throttle.failed(session, username=attempt.username, address=source,
                                policy=policy)
        raise BadCredentials(_BAD_LOGIN, answer_after=delay)
    throttle.succeeded(session, username=attempt.username)
    if check.new_hash is not None:
        user.password_hash = check.new_hash
    token = secrets.token_urlsafe(32)
    login_session = LoginSession(
        token_hash=token_digest(token),
        user_id=user.id,
        expires_at=clock.now() + timedelta(hours=hours),
        client_addr=source[:64],
    )
    session.add(login_session)
    session.flush()
    events.record(
        session,
        kind=EventKind.LOGGED_IN,
        actor=Actor.of(user, source=source),
        data={"user_id": user.id, "session_id": login_session.id, "address": source},
        users=[user.id],
    )
    session.flush()
    return token, login_session, user


def login(
    *,
    session: Session,
    username: str,
    password: str,
    hours: float,
    source: str = "",
    policy: throttle.Policy | None = None,
) -> tuple[str, LoginSession, User]:
    """The three steps in one transaction, for callers with no one else waiting on the
    connection (tools, tests). The login route releases it around the password check."""
    policy = policy or throttle.Policy()
    attempt = begin_login(session=session, username=username, source=source, policy=policy)
    return complete_login(session=session, attempt=attempt,
                          check=check_password(attempt, password), hours=hours,
                          source=source, policy=policy)


def authenticate(
    *, session: Session, token: str, source: str = "", cache: TokenCache | None = None
) -> Actor:
    """The actor behind a bearer token, or Unauthorized when it is unknown, expired or revoked."""
    digest = token_digest(token)
    if cache is not None and (hit := cache.get(digest, source)) is not None:
        return hit
    if key_format.looks_like_key(token):
        actor, stale = api_keys.authenticate(session=session, token=token, source=source)
        if stale:
            _record_key_use(session, actor)
        if cache is not None:
            cache.put(digest, actor)
        return actor
    row = session.execute(_session_rows().where(LoginSession.token_hash == digest)).one_or_none()
    actor = _verdict(row, source)
    if cache is not None:
        cache.put(digest, actor)
    return actor


def authenticate_sessions(
    *, session: Session, tokens: Sequence[tuple[str, str]]
) -> list[Actor | Unauthorized]:
    """The verdict on each ``(token, source)`` of a batch of login-session tokens (not API
    keys), by the same rules as :func:`authenticate`, in one query for the sessions and their
    users and one more for those users' memberships, however many tokens: a server that
    restarts with a thousand clients knocking pays two round trips per batch, not per client."""
    digests = [token_digest(token) for token, _ in tokens]
    rows: dict[str, Row[tuple[LoginSession, User]]] = {
        row[0].token_hash: row
        for row in session.execute(
            _session_rows().where(LoginSession.token_hash.in_(sorted(set(digests))))
        )
    }
    verdicts: list[Actor | Unauthorized] = []
    for digest, (_, source) in zip(digests, tokens, strict=True):
        try:
            verdicts.append(_verdict(rows.get(digest), source))
        except Unauthorized as exc:
            verdicts.append(exc)
    return verdicts


def _session_rows() -> Select[tuple[LoginSession, User]]:
    return (
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .options(selectinload(User.memberships))
    )


def _verdict(row: Row[tuple[LoginSession, User]] | None, source: str) -> Actor:
    """The one definition of when a login session's token is good, for both paths."""
    if row is None:
        raise Unauthorized("invalid session token; log in again", code="invalid_token")
    login_session, user = row
    if login_session.revoked_at is not None:
        reason = login_session.end_reason or "logged_out"
        raise Unauthorized(_ENDED[reason], code=reason)
    if login_session.expires_at <= clock.now():
        raise Unauthorized("session expired; log in again", code="session_expired")
    if not user.active:
        raise Unauthorized("account deactivated", code="account_inactive")
    return Actor.of(user, source=source, session_id=login_session.id,
                    session_expires_at=login_session.expires_at)


def _record_key_use(session: Session, actor: Actor) -> None:
    # Its own short transaction on a connection of its own: the request's transaction stays
    # free of it (no row lock held while the request runs, nothing to roll back with it).
    assert actor.key_id is not None
    try:
        with Session(bind=session.get_bind()) as own:
            api_keys.touch(own, actor.key_id)
            own.commit()
    except Exception:  # a missed "last used" must not fail the request
        log.warning("recording the use of API key %s failed", actor.key_id, exc_info=True)


def logout(*, session: Session, token: str, actor: Actor) -> None:
    """End the session; the agent is offline from now on (their offers go back to the queue),
    and live connections opened with this token are closed."""
    ended = session.scalars(
        update(LoginSession)
        .where(LoginSession.token_hash == token_digest(token), LoginSession.revoked_at.is_(None))
        .values(revoked_at=clock.now(), end_reason="logged_out")
        .returning(LoginSession.id)
    ).all()
    if actor.user_id is not None:
        presence.change(
            session,
            user_id=actor.user_id,
            presence=Presence.OFFLINE,
            actor=actor,
            reason="logged_out",
        )
        for session_id in ended:
            events.record(
                session,
                kind=EventKind.LOGGED_OUT,
                actor=actor,
                data={"user_id": actor.user_id, "session_id": session_id},
                users=[actor.user_id],
            )
    session.flush()


def revoke_all(*, session: Session, user_id: int, reason: str) -> None:
    """End every session of a user (``deactivated``, ``password_changed``). The caller commits."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=clock.now(), end_reason=reason)
    )
