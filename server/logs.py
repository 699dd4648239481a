"""The server's logging: structured lines to stderr and to a rotating file in the data
directory, levels per logger, secrets redacted.

Lines are ``logfmt`` (``ts=… level=… logger=… msg="…" key=value``): readable by a person,
and parsed as fields by journald's viewers, Loki, Vector, fluent-bit and ``grep``. Extra
fields given to a log call (``log.info("...", extra={"ticket_id": 5})``) become keys.
"""

from __future__ import annotations

import logging
import logging.handlers
from datetime import UTC, datetime
from pathlib import Path

from .log_redaction import RedactSecrets

LOG_FILE = "server.log"
MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 5
LEVELS = ("critical", "error", "warning", "info", "debug")

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _value(value: object) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\n\t\\'):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(9), chr(92) + "t")}"'


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        parts = [
            f"ts={stamp.replace('+00:00', 'Z')}",
            f"level={record.levelname.lower()}",
            f"logger={_value(record.name)}",
            f"pid={record.process}",
            f"msg={_value(record.getMessage())}",
        ]
        parts += [
            f"{key}={_value(value)}"
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_") and key != "color_message"
        ]
        if record.exc_info:
            parts.append(f"exc={_value(self.formatException(record.exc_info))}")
        return " ".join(parts)


def parse_levels(spec: str) -> dict[str, str]:
    """``"uvicorn.access=warning,ticketdesk.server.dispatch=debug"`` → a dict; a bad entry
    raises ValueError naming it."""
    levels: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, sep, level = item.partition("=")
        level = level.strip().lower()
        if not sep or not name.strip() or level not in LEVELS:
            raise ValueError(
                f"log level entry {item!r}: write logger=level, level one of {', '.join(LEVELS)}"
            )
        levels[name.strip()] = level
    return levels


QUIET_LOGGERS = {"pgserver": "warning"}
"""Loggers at a level of their own unless ``log_levels`` names them: pgserver logs every
pg_ctl command line with its whole output at info, a dozen multi-line records a start."""


def configure(
    *,
    level: str = "info",
    levels: dict[str, str] | None = None,
    data_dir: Path | None = None,
) -> Path | None:
    """Set up the root logger; returns the log file's path (None: stderr only)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    formatter = LogfmtFormatter()
    redactor = RedactSecrets()
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    path = None
    if data_dir is not None:
        path = data_dir / "logs" / LOG_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(redactor)
        root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn's own handlers would print a second, unstructured line.
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    apply_levels({**QUIET_LOGGERS, **(levels or {})})
    return path


def apply_levels(levels: dict[str, str]) -> None:
    """Levels per logger (again after uvicorn has set its own, so ours win)."""
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value.upper())

