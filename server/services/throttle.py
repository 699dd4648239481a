"""Login throttling: repeated failures for one username or from one address are slowed
down, then locked out for a while, and the lock is reported to admins as an event.

Failures are counted for unknown usernames exactly as for real ones, and a locked-out
attempt is refused before the password is checked, so no answer reveals whether an
account exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import EventKind

from .. import clock
from ..store.schema import LoginFailure
from . import events
from .actors import Actor
from .errors import TooManyAttempts


@dataclass(frozen=True)
class Policy:
    window_seconds: int = 900
    """Failures older than this are forgotten."""
    slow_after: int = 3
    """From this many failures on, each further attempt is answered more slowly."""
    max_delay_seconds: float = 4.0
    lock_username_after: int = 10
    lock_address_after: int = 30
    lock_seconds: int = 900


def _counts(
    session: Session, username: str, address: str, policy: Policy
) -> tuple[int, int, datetime | None]:
    since = clock.now() - timedelta(seconds=policy.window_seconds)
    by_user = session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(
            LoginFailure.username == username, LoginFailure.at > since
        )
    ).one()
    by_address = (
        session.scalar(
            select(func.count()).where(LoginFailure.address == address, LoginFailure.at > since)
        )
        or 0
    )
    return by_user[0], by_address, by_user[1]


def check(session: Session, *, username: str, address: str, policy: Policy) -> None:
    """Refuse (429) while the username or the address is locked out."""
    users, addresses, last = _counts(session, username.lower(), address, policy)
    if users >= policy.lock_username_after or addresses >= policy.lock_address_after:
        retry = policy.lock_seconds
        if last is not None and users >= policy.lock_username_after:
            elapsed = (clock.now() - last).total_seconds()
            retry = max(1, int(policy.lock_seconds - elapsed))
        raise TooManyAttempts(
            "too many failed logins; try again later or ask an admin", retry_after=retry
        )


def failed(session: Session, *, username: str, address: str, policy: Policy) -> float:
    """Record a failure (committed) and report a new lock-out. Returns how many seconds the
    answer should be held back."""
    name = username.lower()[:64]
    session.add(LoginFailure(username=name, address=address[:64]))
    session.flush()
    users, addresses, _ = _counts(session, name, address, policy)
    if users == policy.lock_username_after or addresses == policy.lock_address_after:
        events.record(
            session,
            kind=EventKind.LOGIN_LOCKED,
            actor=Actor.system("登录保护 (login guard)"),
            data={
                "username": name,
                "address": address,
                "failures": users,
                "address_failures": addresses,
                "minutes": policy.lock_seconds // 60,
            },
        )
    session.commit()
    if users > policy.slow_after:
        return min(policy.max_delay_seconds, 0.25 * 2 ** (users - policy.slow_after - 1))
    return 0.0


def succeeded(session: Session, *, username: str) -> None:
    """A correct password clears the username's failures (the caller commits)."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == username.lower()))


def forget_old(session: Session, policy: Policy) -> None:
    since = clock.now() - timedelta(seconds=max(policy.window_seconds, policy.lock_seconds))
    session.execute(delete(LoginFailure).where(LoginFailure.at < since))
