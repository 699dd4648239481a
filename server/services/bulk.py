"""A supervisor's bulk move: many assign / unassign / transfer moves in the caller's one
transaction — all of them, or none. Each move is the single action's own rule (its checks,
its event: ``tickets.judge`` and ``assign_locked``/``transfer_locked``); a refused move is
raised naming which ticket it was and how that ticket stands now, and the caller rolls the
whole transaction back.

Set-wise where it is the same thing: every lock is taken once, up front, in the one order of
``store.locks`` (the groups, then the tickets' rows, all in one statement), and the groups,
agents and memberships the moves name are read once and held for the request — the session's
identity map holds them only weakly, so without that each move read them again. The agents'
loads are counted once, in one query, and kept by the move itself (``LoadTally``: each
ticket counted out before it moves and in after), so the tickets already moved in the same
request count, as the single action's count would after a flush; the events and the
tickets' updates then go to the database in one flush at the end.

The offers that follow are set-wise too. A ticket taken back or transferred into an open
group is queued without the single action's offer on the spot — one by one, in the order the
request happened to name them, the least urgent could take the last free place. Once every
move is made, each group the moves queued tickets in offers them as the engine's round
would: most urgent first, then the oldest, each offer seeing the loads the earlier ones left
(``engine.offer_moved``; only when nothing else waits there, as for one ticket)."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ticketdesk.common.enums import Action, Status
from ticketdesk.common.models import AssignRequest, BulkMoveRequest, TicketPublic
from ticketdesk.common.models.tickets import BulkAssign, BulkTransfer

from .. import clock
from ..store.locks import lock_groups
from ..store.schema import Group, Membership, Ticket, User
from . import lookup
from .actors import Actor
from .assignment import engine
from .assignment.capacity import LoadTally
from .errors import Conflict, DomainError, NotFound
from .tickets import assign_locked, judge, transfer_locked, visible


def _lock_all(session: Session, request: BulkMoveRequest, actor: Actor
              ) -> tuple[dict[int, Ticket], list[object]]:
    """Every group lock the moves need, in ascending id, then every ticket row in id order —
    the one lock order of ``store.locks``, taken up front, so no move has to lock again (nor
    start over, which would undo earlier moves). Returns the locked tickets by id, and the
    rows the moves will use (held, so the identity map keeps them for the request)."""
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
    targets = [lookup.group(session, move.group, field="group")
               for move in request.moves if isinstance(move, BulkTransfer)]
    group_ids = {*groups.values(), *(target.id for target in targets)}
    lock_groups(session, group_ids)
    locked = session.scalars(
        select(Ticket)
        .where(Ticket.id.in_(ids))
        .order_by(Ticket.id)
        .with_for_update(of=Ticket)
        .execution_options(populate_existing=True)
    ).all()
    for ticket in locked:
        if groups[ticket.id] != ticket.group_id:  # transferred between the read and the lock
            raise Conflict(
                f"ticket {ticket.id} moved to another group meanwhile; try again",
                code="busy",
                details={"ticket_id": ticket.id},
            )
    held: list[object] = [*targets]
    held += session.scalars(select(Group).where(Group.id.in_(group_ids))).all()
    agents = {move.agent for move in request.moves
              if isinstance(move, BulkAssign) and isinstance(move.agent, int)}
    if agents:
        held += session.scalars(select(User).where(User.id.in_(agents))).all()
        held += session.scalars(select(Membership).where(
            tuple_(Membership.group_id, Membership.user_id).in_(
                [(g, a) for g in group_ids for a in agents]))).all()
    return {ticket.id: ticket for ticket in locked}, held


def move_many(*, session: Session, request: BulkMoveRequest, actor: Actor) -> list[Ticket]:
    """Make every move (flushing only); the first refusal is raised with ``details`` naming
    the move (``index``), the ticket (``ticket_id``) and the ticket as it is (``ticket``)."""
    locked, held = _lock_all(session, request, actor)
    # Every group the moves touch is among the held rows (read in ``_lock_all``).
    tally = LoadTally(session, {row.id for row in held if isinstance(row, Group)})
    moved: list[Ticket] = []
    for index, move in enumerate(request.moves):
        ticket = locked[move.ticket]
        tally.leaving(ticket)
        try:
            if isinstance(move, BulkTransfer):
                judge(ticket, actor, Action.TRANSFER, version=move.version)
                target = lookup.group(session, move.group, field="group")
                transfer_locked(session, ticket, actor, target, move.note, offer=False)
            else:
                judge(ticket, actor, Action.ASSIGN, version=move.version)
                agent = move.agent if isinstance(move, BulkAssign) else None
                override = move.override_capacity if isinstance(move, BulkAssign) else False
                assign_locked(session, ticket, actor, AssignRequest(
                    agent=agent, override_capacity=override, note=move.note,
                    version=move.version), tally=tally)
        except DomainError as exc:
            raise _naming(session, exc, index, move.ticket) from exc
        tally.arrived(ticket)
        moved.append(ticket)
    session.flush()
    _offer_queued(session, moved, [row for row in held if isinstance(row, Group)])
    del held  # the request's rows may go from the identity map now
    return moved


def _offer_queued(session: Session, moved: list[Ticket], groups: list[Group]) -> None:
    """The moved tickets that now wait in a queue, offered per group as a set; the tickets
    are read again afterwards (the engine writes its offers with Core statements)."""
    queued: dict[int, set[int]] = {}
    for ticket in moved:
        if ticket.status is Status.QUEUED:
            queued.setdefault(ticket.group_id, set()).add(ticket.id)
    by_id = {group.id: group for group in groups}
    now = clock.now()
    offered = sum(engine.offer_moved(session, by_id[gid], ids, now)
                  for gid, ids in sorted(queued.items()))
    if offered:
        session.scalars(select(Ticket).where(Ticket.id.in_([t.id for t in moved]))
                        .execution_options(populate_existing=True)).all()


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
