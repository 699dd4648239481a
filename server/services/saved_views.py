"""Saved views: who sees, makes, changes and removes which. A personal view is its owner's
alone; a view shared with a group is seen by its members and by the supervisors who oversee
the group or shared it, and is kept — shared, changed, unshared, removed — by admins and by
the supervisors who oversee the group or belong to it (its agents read it only; another
group's supervisor may not touch it). Service accounts have none. Flushes only: the caller
owns the transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketdesk.common import limits
from ticketdesk.common.enums import Role
from ticketdesk.common.models.views import ViewCreate, ViewFilter, ViewPublic, ViewUpdate

from .. import clock
from ..store.schema import Group, SavedView, Supervision, TicketType, User
from .actors import Actor
from .errors import Conflict, Forbidden, Invalid, NotFound


def _person(actor: Actor) -> int:
    if actor.user_id is None or actor.is_key:
        raise Forbidden("saved views belong to people, not to service accounts")
    return actor.user_id


Kept = frozenset[int] | None
"""The groups whose shared views a caller keeps; None: every group (an admin)."""


def kept_groups(session: Session, actor: Actor) -> Kept:
    if actor.role is Role.ADMIN:
        return None
    if not actor.supervises or actor.user_id is None:
        return frozenset()
    return frozenset(actor.group_ids) | frozenset(_overseen(session, actor.user_id))


def _keeps(kept: Kept, group_id: int) -> bool:
    return kept is None or group_id in kept


def editable(view: SavedView, actor: Actor, kept: Kept) -> bool:
    if view.group_id is None:
        return view.owner_id == actor.user_id
    return _keeps(kept, view.group_id)


def public(*, session: Session, view: SavedView, actor: Actor) -> ViewPublic:
    return public_all(session=session, views=[view], actor=actor)[0]


def public_all(*, session: Session, views: list[SavedView], actor: Actor) -> list[ViewPublic]:
    """As the caller sees them, ``editable`` saying which they may change."""
    kept = kept_groups(session, actor)
    found = []
    for view in views:
        result = ViewPublic.model_validate(view)
        result.editable = editable(view, actor, kept)
        found.append(result)
    return found


def _overseen(session: Session, user_id: int) -> list[int]:
    return list(session.scalars(select(Supervision.group_id).where(Supervision.user_id == user_id)))


def list_for(*, session: Session, actor: Actor) -> list[SavedView]:
    """The caller's own, and those shared with their groups (a supervisor's: also with the
    groups they oversee, and those they shared), personal ones first, by name."""
    user_id = _person(actor)
    groups = set(actor.group_ids)
    shared = [SavedView.group_id.in_(groups)] if groups else []
    if actor.supervises:
        groups.update(_overseen(session, user_id))
        shared = [SavedView.group_id.in_(groups), SavedView.owner_id == user_id]
    mine = (SavedView.owner_id == user_id) & SavedView.group_id.is_(None)
    query = select(SavedView).where(or_(mine, *shared))
    order = (SavedView.group_id.is_not(None), SavedView.name, SavedView.id)
    return list(session.scalars(query.order_by(*order)))


def _get(session: Session, view_id: int, actor: Actor) -> SavedView:
    """The view, if the caller may change it (404 if they may not even see it)."""
    user_id = _person(actor)
    view = session.get(SavedView, view_id)
    if view is None:
        raise NotFound(f"no saved view {view_id}")
    if view.group_id is None:
        if view.owner_id != user_id:
            raise NotFound(f"no saved view {view_id}")
    elif not actor.supervises:
        if view.group_id not in actor.group_ids:
            raise NotFound(f"no saved view {view_id}")
        raise Forbidden("a view shared with your group is kept by its supervisors")
    elif not _keeps(kept_groups(session, actor), view.group_id):
        raise Forbidden("a view shared with a group is kept by the supervisors who oversee "
                        "the group or belong to it, and by admins")
    return view


def _check_filter(session: Session, filt: ViewFilter) -> dict[str, Any]:
    """The filter as stored, once every group, type and user it names exists (422 with the
    field's name if one does not: a view that can never list anything is a mistake)."""
    for field, model, ids in (
        ("group", Group, filt.group),
        ("type", TicketType, filt.type),
        ("assignee", User, [filt.assignee] if isinstance(filt.assignee, int) else []),
    ):
        if not ids:
            continue
        found = set(session.scalars(select(model.id).where(model.id.in_(ids))))
        missing = sorted(set(ids) - found)
        if missing:
            raise Invalid(
                f"the filter names {field} {', '.join(map(str, missing))}, which does not exist",
                code="invalid_filter",
                details={"field": f"filter.{field}", "missing": missing},
            )
    return filt.model_dump(mode="json", exclude_defaults=True)


def _share_target(session: Session, group_id: int, actor: Actor) -> None:
    if not actor.supervises:
        raise Forbidden("only supervisors and admins share views with a group")
    # One at a time per group, so that two supervisors cannot pass the limit together.
    if session.get(Group, group_id, with_for_update=True) is None:
        raise NotFound(f"no group {group_id}")
    # Shared only where the sharer keeps it: they could not change what they had shared.
    if not _keeps(kept_groups(session, actor), group_id):
        raise Forbidden("a supervisor shares views with the groups they oversee or belong to")


def _personal_room(session: Session, user_id: int) -> None:
    """Room for one more personal view of the user (the row lock: one at a time)."""
    session.get(User, user_id, with_for_update=True)
    personal = (SavedView.owner_id == user_id) & SavedView.group_id.is_(None)
    _count_check(session, personal, limits.VIEWS_PER_OWNER)


def _count_check(session: Session, view_filter: Any, most: int) -> None:
    count = session.scalar(select(func.count()).select_from(SavedView).where(view_filter)) or 0
    if count >= most:
        raise Conflict(
            f"at most {most} saved views here; remove one first",
            code="too_many_views",
            details={"max": most},
        )


def create(*, session: Session, data: ViewCreate, actor: Actor) -> SavedView:
    user_id = _person(actor)
    if data.group_id is not None:
        _share_target(session, data.group_id, actor)
        _count_check(session, SavedView.group_id == data.group_id, limits.VIEWS_PER_GROUP)
    else:
        _personal_room(session, user_id)
    view = SavedView(
        owner_id=user_id,
        group_id=data.group_id,
        name=data.name,
        filter=_check_filter(session, data.filter),
        sort_column=data.sort_column,
        sort_descending=data.sort_descending,
        columns=list(data.columns),
    )
    session.add(view)
    _flush(session, data.name)
    return view


def update(*, session: Session, view_id: int, data: ViewUpdate, actor: Actor) -> SavedView:
    view = _get(session, view_id, actor)
    given = data.model_fields_set
    if "group_id" in given and data.group_id != view.group_id:
        if data.group_id is not None:
            _share_target(session, data.group_id, actor)
            _count_check(session, SavedView.group_id == data.group_id, limits.VIEWS_PER_GROUP)
        else:  # unshared: it becomes the caller's own, within their cap like any other
            _personal_room(session, _person(actor))
        view.group_id = data.group_id
        view.owner_id = actor.user_id or view.owner_id  # who shared it (or keeps it) now
    if data.name is not None:
        view.name = data.name
    if data.filter is not None:
        view.filter = _check_filter(session, data.filter)
    if data.sort_column is not None:
        view.sort_column = data.sort_column
    if data.sort_descending is not None:
        view.sort_descending = data.sort_descending
    if data.columns is not None:
        view.columns = list(data.columns)
    view.updated_at = clock.now()
    _flush(session, view.name)
    return view


def delete(*, session: Session, view_id: int, actor: Actor) -> None:
    session.delete(_get(session, view_id, actor))
    session.flush()


def _flush(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"a saved view named {name!r} exists already", code="name_taken") from exc
