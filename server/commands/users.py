"""``user add|list|set``: accounts without the GUI."""

from __future__ import annotations

import argparse

from ticketdesk.common.enums import Role
from ticketdesk.common.models import UserCreate, UserUpdate

from ..services import lookup, users
from .base import Command, cli_actor, id_or_name, open_session, read_password


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    user = sub.add_parser("user", help="accounts").add_subparsers(dest="action", required=True)
    add = command(
        "add", cmd_user_add, "add an account (password from TICKETDESK_PASSWORD or prompted)", user
    )
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default="agent")
    add.add_argument("--display-name")
    command("list", cmd_user_list, "list accounts", user)
    uset = command(
        "set", cmd_user_set, "change an account: name, role, deactivate, reset its password", user
    )
    uset.add_argument("user", help="user id or username")
    uset.add_argument("--display-name")
    uset.add_argument("--role", choices=[r.value for r in Role])
    active = uset.add_mutually_exclusive_group()
    active.add_argument("--deactivate", dest="active", action="store_false", default=None,
                        help="cannot log in, gets nothing assigned; history kept")
    active.add_argument("--activate", dest="active", action="store_true", default=None)
    uset.add_argument("--reset-password", action="store_true",
                      help="set a new password (TICKETDESK_PASSWORD or prompted); "
                      "ends the account's sessions")


def cmd_user_add(args: argparse.Namespace) -> int:
    data = UserCreate(
        username=args.username,
        display_name=args.display_name or args.username,
        role=Role(args.role),
        password=read_password(),
    )
    with open_session(args) as session, session.begin():
        user = users.create_user(session=session, data=data, actor=cli_actor())
        print(f"user {user.username} ({user.role.value}) created with id {user.id}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    with open_session(args) as session, session.begin():
        for u in users.list_users(session=session):
            state = "" if u.active else "  (inactive)"
            groups_ = ",".join(str(g) for g in u.group_ids)
            print(
                f"{u.id:>5}  {u.username:<20} {u.role.value:<10} {u.display_name}  "
                f"groups: {groups_ or '-'}{state}"
            )
    return 0


def cmd_user_set(args: argparse.Namespace) -> int:
    """Change an account as an admin would in the client: name, role, (de)activation, and
    with ``--reset-password`` a new password (from TICKETDESK_PASSWORD or prompted)."""
    changes: dict[str, object] = {}
    if args.display_name is not None:
        changes["display_name"] = args.display_name
    if args.role is not None:
        changes["role"] = args.role
    if args.active is not None:
        changes["active"] = args.active
    if args.reset_password:
        changes["password"] = read_password()
    if not changes:
        raise SystemExit("nothing to change: say --display-name, --role, --deactivate, "
                         "--activate or --reset-password")
    data = UserUpdate.model_validate(changes)
    with open_session(args) as session, session.begin():
        target = lookup.user(session, id_or_name(args.user), field="user")
        user = users.update_user(session=session, user_id=target.id, data=data,
                                 actor=cli_actor())
        state = "active" if user.active else "deactivated"
        print(f"user {user.username} ({user.role.value}, {state}) updated")
    return 0

