"""Finding rows by id or by their stable name, with the right error when they are missing."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.schema import Group, TicketType, User
from .errors import Invalid, NotFound

T = TypeVar("T")

INT4_MAX = 2**31 - 1


def _in_range(ref: int) -> bool:
    return 0 < ref <= INT4_MAX


def _missing(what: str, ref: int | str, field: str | None) -> Exception:
    message = f"no {what} {ref!r}"
    if field is None:
        return NotFound(message)
    # A bad reference inside a request body is a content error, not a missing URL.
    return Invalid(message, code=f"unknown_{what.replace(' ', '_')}", details={"field": field})


def get(session: Session, model: type[T], ident: int, what: str) -> T:
    """A row by primary key (a path parameter): NotFound when absent."""
    row = session.get(model, ident) if _in_range(ident) else None
    if row is None:
        raise NotFound(f"no {what} {ident}")
    return row


def group(session: Session, ref: int | str, *, field: str | None = None) -> Group:
    if isinstance(ref, int):
        row = session.get(Group, ref) if _in_range(ref) else None
    else:
        row = session.scalars(select(Group).where(Group.name == ref)).one_or_none()
    if row is None:
        raise _missing("group", ref, field)
    return row


def user(session: Session, ref: int | str, *, field: str | None = None) -> User:
    if isinstance(ref, int):
        row = session.get(User, ref) if _in_range(ref) else None
    else:
        row = session.scalars(
            select(User).where(func.lower(User.username) == ref.lower())
        ).one_or_none()
    if row is None:
        raise _missing("user", ref, field)
    return row


def ticket_type(session: Session, ref: int | str, *, field: str | None = None) -> TicketType:
    if isinstance(ref, int):
        row = session.get(TicketType, ref) if _in_range(ref) else None
    else:
        row = session.scalars(select(TicketType).where(TicketType.key == ref)).one_or_none()
    if row is None:
        raise _missing("ticket type", ref, field)
    return row
