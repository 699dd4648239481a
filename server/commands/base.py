"""What every ``ticketdesk-server`` command shares: the database options, the effective
settings, a session on the migrated database, the CLI as an actor, and argument types."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from ticketdesk.common import numbers

from .. import settings as settings_module
from ..services import passwords
from ..services.actors import Actor
from ..settings import Settings
from ..store.connect import database_url, open_migrated
from ..store.database import make_sessionmaker

Command = Callable[..., argparse.ArgumentParser]
"""``command(name, func, help, parent=…)``: a sub-command taking the database options."""


def database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="embedded database folder "
        "(default: the per-user data folder; env TICKETDESK_DATA_DIR)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        help="TOML configuration file (env TICKETDESK_CONFIG; default: ticketdesk.toml in "
        "the data folder, if there)",
    )
    parser.add_argument(
        "--database-url",
        help="use this PostgreSQL instead of the embedded one "
        "(env TICKETDESK_DATABASE_URL), e.g. postgresql://user:pw@host/ticketdesk",
    )


def load_settings(args: argparse.Namespace, **flags: object) -> settings_module.Loaded:
    return settings_module.load(
        flags={"data_dir": args.data_dir, "database_url": args.database_url, **flags},
        config=args.config,
    )


def settings_of(args: argparse.Namespace) -> Settings:
    return load_settings(args).settings


def open_session(args: argparse.Namespace) -> Session:
    """A session on the migrated database; the command owns its transaction
    (``with open_session(args) as session, session.begin():``)."""
    settings = settings_of(args)
    passwords.use_profile(settings.password_profile)
    engine = open_migrated(database_url(settings.database_url, settings.data_dir))
    return make_sessionmaker(engine)()


def cli_actor() -> Actor:
    return Actor.system(name=f"CLI ({getpass.getuser()})")


def read_password() -> str:
    password = os.environ.get("TICKETDESK_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit("no password: set TICKETDESK_PASSWORD or run in a terminal")
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Repeat: ")
    except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at the prompt: no traceback
        raise SystemExit("\nno password given: nothing changed") from None
    if first != again:
        raise SystemExit("the passwords differ")
    return first


def whole_number(text: str) -> int:
    """A whole number in ASCII digits (argparse's ``int`` takes ``٣`` for 3, and ``1_0``)."""
    number = numbers.parse_int(text.strip(), max_digits=9)
    if number is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return number


def id_or_name(value: str) -> int | str:
    number = numbers.parse_int(value, max_digits=9)
    return number if number is not None else value

