"""``ticketdesk-server key create/list/rotate/revoke``: service accounts' API keys."""

from __future__ import annotations

import argparse
from datetime import datetime

from ticketdesk.common.enums import Scope
from ticketdesk.common.models import ApiKeyCreate

from .. import clock
from ..services import api_keys
from .base import Command, cli_actor, open_session, whole_number


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


def _print_new(token: str, key, verb: str) -> None:
    print(f"API key {key.id} ({key.name or 'unnamed'}) {verb} for service account "
          f"{key.account.username}, scopes {', '.join(key.scopes)}, expires "
          f"{_when(key.expires_at) if key.expires_at else 'never'}.")
    print("The key is shown this once; store it now:")
    print(token)


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    session_of, actor_of = open_session, cli_actor
    key = sub.add_parser("key", help="API keys of service accounts").add_subparsers(
        dest="action", required=True)

    def cmd_create(args: argparse.Namespace) -> int:
        data = ApiKeyCreate(account=args.account, display_name=args.display_name,
                            name=args.name or "", scopes=args.scope, expires_at=args.expires)
        with session_of(args) as session:
            token, made = api_keys.create_key(session=session, data=data, actor=actor_of())
            session.commit()
            _print_new(token, made, "created")
        return 0

    def cmd_list(args: argparse.Namespace) -> int:
        now = clock.now()
        with session_of(args) as session:
            for k in api_keys.list_keys(session=session):
                state = ("revoked" if k.revoked_at else
                         "expired" if k.expires_at and k.expires_at <= now else "active")
                print(f"{k.id:>5}  {k.prefix}…  {k.account.username:<16} {k.name or '-':<20} "
                      f"{','.join(k.scopes):<40} {state:<8} expires {_when(k.expires_at)}  "
                      f"last used {_when(k.last_used_at)}")
        return 0

    def cmd_rotate(args: argparse.Namespace) -> int:
        with session_of(args) as session:
            token, made = api_keys.rotate_key(session=session, key_id=args.id, actor=actor_of())
            session.commit()
            _print_new(token, made, f"made to replace key {args.id} (revoked now)")
        return 0

    def cmd_revoke(args: argparse.Namespace) -> int:
        with session_of(args) as session:
            gone = api_keys.revoke_key(session=session, key_id=args.id, actor=actor_of())
            session.commit()
            print(f"API key {gone.id} ({gone.prefix}…) of {gone.account.username} revoked")
        return 0

    create = command("create", cmd_create, "make a key (shown once) for a service account, "
                     "which is created when the name is new", key)
    create.add_argument("account", help="service account's username, e.g. telephony")
    create.add_argument("--scope", action="append", required=True,
                        choices=[s.value for s in Scope], help="repeatable")
    create.add_argument("--display-name", help="the account's name on its events (new account)")
    create.add_argument("--name", help="what this key is for, e.g. 'PBX hall 2'")
    create.add_argument("--expires", type=_instant, metavar="ISO-8601",
                        help="e.g. 2027-06-30T00:00:00+08:00 (default: never)")
    command("list", cmd_list, "list keys (never the keys themselves)", key)
    for name, handler, help_ in (
        ("rotate", cmd_rotate, "make a new key with the same scopes; the old one stops now"),
        ("revoke", cmd_revoke, "revoke a key at once"),
    ):
        p = command(name, handler, help_, key)
        p.add_argument("id", type=whole_number, help="key id (from `key list`)")


def _instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("say the timezone, e.g. 2027-06-30T00:00:00+08:00")
    return moment

