"""``ticketdesk-server``: run the server, and administer it without the GUI.

Every command takes ``--data-dir`` / ``--database-url`` like ``run`` and works while a
server is running on the same database.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from . import settings as settings_module
from . import tls
from .commands import groups, keys, ops, orders, run, sla, ticket_types, users, webhooks
from .commands.base import database_options
from .services.errors import DomainError
from .store.backup import BackupError

_SUBJECTS = (run, users, groups, ticket_types, sla, keys, orders, webhooks, ops)
"""The modules of sub-commands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ticketdesk-server", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help_: str,
        parent: argparse._SubParsersAction = sub,
    ) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_, description=help_)
        database_options(p)
        p.set_defaults(func=func)
        return p

    for subject in _SUBJECTS:
        subject.add_commands(sub, command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Warnings and errors only: the admin commands say what they did on stdout, and cron
    # mails whatever a nightly `backup` writes to stderr. (`run` sets up its own logging.)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except (BackupError, tls.TlsError, settings_module.SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
