"""A supervisor's bulk move: many assign / unassign / transfer moves in the caller's one
transaction — all of them, or none. Each move is the single action's own service (its
checks, its event); a refused move is raised naming which ticket it was and how that ticket
stands now, and the caller rolls the whole transaction back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.models import AssignRequest, BulkMoveRequest, TicketPublic
from ticketdesk.common.models.tickets import BulkAssign, BulkTransfer

from ..store.locks import lock_groups
from ..store.schema import Ticket
from . import lookup
from .actors import Actor
from .errors import Conflict, DomainError, NotFound
from .tickets import assign, transfer, visible


def _lock_all(session: Session, request: BulkMoveRequest, actor: Actor) -> None:
    """Every group lock the moves need, in ascending id, then every ticket row in id order —
    the one lock order of ``store.locks``, taken up front: the single actions' own locking
    then finds them held (and never has to start over, which would undo earlier moves)."""
    ids = [move.ticket for move in request.moves]
    groups = dict(
        session.execute(
            visible(select(Ticket.id, Ticket.group_id).where(Ticket.id.in_(ids)), actor)
        ).tuples().all()
    )
    for index, move in enumerate(request.moves):
        if move.ticket not in groups:
            raise NotFound(
                f"no ticket {move.ticket}", details={"index": index, "ticket_id": move.ticket}
            )
    targets = {
        lookup.group(session, move.group, field="group").id
        for move in request.moves
        if isinstance(move, BulkTransfer)
    }
    lock_groups(session, {*groups.values(), *targets})
    rows = session.execute(
        select(Ticket.id, Ticket.group_id)
        .where(Ticket.id.in_(ids))
        .order_by(Ticket.id)
        .with_for_update(of=Ticket)
    ).tuples().all()
    for ticket_id, group_id in rows:
        if groups[ticket_id] != group_id:  # transferred between the read and the lock
            raise Conflict(
                f"ticket {ticket_id} moved to another group meanwhile; try again",
                code="busy",
                details={"ticket_id": ticket_id},
            )


def move_many(*, session: Session, request: BulkMoveRequest, actor: Actor) -> list[Ticket]:
    """Make every move (flushing only); the first refusal is raised with ``details`` naming
    the move (``index``), the ticket (``ticket_id``) and the ticket as it is (``ticket``)."""
    _lock_all(session, request, actor)
    moved: list[Ticket] = []
    for index, move in enumerate(request.moves):
        try:
            if isinstance(move, BulkTransfer):
                ticket = transfer(
                    session=session, ticket_id=move.ticket, actor=actor, group_ref=move.group,
                    note=move.note, version=move.version,
                )
            else:
                agent = move.agent if isinstance(move, BulkAssign) else None
                override = move.override_capacity if isinstance(move, BulkAssign) else False
                ticket = assign(
                    session=session, ticket_id=move.ticket, actor=actor,
                    data=AssignRequest(agent=agent, override_capacity=override, note=move.note,
                                       version=move.version),
                )
        except DomainError as exc:
            raise _naming(session, exc, index, move.ticket) from exc
        moved.append(ticket)
    return moved


def _naming(session: Session, exc: DomainError, index: int, ticket_id: int) -> DomainError:
    """The same refusal, saying which move and ticket it was about and how it stands."""
    details = dict(exc.details) if isinstance(exc.details, dict) else {}
    if "ticket" not in details:
        current = session.get(Ticket, ticket_id)
        if current is not None:
            details["ticket"] = TicketPublic.model_validate(current).model_dump(mode="json")
    details.update(index=index, ticket_id=ticket_id)
    named = type(exc)(f"ticket {ticket_id}: {exc.message}", code=exc.code, details=details)
    return named
