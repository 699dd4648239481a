"""``ticketdesk``: the desktop client."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from importlib import resources

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from . import i18n
from .net.discovery import Discovery
from .views.shell import Shell


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
    return parser.parse_args(argv)


def style_sheet() -> str:
    return resources.files("ticketdesk.resources").joinpath("styles/app.qss").read_text("utf-8")


def app_icon() -> QIcon:
    with resources.as_file(
        resources.files("ticketdesk.resources").joinpath("icons/ticketdesk.svg")
    ) as path:
        return QIcon(str(path))


def setup_application(app: QApplication, language: str, translators: i18n.Translators) -> None:
    """Language, look and icon; shared by `main` and the screenshot tool."""
    translators.install(app, language)
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(app_icon())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("TicketDesk")
    app.setApplicationName("TicketDesk")
    app.setApplicationDisplayName("TicketDesk")
    settings = QSettings()
    translators = i18n.Translators()
    setup_application(app, i18n.choose_language(settings, args.lang), translators)
    discovery = Discovery()
    discovery.start()
    app.aboutToQuit.connect(discovery.stop)
    # No session yet: the shell makes it once the login window is on screen.
    shell = Shell(None, settings, server=args.server, username=args.username, discovery=discovery)
    shell.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
