"""``ticketdesk-server backup``, ``restore`` and ``install-service``: the commands IT runs
around the server rather than inside it."""

from __future__ import annotations

import argparse
from pathlib import Path

from ticketdesk.common import numbers

from .. import systemd, tls
from ..settings import Settings
from ..settings import load as load_settings
from ..store import backup, embedded
from ..store.connect import database_url, open_migrated
from .base import Command, settings_of


def add_tls_commands(sub: argparse._SubParsersAction) -> None:
    """``tls self-signed`` and ``tls pin``: no database involved."""

    def cmd_self_signed(args: argparse.Namespace) -> int:
        out_dir = args.out_dir or (load_settings().settings.data_dir / "tls")
        files = tls.self_signed(
            name=args.name, out_dir=out_dir, days=args.days, addresses=args.ip or [],
            reuse_key=args.reuse_key,
        )
        pin = tls.pin_of_file(files.cert)
        print(f"certificate: {files.cert}\nprivate key: {files.key} (owner-only)")
        print(f"key pin (SHA-256 of the public key, shown by clients on first connect):\n  {pin}")
        print(f"serve it with: tls_cert = \"{files.cert}\" and tls_key = \"{files.key}\" in "
              "ticketdesk.toml (or run --tls-cert … --tls-key …)")
        return 0

    def cmd_pin(args: argparse.Namespace) -> int:
        print(tls.pin_of_file(args.cert))
        return 0

    group = sub.add_parser("tls", help="TLS certificates").add_subparsers(
        dest="action", required=True
    )
    p = group.add_parser(
        "self-signed", help="make a self-signed certificate and key for this server"
    )
    p.add_argument("--name", required=True, help="the server's DNS name, e.g. desk.office")
    p.add_argument("--ip", action="append", help="also valid for this IP address (repeatable)")
    p.add_argument("--days", type=_days, default=825)
    p.add_argument("--out-dir", type=Path, help="default: <data dir>/tls")
    p.add_argument("--reuse-key", action="store_true",
                   help="renew: keep the existing key, so clients' pins stay valid")
    p.set_defaults(func=cmd_self_signed)
    p = group.add_parser("pin", help="print a certificate's public-key pin")
    p.add_argument("cert", type=Path)
    p.set_defaults(func=cmd_pin)


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register the commands with the CLI's ``command(name, func, help)`` helper."""
    add_tls_commands(sub)

    def cmd_backup(args: argparse.Namespace) -> int:
        settings = settings_of(args)
        url = database_url(settings.database_url, settings.data_dir)
        try:
            header = backup.backup(url, args.file)
        finally:
            _release(settings)
        print(
            f"backed up {header.database} ({header.database_bytes / 1_048_576:.1f} MB, "
            f"schema {header.schema_revision}) to {args.file}"
        )
        return 0

    def cmd_restore(args: argparse.Namespace) -> int:
        settings = settings_of(args)
        header = backup.describe(args.file)
        print(
            f"{args.file}: {header.database} backed up {header.created_at}, "
            f"needs about {header.database_bytes / 1_048_576:.1f} MB"
        )
        url = database_url(settings.database_url, settings.data_dir)
        try:
            open_migrated(url).dispose()  # an empty schema, if the database is new
            backup.restore(
                url,
                args.file,
                force=args.force,
                data_dir=None if settings.database_url else settings.data_dir,
            )
            open_migrated(url).dispose()  # an older backup is brought up to this version
        finally:
            _release(settings)
        print("restored; start the server(s) again")
        return 0

    def cmd_install_service(args: argparse.Namespace) -> int:
        data_dir = args.data_dir or Path("/var/lib/ticketdesk")
        # The configuration the service will read, checked now rather than at its first start
        # (an unknown key or a bad value stops here, naming the key and where it was set).
        loaded = load_settings(flags={"data_dir": data_dir, "database_url": args.database_url},
                               config=args.config)
        text = systemd.unit_text(
            user=args.user,
            data_dir=data_dir,
            host=args.host,
            port=args.port,
            config=args.config,
            executable=systemd.default_executable(),
        )
        if args.print:
            print(text, end="")
            return 0
        target = args.unit_dir / systemd.UNIT_NAME
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise SystemExit(f"error: cannot write {target} ({exc.strerror}): run it as root, "
                             "e.g. with sudo, or --print the unit") from None
        print(f"wrote {target}")
        print(f"configuration: {loaded.config_file or '(no file: defaults and environment)'}")
        for problem in _service_account_problems(args.user, data_dir):
            print(f"warning: {problem}")
        print("next, as root:")
        print("  systemctl daemon-reload")
        print(f"  systemctl enable --now {systemd.UNIT_NAME}")
        print(f"  systemctl status {systemd.UNIT_NAME}   # 'Status: \"accepting requests\"'")
        return 0

    p = command("backup", cmd_backup, "back up the whole database to a file (pg_dump)")
    p.add_argument("file", type=Path)
    p = command(
        "restore",
        cmd_restore,
        "restore a backup made by `backup` (stop the servers first; refuses a database "
        "that holds data unless --force)",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="replace everything in the database")
    p = command(
        "install-service", cmd_install_service, "write a systemd unit for this installation"
    )
    p.add_argument("--user", default="ticketdesk", help="the account the server runs as")
    p.add_argument("--host", help="put --host on the unit's command line (default: the "
                   "configuration's host, 0.0.0.0 unless set)")
    p.add_argument("--port", type=_port, help="put --port on the unit's command line "
                   "(default: the configuration's port, 8470 unless set)")
    p.add_argument("--unit-dir", type=Path, default=Path("/etc/systemd/system"))
    p.add_argument("--print", action="store_true", help="print the unit instead of writing it")


def _port(text: str) -> int:
    port = numbers.parse_int(text.strip(), max_digits=5)
    if port is None or not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number")
    return port


def _days(text: str) -> int:
    days = numbers.parse_int(text.strip(), max_digits=5)
    if not days:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days")
    return days


def _service_account_problems(user: str, data_dir: Path) -> list[str]:
    """What would stop the service at its first start: no such account, or a data directory
    it does not own (the embedded PostgreSQL refuses to start in it)."""
    import pwd

    try:
        account = pwd.getpwnam(user)
    except KeyError:
        return [f"there is no user {user!r}: useradd --system --home-dir {data_dir} "
                f"--create-home --shell /usr/sbin/nologin {user}"]
    try:
        owner = data_dir.stat().st_uid
    except OSError:
        return [f"{data_dir} does not exist: install -d -o {user} -g {user} -m 0750 {data_dir}"]
    if owner != account.pw_uid:
        return [f"{data_dir} does not belong to {user}: chown -R {user}: {data_dir}"]
    return []


def _release(settings: Settings) -> None:
    if not settings.database_url:
        embedded.release(settings.data_dir)


