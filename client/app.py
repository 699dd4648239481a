"""``ticketdesk``: the desktop client."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from importlib import resources

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from . import LOADED_AT, i18n, platform_check
from .appearance import Appearance, set_dpi_policy
from .net.discovery import Discovery
from .views.common import FirstPaint
from .views.shell import Shell

STARTUP_PROBE = "TICKETDESK_STARTUP_PROBE"
EXIT_PLATFORM_LIBRARIES_MISSING = 3
"""Set (to anything) for a cold-start benchmark: print ``ticketdesk-ready <ms>`` once the
login window has been painted, then quit with exit code 0."""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ticketdesk", description="TicketDesk desktop client")
    parser.add_argument("--server", help="prefill the server address, host:port")
    parser.add_argument("--username", help="prefill the username")
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        help="language of the interface (default: the system's, or as saved)",
    )
    parser.add_argument(
        "--log-level", default="warning", choices=["debug", "info", "warning", "error"]
    )
    lookup = parser.add_mutually_exclusive_group()
    lookup.add_argument("--lookup-phone", metavar="NUMBER",
                        help="show this caller's orders and open tickets in the client already "
                        "running (else start one): for a softphone's incoming-call command")
    lookup.add_argument("--lookup-order", metavar="ORDER_NO",
                        help="the same for an order number")
    return parser.parse_args(argv)


def requested_lookup(args: argparse.Namespace) -> tuple[str, str] | None:
    if args.lookup_phone:
        return "phone", args.lookup_phone
    if args.lookup_order:
        return "order_no", args.lookup_order
    return None


def style_sheet() -> str:
    return resources.files("ticketdesk.resources").joinpath("styles/app.qss").read_text("utf-8")


def app_icon() -> QIcon:
    with resources.as_file(
        resources.files("ticketdesk.resources").joinpath("icons/ticketdesk.svg")
    ) as path:
        return QIcon(str(path))


def setup_application(
    app: QApplication,
    language: str,
    translators: i18n.Translators,
    settings: QSettings | None = None,
) -> Appearance:
    """Language, look and icon; shared by `main` and the screenshot tool. The look (theme,
    text size) is as saved in ``settings``; the answer changes it while the client runs."""
    translators.install(app, language)
    appearance = Appearance(app, settings or QSettings(), translators, parent=app)
    appearance.apply()
    app.setWindowIcon(app_icon())
    return appearance


def since_process_start_ms() -> float:
    """Wall time since this process started, in milliseconds.

    The start is the kernel's (field 22 of /proc/self/stat: clock ticks since boot, 10 ms
    apart), read against the clock since boot. `psutil.Process().create_time()` reads the same
    ticks but adds them to the boot time in whole seconds, which puts it up to a second off
    (0.7 s on the machine this was written on). Where /proc is missing, the clock starts when
    the client package began to load (`LOADED_AT`): the interpreter's own start is left out."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            line = stat.read()
        # The command name (field 2) may hold spaces and parentheses; field 3 follows its end.
        start_ticks = int(line[line.rindex(b")") + 2 :].split()[19])
        started = start_ticks / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - LOADED_AT) * 1000


def report_ready() -> None:
    """The start-up probe's answer: how long until the login window was painted. Then the
    process ends at once, with exit code 0: what would follow (making the session, taking Qt
    down) is not start-up, and a benchmark timing the whole process should not count it."""
    print(f"ticketdesk-ready {since_process_start_ms():.0f}", flush=True)
    os._exit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    missing = platform_check.check()
    if missing is not None:  # Qt would abort with a message that names nothing to install
        print(missing.message(platform_check.this_distro()), file=sys.stderr)
        return EXIT_PLATFORM_LIBRARIES_MISSING
    set_dpi_policy()
    app = QApplication(sys.argv[:1])
    lookup = requested_lookup(args)
    from .net.single_instance import InstanceServer, hand_over

    if lookup is not None and hand_over(*lookup):
        return 0  # the client already running shows the caller
    instance = InstanceServer(parent=app)
    instance.listen()
    app.setOrganizationName("TicketDesk")
    app.setApplicationName("TicketDesk")
    app.setApplicationDisplayName("TicketDesk")
    settings = QSettings()
    translators = i18n.Translators()
    appearance = setup_application(
        app, i18n.choose_language(settings, args.lang), translators, settings
    )
    discovery = Discovery()
    discovery.start()
    app.aboutToQuit.connect(discovery.stop)
    # No session yet: the shell makes it once the login window is on screen.
    shell = Shell(
        None,
        settings,
        server=args.server,
        username=args.username,
        discovery=discovery,
        appearance=appearance,
    )
    instance.lookup_requested.connect(shell.show_caller)
    if lookup is not None:
        shell.show_caller(*lookup)
    shell.start()
    if os.environ.get(STARTUP_PROBE):
        # Watching after the shell does, it is told first: the time is not the session's.
        FirstPaint(shell.login, report_ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
