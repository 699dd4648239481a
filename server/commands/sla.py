"""``sla recompute``: plan the open tickets' SLA clocks afresh on their group's calendar —
the backfill for tickets opened before the SLA clocks (migration 0020), which have no
warning times and so never escalate (services/sla/backfill.py)."""

from __future__ import annotations

import argparse

from .. import clock
from ..services import lookup
from ..services.sla import backfill
from .base import Command, cli_actor, id_or_name, open_session, whole_number


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    sla = sub.add_parser("sla", help="SLA clocks").add_subparsers(dest="action", required=True)
    rec = command(
        "recompute", cmd_sla_recompute,
        "recompute the SLA due and warning times of open tickets on their group's working "
        "hours (tickets opened before the SLA clocks get theirs); safe to run again",
        sla,
    )
    rec.add_argument("--group", help="only the tickets of this group (id or name)")
    rec.add_argument("--type", help="only the tickets of this ticket type (id or key)")
    rec.add_argument("--batch", type=whole_number, default=backfill.BATCH,
                     help=f"tickets per transaction (default {backfill.BATCH})")
    rec.add_argument("--dry-run", action="store_true",
                     help="say what would change, and change nothing")


def cmd_sla_recompute(args: argparse.Namespace) -> int:
    if args.batch < 1:
        raise SystemExit("--batch must be at least 1")
    actor = cli_actor()
    seen = moved = due_now = batches = 0
    after_id = 0
    with open_session(args) as session:
        with session.begin():
            group_id = (lookup.group(session, id_or_name(args.group)).id
                        if args.group else None)
            type_id = (lookup.ticket_type(session, id_or_name(args.type), field="type").id
                       if args.type else None)
        while True:
            # One short transaction per batch: the desk keeps working meanwhile, and an
            # interrupted run keeps the batches done (running again finishes the rest).
            with session.begin() as tx:
                done = backfill.recompute_batch(
                    session, now=clock.now(), actor=actor, after_id=after_id,
                    limit=args.batch, group_id=group_id, type_id=type_id)
                if args.dry_run:
                    tx.rollback()
            if done.last_id is None:
                break
            batches += 1
            seen += done.seen
            moved += done.moved
            due_now += done.due_now
            after_id = done.last_id
    verb = "would move" if args.dry_run else "moved"
    said = (f"{seen} open ticket(s) looked at in {batches} batch(es): due times {verb} "
            f"on {moved}, {seen - moved} already right")
    if due_now:
        said += (f"; {due_now} at or past a warning or breach point"
                 + (" (the escalation scan records each once)" if not args.dry_run else ""))
    print(said + ("" if not args.dry_run else " (dry run: nothing changed)"))
    return 0
