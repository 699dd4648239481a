"""``ticketdesk-server``: run the server, and administer it without the GUI.

Every command takes ``--data-dir`` / ``--database-url`` like ``run`` and works while a
server is running on the same database.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import sys
import tomllib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ticketdesk.common import json_safety, numbers
from ticketdesk.common.enums import Role
from ticketdesk.common.models import (
    GroupCreate,
    MembershipSet,
    TicketTypeCreate,
    TicketTypeUpdate,
    UserCreate,
    UserUpdate,
)

from . import logs, ops_commands, tls
from . import settings as settings_module
from .services import groups, lookup, passwords, supervisors, ticket_types, users
from .services.actors import Actor
from .services.errors import DomainError
from .settings import Settings
from .store import embedded
from .store.backup import BackupError
from .store.connect import database_url, open_migrated
from .store.database import make_sessionmaker

log = logging.getLogger("ticketdesk.server")


def _database_options(parser: argparse.ArgumentParser) -> None:
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


def _loaded(args: argparse.Namespace, **flags: object) -> settings_module.Loaded:
    return settings_module.load(
        flags={"data_dir": args.data_dir, "database_url": args.database_url, **flags},
        config=args.config,
    )


def _settings(args: argparse.Namespace) -> Settings:
    return _loaded(args).settings


def _session(args: argparse.Namespace) -> Session:
    settings = _settings(args)
    passwords.use_profile(settings.password_profile)
    engine = open_migrated(database_url(settings.database_url, settings.data_dir))
    return make_sessionmaker(engine)()


def _cli_actor() -> Actor:
    return Actor.system(name=f"CLI ({getpass.getuser()})")


# ---------------------------------------------------------------- run


def cmd_run(args: argparse.Namespace) -> int:
    import uvicorn

    from .api.app import create_app

    settings = _loaded(args, **_run_flags(args)).settings
    pin = tls.check_pair(settings.tls_cert, settings.tls_key)  # refuses a bad pair early
    try:
        levels = logs.parse_levels(settings.log_levels)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    log_path = logs.configure(
        level=args.log_level,
        levels=levels,
        # Worker processes would race each other rotating one file: they log to stderr.
        data_dir=settings.data_dir if settings.log_file and settings.workers == 1 else None,
    )
    if log_path:
        log.info("logging to %s", log_path)
    url = database_url(settings.database_url, settings.data_dir)
    engine = open_migrated(url)
    if args.demo:
        from .demo import load_demo

        with make_sessionmaker(engine)() as session:
            print(load_demo(session=session))
    engine.dispose()

    release = None if settings.database_url else partial(embedded.release, settings.data_dir)
    options = {
        "host": settings.host,
        "port": settings.port,
        "ws": "websockets-sansio",
        # Compression would cost a zlib state per connection and one compression per client for
        # every event fanned out; events are small and the office LAN is fast.
        "ws_per_message_deflate": False,
        "ws_max_size": 65_536,
        "ws_ping_interval": 20,
        "ws_ping_timeout": 20,
        "access_log": args.access_log,
        "log_level": args.log_level,
        "timeout_graceful_shutdown": 5,
        # Longer than clients sit idle between calls, so reusing a connection never races a close.
        "timeout_keep_alive": 65,
    }
    if pin:
        options["ssl_certfile"] = str(settings.tls_cert)
        options["ssl_keyfile"] = str(settings.tls_key)
    print(
        f"TicketDesk server {settings.server_name!r} on "
        f"{'https' if pin else 'http'}://{settings.host}:{settings.port}"
        + (f" (key pin sha256/{pin})" if pin else "")
        + (f" ({settings.workers} worker processes)" if settings.workers > 1 else ""),
        flush=True,
    )
    if settings.workers > 1:
        _run_workers(settings, url, settings.workers, options)
        if release:
            release()
        return 0
    config = uvicorn.Config(
        create_app(settings, url, on_shutdown=release), **options, log_config=None
    )
    config.configure_logging()  # after ours: it only sets uvicorn's levels and access log
    logs.apply_levels(levels)
    from .systemd import notifying_server

    notifying_server(config).run()  # type: ignore[attr-defined]
    return 0


def _run_flags(args: argparse.Namespace) -> dict[str, object]:
    """What ``run``'s flags set (None: not given, so the file or environment decides)."""
    return {
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "server_name": args.name,
        "discovery": False if args.no_discovery else None,
        "discovery_interfaces": args.discovery_interface,
        "public_url": args.public_url,
        "tls_cert": args.tls_cert,
        "tls_key": args.tls_key,
        "log_levels": args.log_levels,
    }


def cmd_config_show(args: argparse.Namespace) -> int:
    """Every effective setting, where it came from, secrets masked."""
    loaded = _loaded(args)
    print(f"# configuration file: {loaded.config_file or '(none)'}")
    width = max(map(len, Settings.model_fields))
    for field in Settings.model_fields:
        value = settings_module.shown(field, getattr(loaded.settings, field)) or '""'
        print(f"{field:<{width}}  {value:<32}  # {loaded.sources[field]}")
    return 0


def _run_workers(settings: Settings, url: str, workers: int, options: dict) -> None:
    """Several worker processes on one port, as several servers on one database behave: each
    has its own live hub and engine. Only this supervising process announces on the LAN."""
    import uvicorn

    from .discovery.advertise import announce_blocking

    # The workers start afresh: they get every effective setting through the environment.
    os.environ.update(settings_module.as_environment(settings))
    os.environ.update({
        "TICKETDESK_WORKER_DATABASE_URL": url,
        "TICKETDESK_DISCOVERY": "0",
        "TICKETDESK_WORKER_LOG_LEVEL": options["log_level"],
    })
    with announce_blocking(settings) if settings.discovery else contextlib.nullcontext():
        uvicorn.run("ticketdesk.server.api.factory:app_from_environment", factory=True,
                    workers=workers, **options)


# ---------------------------------------------------------------- admin


def _read_password() -> str:
    password = os.environ.get("TICKETDESK_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit("no password: set TICKETDESK_PASSWORD or run in a terminal")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat: "):
        raise SystemExit("the passwords differ")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    data = UserCreate(
        username=args.username,
        display_name=args.display_name or args.username,
        role=Role(args.role),
        password=_read_password(),
    )
    with _session(args) as session:
        user = users.create_user(session=session, data=data, actor=_cli_actor())
        print(f"user {user.username} ({user.role.value}) created with id {user.id}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    with _session(args) as session:
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
        changes["password"] = _read_password()
    if not changes:
        raise SystemExit("nothing to change: say --display-name, --role, --deactivate, "
                         "--activate or --reset-password")
    data = UserUpdate.model_validate(changes)
    with _session(args) as session:
        target = lookup.user(session, _ref(args.user), field="user")
        user = users.update_user(session=session, user_id=target.id, data=data,
                                 actor=_cli_actor())
        state = "active" if user.active else "deactivated"
        print(f"user {user.username} ({user.role.value}, {state}) updated")
    return 0


def cmd_group_add(args: argparse.Namespace) -> int:
    fields: dict[str, object] = {"name": args.name, "description": args.description or ""}
    if args.accept_timeout is not None:
        fields["accept_timeout_seconds"] = args.accept_timeout
    if args.capacity is not None:
        fields["default_capacity"] = args.capacity
    if args.timezone:
        fields["working_hours"] = {"timezone": args.timezone, "weekly": _always()}
    data = GroupCreate.model_validate(fields)
    with _session(args) as session:
        group = groups.create_group(session=session, data=data, actor=_cli_actor())
        print(f"group {group.name} created with id {group.id}")
    return 0


def _always() -> dict[str, list[dict[str, str]]]:
    from ticketdesk.common.models import WEEKDAYS

    return {d: [{"start": "00:00", "end": "24:00"}] for d in WEEKDAYS}


def cmd_group_add_member(args: argparse.Namespace) -> int:
    with _session(args) as session:
        group = lookup.group(session, _ref(args.group))
        user = lookup.user(session, _ref(args.user))
        groups.set_member(
            session=session,
            group_id=group.id,
            user_id=user.id,
            data=MembershipSet(capacity=args.capacity),
            actor=_cli_actor(),
        )
        print(
            f"{user.username} is a member of {group.name}"
            + (f" with capacity {args.capacity}" if args.capacity is not None else "")
        )
    return 0


def cmd_group_add_supervisor(args: argparse.Namespace) -> int:
    with _session(args) as session:
        group = lookup.group(session, _ref(args.group))
        user = lookup.user(session, _ref(args.user))
        changed = supervisors.set_supervisor(
            session=session, group_id=group.id, user_id=user.id, actor=_cli_actor()
        )
        session.commit()
        print(f"{user.username} {'now oversees' if changed else 'already oversees'} {group.name}")
    return 0


def cmd_group_remove_supervisor(args: argparse.Namespace) -> int:
    with _session(args) as session:
        group = lookup.group(session, _ref(args.group))
        user = lookup.user(session, _ref(args.user))
        supervisors.remove_supervisor(
            session=session, group_id=group.id, user_id=user.id, actor=_cli_actor()
        )
        session.commit()
        print(f"{user.username} no longer oversees {group.name}")
    return 0


def parse_hours(specs: list[str]) -> dict[str, list[dict[str, str]]]:
    """``["mon-fri 09:00-12:00,13:00-18:00", "sat 10:00-16:00"]`` → a weekly schedule;
    ``["always"]`` → round the clock."""
    from ticketdesk.common.models import WEEKDAYS

    if specs == ["always"]:
        return _always()
    weekly: dict[str, list[dict[str, str]]] = {}
    for spec in specs:
        days, _, spans = spec.strip().partition(" ")
        first, _, last = days.lower().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS) or not spans:
            raise SystemExit(
                f"cannot read working hours {spec!r}; write e.g. 'mon-fri 09:00-18:00'"
            )
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        for day in WEEKDAYS[start : end + 1]:
            for span in spans.replace(" ", "").split(","):
                begin, _, finish = span.partition("-")
                weekly.setdefault(day, []).append({"start": begin, "end": finish})
    return weekly


def cmd_group_set(args: argparse.Namespace) -> int:
    from ticketdesk.common.models import GroupUpdate, WorkingHours

    with _session(args) as session:
        group = lookup.group(session, _ref(args.group))
        current = WorkingHours.model_validate(group.working_hours)
        hours = current.model_dump(mode="json")
        if args.timezone:
            hours["timezone"] = args.timezone
        if args.hours:
            hours["weekly"] = parse_hours(args.hours)
        if args.clear_holidays:
            hours["holidays"] = []
        if args.holiday:
            hours["holidays"] = sorted({*hours["holidays"], *args.holiday})
        changes: dict[str, object] = {}
        if hours != current.model_dump(mode="json"):
            changes["working_hours"] = hours
        if args.accept_timeout is not None:
            changes["accept_timeout_seconds"] = args.accept_timeout
        if args.capacity is not None:
            changes["default_capacity"] = args.capacity
        updated = groups.update_group(
            session=session,
            group_id=group.id,
            actor=_cli_actor(),
            data=GroupUpdate.model_validate(changes),
        )
        print(_describe(updated))
    return 0


def _describe(g: object) -> str:
    from ticketdesk.common.models import WEEKDAYS, GroupPublic

    assert isinstance(g, GroupPublic)
    wh = g.working_hours
    days = [
        f"{d} {','.join(f'{s.start}-{s.end}' for s in wh.weekly[d])}"
        for d in WEEKDAYS
        if d in wh.weekly
    ]
    holidays = ", ".join(d.isoformat() for d in wh.holidays) or "none"
    return (
        f"{g.name}: timezone {wh.timezone}; accept timeout {g.accept_timeout_seconds}s; "
        f"default capacity {g.default_capacity}\n  hours: {'; '.join(days) or 'never'}\n"
        f"  holidays: {holidays}"
    )


def cmd_group_show(args: argparse.Namespace) -> int:
    with _session(args) as session:
        group = lookup.group(session, _ref(args.group))
        print(_describe(groups.get_group(session=session, group_id=group.id)))
    return 0


def cmd_group_list(args: argparse.Namespace) -> int:
    with _session(args) as session:
        for g in groups.list_groups(session=session):
            load = g.load
            assert load is not None
            print(
                f"{g.id:>5}  {g.name:<20} members {load.members:>3} online {load.online:>3}  "
                f"queued {load.queued:>4}  timeout {g.accept_timeout_seconds}s  "
                f"capacity {g.default_capacity}  tz {g.working_hours.timezone}"
            )
    return 0


def cmd_type_add(args: argparse.Namespace) -> int:
    path: Path = args.file
    raw = path.read_bytes()
    spec = tomllib.loads(raw.decode()) if path.suffix.lower() == ".toml" else json.loads(raw)
    # As the server refuses them in a request body: NUL, lone surrogates, NaN/inf, deep nesting.
    if problems := json_safety.document_problems(spec, root=path.name):
        for p in problems:
            print(f"error: {'/'.join(map(str, p['loc']))}: {p['message']}", file=sys.stderr)
        return 2
    items = spec if isinstance(spec, list) else spec.get("types", [spec])
    # One transaction for the whole file: all of its types, or none when one is refused.
    with _session(args) as session, session.begin():
        created = [
            ticket_types.create_type(
                session=session, data=TicketTypeCreate.model_validate(item), actor=_cli_actor()
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
    path: Path = args.file
    raw = path.read_bytes()
    spec = tomllib.loads(raw.decode()) if path.suffix.lower() == ".toml" else json.loads(raw)
    data = TicketTypeUpdate.model_validate(spec)
    with _session(args) as session, session.begin():  # the command owns the transaction
        ref = lookup.ticket_type(session, _ref(args.type), field="type")
        t = ticket_types.update_type(session=session, type_id=ref.id, data=data,
                                     actor=_cli_actor())
        said = f"ticket type {t.key} ({t.name}) is now at version {t.version}"
    print(said)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    _session(args).close()
    print("the database schema is up to date")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import load_demo

    with _session(args) as session:
        print(load_demo(session=session))
    return 0


def _count(text: str) -> int:
    """A whole number in ASCII digits (argparse's ``int`` takes ``٣`` for 3, and ``1_0``)."""
    number = numbers.parse_int(text.strip(), max_digits=9)
    if number is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return number


def _ref(value: str) -> int | str:
    number = numbers.parse_int(value, max_digits=9)
    return number if number is not None else value


# ---------------------------------------------------------------- parser


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
        _database_options(p)
        p.set_defaults(func=func)
        return p

    run = command("run", cmd_run, "run the server")
    run.add_argument("--host", help="address to listen on (default 0.0.0.0; env TICKETDESK_HOST)")
    run.add_argument("--port", type=_count, help="default 8470 (env TICKETDESK_PORT)")
    run.add_argument("--demo", action="store_true", help="load the demo organisation (once)")
    run.add_argument("--name", help="server name shown to clients (default: host name)")
    run.add_argument("--no-discovery", action="store_true", help="do not announce on the LAN")
    run.add_argument(
        "--discovery-interface",
        action="append",
        help="announce only on this interface address (repeatable)",
    )
    run.add_argument("--workers", type=_count,
                     help="worker processes (e.g. one per core; they share the database)")
    run.add_argument("--tls-cert", type=Path, help="PEM certificate: serve HTTPS/WSS only "
                     "(env TICKETDESK_TLS_CERT; `tls self-signed` makes one)")
    run.add_argument("--tls-key", type=Path, help="PEM private key of --tls-cert "
                     "(env TICKETDESK_TLS_KEY)")
    run.add_argument("--public-url", help="how workstations reach this server, e.g. "
                     "https://desk1.office:8470 (env TICKETDESK_PUBLIC_URL; default: this "
                     "host's address)")
    run.add_argument("--access-log", action="store_true")
    run.add_argument("--log-levels", metavar="SPEC",
                     help="levels per logger: 'uvicorn.access=warning,ticketdesk.server=debug' "
                     "(env TICKETDESK_LOG_LEVELS)")
    run.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )

    command("init", cmd_init, "create or upgrade the database schema")
    config = sub.add_parser("config", help="configuration").add_subparsers(
        dest="action", required=True
    )
    command("show", cmd_config_show,
            "print every effective setting and where it came from (secrets masked)", config)
    command("demo", cmd_demo, "load the demo organisation (once)")

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

    group = sub.add_parser("group", help="groups").add_subparsers(dest="action", required=True)
    gadd = command("add", cmd_group_add, "add a group (working round the clock until set)", group)
    gadd.add_argument("name")
    gadd.add_argument("--description")
    gadd.add_argument("--timezone", help="IANA timezone, e.g. Asia/Shanghai")
    gadd.add_argument("--accept-timeout", type=_count, help="seconds an agent has to accept")
    gadd.add_argument("--capacity", type=_count, help="default open tickets per agent")
    member = command(
        "add-member", cmd_group_add_member, "add a member or set their capacity", group
    )
    member.add_argument("group", help="group id or name")
    member.add_argument("user", help="user id or username")
    member.add_argument("--capacity", type=_count)
    for name, handler, help_ in (
        ("add-supervisor", cmd_group_add_supervisor, "make a supervisor oversee a group"),
        ("remove-supervisor", cmd_group_remove_supervisor, "stop a supervisor overseeing it"),
    ):
        oversee = command(name, handler, help_, group)
        oversee.add_argument("group", help="group id or name")
        oversee.add_argument("user", help="supervisor's user id or username")
    command("list", cmd_group_list, "list groups with their load", group)
    gset = command(
        "set",
        cmd_group_set,
        "change a group's working hours, holidays, accept "
        "timeout or default capacity (takes effect at once)",
        group,
    )
    gset.add_argument("group", help="group id or name")
    gset.add_argument("--timezone", help="IANA timezone, e.g. Asia/Shanghai")
    gset.add_argument(
        "--hours",
        action="append",
        metavar="SPEC",
        help="replace the weekly schedule: 'mon-fri 09:00-12:00,13:00-18:00' "
        "(repeatable), or 'always'",
    )
    gset.add_argument(
        "--holiday", action="append", metavar="YYYY-MM-DD", help="add a holiday (repeatable)"
    )
    gset.add_argument("--clear-holidays", action="store_true")
    gset.add_argument("--accept-timeout", type=_count, help="seconds an agent has to accept")
    gset.add_argument("--capacity", type=_count, help="default open tickets per agent")
    show = command("show", cmd_group_show, "show a group's settings", group)
    show.add_argument("group", help="group id or name")

    ttype = sub.add_parser("type", help="ticket types").add_subparsers(dest="action", required=True)
    tadd = command("add", cmd_type_add, "add ticket type(s) from a JSON or TOML file", ttype)
    tadd.add_argument("file", type=Path)
    tedit = command(
        "edit", cmd_type_edit, "change a ticket type from a JSON or TOML file (a new version)",
        ttype,
    )
    tedit.add_argument("type", help="type id or key")
    tedit.add_argument("file", type=Path)

    ops_commands.add_commands(command, _settings)
    ops_commands.add_tls_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
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
