"""Quick replies: who sees, makes, changes and removes which. A group's are offered to its
members and kept by admins; a personal one is its agent's alone (admins included: nobody
edits another's own texts). Service accounts have none.

A group's quick reply is the organisation's wording, like its hours or its ticket types:
making, changing or removing one is an admin event (``quick_reply_*``, name and text before
→ after, found by the audit search: "who changed the refund template?"). An agent's own are
not recorded: nobody else sees or uses them, and what reaches a customer is recorded anyway,
as the comment it was inserted into."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketdesk.common import limits
from ticketdesk.common.enums import EventKind, Role
from ticketdesk.common.models import QuickReplyCreate, QuickReplyPublic, QuickReplyUpdate

from .. import clock
from ..store.locks import lock_quick_replies
from ..store.schema import Group, QuickReply
from . import events
from .actors import Actor
from .errors import Conflict, Forbidden, NotFound


def public(reply: QuickReply) -> QuickReplyPublic:
    return QuickReplyPublic.model_validate(reply)


def _person(actor: Actor) -> int:
    if actor.user_id is None or actor.is_key:
        raise Forbidden("quick replies belong to people, not to service accounts")
    return actor.user_id


def list_for(*, session: Session, actor: Actor) -> list[QuickReply]:
    """The caller's own and those of their groups (an admin: of every group), by name."""
    user_id = _person(actor)
    groups = QuickReply.group_id.is_not(None) if actor.role is Role.ADMIN else (
        QuickReply.group_id.in_(actor.group_ids)
    )
    query = select(QuickReply).where(or_(QuickReply.owner_id == user_id, groups))
    return list(session.scalars(query.order_by(QuickReply.name, QuickReply.id)))


def _get(session: Session, reply_id: int, actor: Actor) -> QuickReply:
    """The quick reply, if the caller may change it (404 if they may not even see it)."""
    user_id = _person(actor)
    reply = session.get(QuickReply, reply_id)
    if reply is None or (reply.owner_id is not None and reply.owner_id != user_id):
        raise NotFound(f"no quick reply {reply_id}")
    if reply.group_id is not None and actor.role is not Role.ADMIN:
        if reply.group_id not in actor.group_ids:
            raise NotFound(f"no quick reply {reply_id}")
        raise Forbidden("only admins change a group's quick replies")
    return reply


def create(*, session: Session, data: QuickReplyCreate, actor: Actor) -> QuickReply:
    user_id = _person(actor)
    if data.group_id is not None:
        if actor.role is not Role.ADMIN:
            raise Forbidden("only admins make a group's quick replies")
        if session.get(Group, data.group_id) is None:
            raise NotFound(f"no group {data.group_id}")
        owner = QuickReply.group_id == data.group_id
        most = limits.QUICK_REPLIES_PER_GROUP
    else:
        owner = QuickReply.owner_id == user_id
        most = limits.QUICK_REPLIES_PER_OWNER
    # One create at a time per owner, so that two at once cannot pass the cap together.
    lock_quick_replies(session, group_id=data.group_id, owner_id=user_id)
    count = session.scalar(select(func.count()).select_from(QuickReply).where(owner)) or 0
    if count >= most:
        raise Conflict(
            f"at most {most} quick replies here; remove one first",
            code="too_many_quick_replies",
            details={"max": most},
        )
    reply = QuickReply(
        group_id=data.group_id,
        owner_id=None if data.group_id is not None else user_id,
        name=data.name,
        body=data.body,
        updated_by_id=user_id,
    )
    session.add(reply)
    _flush(session, data.name)
    if reply.group_id is not None:
        _record(session, EventKind.QUICK_REPLY_CREATED, reply, actor, body=reply.body)
    return reply


def update(
    *, session: Session, reply_id: int, data: QuickReplyUpdate, actor: Actor
) -> QuickReply:
    reply = _get(session, reply_id, actor)
    changes = {}
    for key, value in (("name", data.name), ("body", data.body)):
        if value is not None and value != getattr(reply, key):
            changes[key] = {"from": getattr(reply, key), "to": value}
            setattr(reply, key, value)
    if not changes:
        return reply
    reply.updated_at = clock.now()
    reply.updated_by_id = actor.user_id
    _flush(session, reply.name)
    if reply.group_id is not None:
        _record(session, EventKind.QUICK_REPLY_UPDATED, reply, actor, changes=changes)
    return reply


def delete(*, session: Session, reply_id: int, actor: Actor) -> None:
    reply = _get(session, reply_id, actor)
    if reply.group_id is not None:
        _record(session, EventKind.QUICK_REPLY_REMOVED, reply, actor, body=reply.body)
    session.delete(reply)
    session.flush()


def _record(session: Session, kind: EventKind, reply: QuickReply, actor: Actor,
            **particulars: object) -> None:
    """A group's quick reply changed: an admin event its group's people may learn of (the
    text itself only supervisors and admins read, as for every admin change)."""
    group = session.get(Group, reply.group_id)
    events.record(
        session,
        kind=kind,
        actor=actor,
        data={"quick_reply_id": reply.id, "group_id": reply.group_id,
              "group": group.name if group is not None else "", "name": reply.name,
              **particulars},
        groups=[reply.group_id] if reply.group_id is not None else [],
    )


def _flush(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"a quick reply named {name!r} exists already", code="name_taken"
        ) from exc
