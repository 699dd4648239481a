"""``ticketdesk-server webhook add/list/show/set/enable/disable/rotate-secret/remove/
deliveries/redeliver``: Standard Webhooks endpoints, from the server's own shell."""

from __future__ import annotations

import argparse
from datetime import datetime

from ticketdesk.common.enums import EventKind
from ticketdesk.common.models import WebhookCreate, WebhookPublic, WebhookUpdate

from ..services import lookup
from ..services.webhooks import addresses, endpoints
from .base import Command, cli_actor, open_session, settings_of, whole_number


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _line(w: WebhookPublic) -> str:
    state = "enabled" if w.enabled else f"disabled ({w.disabled_reason})"
    kinds = ",".join(w.kinds) or "all kinds"
    groups = ",".join(map(str, w.groups)) or "all groups"
    return (f"{w.id:>4}  {w.url}  [{kinds}; groups {groups}]  {state}  pending "
            f"{w.counts.pending}, delivered {w.counts.delivered}, dead {w.counts.dead}"
            + (f"  — {w.description}" if w.description else ""))


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    hook = sub.add_parser("webhook", help="Standard Webhooks endpoints").add_subparsers(
        dest="action", required=True)

    def allowed(args: argparse.Namespace) -> tuple[addresses.Network, ...]:
        return addresses.networks(settings_of(args).webhook_allowed_networks)

    def group_ids(session, names: list[str] | None) -> list[int] | None:
        if names is None:
            return None
        return [lookup.group(session, int(n) if n.isdigit() else n, field="groups").id
                for n in names]

    def cmd_add(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            data = WebhookCreate(url=args.url, description=args.description or "",
                                 kinds=args.kind or [], groups=group_ids(session, args.group) or [],
                                 enabled=not args.disabled)
            made = endpoints.create_endpoint(session=session, data=data, actor=cli_actor(),
                                             allowed=allowed(args))
            session.commit()
        print(_line(made))
        print("Its signing secret, shown this once (give it to the receiver):")
        print(made.secret)
        return 0

    def cmd_list(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            for w in endpoints.list_endpoints(session=session):
                print(_line(w))
        return 0

    def update(args: argparse.Namespace, data: WebhookUpdate) -> int:
        with open_session(args) as session:
            changed = endpoints.update_endpoint(session=session, endpoint_id=args.id, data=data,
                                                actor=cli_actor(), allowed=allowed(args))
            session.commit()
        print(_line(changed))
        return 0

    def cmd_set(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            groups = [] if args.all_groups else group_ids(session, args.group)
        return update(args, WebhookUpdate(
            url=args.url, description=args.description,
            kinds=[] if args.all_kinds else args.kind, groups=groups))

    def cmd_rotate(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            rotated = endpoints.rotate_secret(
                session=session, endpoint_id=args.id, actor=cli_actor(),
                overlap_hours=settings_of(args).webhook_secret_overlap_hours)
            session.commit()
        print(f"New secret of webhook {rotated.id}, shown this once; the old one also signs "
              f"until {_when(rotated.previous_secret_until)}:")
        print(rotated.secret)
        return 0

    def cmd_remove(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            endpoints.remove_endpoint(session=session, endpoint_id=args.id, actor=cli_actor())
            session.commit()
        print(f"webhook {args.id} removed")
        return 0

    def cmd_deliveries(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            page, _ = endpoints.deliveries(session=session, endpoint_id=args.id,
                                           states=["dead"] if args.dead else None,
                                           limit=args.limit)
        for d in page:
            print(f"{d.id:>8}  {d.message_id:<16} {d.type:<26} ticket {d.ticket_id or '-':<8} "
                  f"{d.state:<9} attempts {d.attempts:<3} last {_when(d.last_attempt_at)} "
                  f"{d.last_status or '-'} {d.last_error}")
        return 0

    def cmd_redeliver(args: argparse.Namespace) -> int:
        with open_session(args) as session:
            n = endpoints.redeliver(session=session, endpoint_id=args.id,
                                    delivery_ids=args.delivery or None)
            session.commit()
        print(f"{n} dead letters of webhook {args.id} due again now")
        return 0

    kinds = [k.value for k in EventKind]
    add = command("add", cmd_add, "register an endpoint; prints its secret once", hook)
    add.add_argument("url", help="https://… (must resolve to a public address unless "
                     "webhook_allowed_networks allows it)")
    add.add_argument("--kind", action="append", choices=kinds, metavar="KIND",
                     help="event kind to send, repeatable (default: all)")
    add.add_argument("--group", action="append", metavar="GROUP",
                     help="only events of this group's tickets (name or id), repeatable")
    add.add_argument("--description")
    add.add_argument("--disabled", action="store_true", help="register it disabled")
    command("list", cmd_list, "list endpoints with their queues (never the secrets)", hook)

    def with_id(name: str, func, help_: str) -> argparse.ArgumentParser:
        p = command(name, func, help_, hook)
        p.add_argument("id", type=whole_number, help="webhook id (from `webhook list`)")
        return p

    change = with_id("set", cmd_set, "change an endpoint's URL, description or filters")
    change.add_argument("--url")
    change.add_argument("--description")
    change.add_argument("--kind", action="append", choices=kinds, metavar="KIND")
    change.add_argument("--all-kinds", action="store_true")
    change.add_argument("--group", action="append", metavar="GROUP")
    change.add_argument("--all-groups", action="store_true")
    with_id("enable", lambda a: update(a, WebhookUpdate(enabled=True)),
            "enable it: what it has queued goes out")
    with_id("disable", lambda a: update(a, WebhookUpdate(enabled=False)),
            "disable it: nothing new is queued for it")
    with_id("rotate-secret", cmd_rotate, "new secret (printed once); the old one signs too "
            "for webhook_secret_overlap_hours")
    with_id("remove", cmd_remove, "remove it with its queue and record")
    shown = with_id("deliveries", cmd_deliveries, "its deliveries, newest first")
    shown.add_argument("--dead", action="store_true", help="only dead letters")
    shown.add_argument("--limit", type=whole_number, default=50)
    again = with_id("redeliver", cmd_redeliver, "send dead letters again (all, or --delivery)")
    again.add_argument("--delivery", action="append", type=whole_number, metavar="ID")
