"""``type add|edit``: ticket types from JSON or TOML files."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from ticketdesk.common import json_safety
from ticketdesk.common.models import TicketTypeCreate, TicketTypeUpdate

from ..services import lookup, ticket_types
from .base import Command, cli_actor, id_or_name, open_session


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    ttype = sub.add_parser("type", help="ticket types").add_subparsers(dest="action", required=True)
    tadd = command("add", cmd_type_add, "add ticket type(s) from a JSON or TOML file", ttype)
    tadd.add_argument("file", type=Path)
    tedit = command(
        "edit", cmd_type_edit, "change a ticket type from a JSON or TOML file (a new version)",
        ttype,
    )
    tedit.add_argument("type", help="type id or key")
    tedit.add_argument("file", type=Path)


def _read_spec(path: Path) -> Any:
    """The file's document, or None (its problems said on stderr) when it holds what the
    server refuses in a request body: NUL, lone surrogates, NaN/inf, a key given twice,
    deep nesting."""
    raw = path.read_bytes()
    spec = (tomllib.loads(raw.decode()) if path.suffix.lower() == ".toml"
            else json_safety.parse(raw))
    if problems := json_safety.document_problems(spec, root=path.name):
        for p in problems:
            print(f"error: {'/'.join(map(str, p['loc']))}: {p['message']}", file=sys.stderr)
        return None
    return spec


def cmd_type_add(args: argparse.Namespace) -> int:
    spec = _read_spec(args.file)
    if spec is None:
        return 2
    items = spec if isinstance(spec, list) else spec.get("types", [spec])
    # One transaction for the whole file: all of its types, or none when one is refused.
    with open_session(args) as session, session.begin():
        created = [
            ticket_types.create_type(
                session=session, data=TicketTypeCreate.model_validate(item), actor=cli_actor()
            )
            for item in items
        ]
        said = [f"ticket type {t.key} ({t.name}) created with id {t.id}, {len(t.fields)} fields"
                for t in created]
    print("\n".join(said))
    return 0


def cmd_type_edit(args: argparse.Namespace) -> int:
    """Change a type from a JSON or TOML file of the settings to change (as PATCH takes them);
    a change of its template makes a new version, tickets keep theirs."""
    spec = _read_spec(args.file)
    if spec is None:
        return 2
    data = TicketTypeUpdate.model_validate(spec)
    with open_session(args) as session, session.begin():  # the command owns the transaction
        ref = lookup.ticket_type(session, id_or_name(args.type), field="type")
        t = ticket_types.update_type(session=session, type_id=ref.id, data=data,
                                     actor=cli_actor())
        said = f"ticket type {t.key} ({t.name}) is now at version {t.version}"
    print(said)
    return 0

