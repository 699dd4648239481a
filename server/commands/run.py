"""``run``, ``init``, ``demo`` and ``config show``: starting the server and its schema."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from functools import partial
from pathlib import Path

from .. import logs, systemd, tls
from .. import settings as settings_module
from ..settings import Settings
from ..store import embedded, migrate
from ..store.connect import database_url, migrate_apart
from ..store.database import make_engine, make_sessionmaker
from .base import Command, load_settings, open_session, whole_number

log = logging.getLogger("ticketdesk.server")


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    run = command("run", cmd_run, "run the server")
    run.add_argument("--host", help="address to listen on (default 0.0.0.0; env TICKETDESK_HOST)")
    run.add_argument("--port", type=whole_number, help="default 8470 (env TICKETDESK_PORT)")
    run.add_argument("--demo", action="store_true", help="load the demo organisation (once)")
    run.add_argument("--name", help="server name shown to clients (default: host name)")
    run.add_argument("--no-discovery", action="store_true", help="do not announce on the LAN")
    run.add_argument(
        "--discovery-interface",
        action="append",
        help="announce only on this interface address (repeatable)",
    )
    run.add_argument("--workers", type=whole_number,
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
    history = command(
        "demo-history",
        cmd_demo_history,
        "play past working days of the demo's after-sales and supplier groups (for the KPI "
        "dashboard); with no server running on the database",
    )
    history.add_argument("--days", type=int, default=9, help="days before today (default 9)")


def cmd_run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..api import http_server
    from ..api.app import create_app

    settings = load_settings(args, **_run_flags(args)).settings
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
    migrate_apart(url)  # (alembic stays out of the serving process)
    if args.demo:
        from ..demo import load_demo

        engine = make_engine(url, pool_size=1, application_name="ticketdesk-admin")
        with make_sessionmaker(engine)() as session, session.begin():
            print(load_demo(session=session))
        engine.dispose()

    release = None if settings.database_url else partial(embedded.release, settings.data_dir)
    stack = http_server.choose()
    options = {
        "host": settings.host,
        "port": settings.port,
        # Named, not uvicorn's "auto": the bounded httptools protocol (h11's limit on a
        # request's head), and a fallback that the log names (api/http_server.py).
        "http": stack.http,
        "loop": stack.loop,
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
        + (f" ({settings.workers} worker processes)" if settings.workers > 1 else "")
        + f" [{stack.description}]",
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
    from ..systemd import notifying_server

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
    loaded = load_settings(args)
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

    from ..discovery.advertise import announce_blocking

    # The workers start afresh: they get every effective setting through the environment.
    os.environ.update(settings_module.as_environment(settings))
    os.environ.update({
        "TICKETDESK_WORKER_DATABASE_URL": url,
        "TICKETDESK_DISCOVERY": "0",
        "TICKETDESK_WORKER_LOG_LEVEL": options["log_level"],
        "TICKETDESK_WORKER_SCHEMA_HEAD": migrate.head_revision() or "",
    })
    with (
        announce_blocking(settings) if settings.discovery else contextlib.nullcontext(),
        systemd.supervisor_notifications(host=settings.host, port=settings.port,
                                         tls=settings.tls_cert is not None),
    ):
        uvicorn.run("ticketdesk.server.api.factory:app_from_environment", factory=True,
                    workers=workers, **options)


def cmd_init(args: argparse.Namespace) -> int:
    open_session(args).close()
    print("the database schema is up to date")
    return 0


def cmd_demo_history(args: argparse.Namespace) -> int:
    from ..demo import load_demo, load_demo_tickets
    from ..demo_history import play_history

    with open_session(args) as session:
        # On an empty database the demo's own tickets come after the history (this
        # morning's), so that the played days' engine rounds never see them.
        with session.begin():
            loaded = load_demo(session=session, tickets=False)
        print(loaded)
        # The history commits as it goes: a step, a round, each its own transaction.
        print(play_history(session=session, days=max(1, min(args.days, 60))))
        if loaded.startswith("demo loaded"):
            load_demo_tickets(session=session)
            session.commit()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo import load_demo

    with open_session(args) as session, session.begin():
        print(load_demo(session=session))
    return 0

