"""Server settings: one pydantic-settings class, filled — lowest to highest — from defaults,
the TOML configuration file, ``TICKETDESK_*`` environment variables and command-line flags;
`load` also says where each value came from (``ticketdesk-server config show``).

The configuration file is ``--config PATH`` (or ``TICKETDESK_CONFIG``), by default
``ticketdesk.toml`` in the data directory; its keys are the field names below
(``request_threads = 8``). Unknown keys and invalid values stop the server with a message
naming the key and where it was set.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
import tomllib
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from ticketdesk.common import limits

from .store.embedded import default_data_dir

log = logging.getLogger(__name__)

ENV_PREFIX = "TICKETDESK_"
CONFIG_FILE = "ticketdesk.toml"
SECRET_FIELDS = frozenset({"metrics_token", "order_pull_token"})
"""Shown masked by ``config show`` (and the password inside ``database_url``)."""

DEFAULT_ATTACHMENT_TYPES = (
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff",
    "application/pdf", "text/plain", "application/zip", "application/x-7z-compressed",
    "application/vnd.rar", "application/x-ole-storage",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "audio/mpeg", "audio/wav", "audio/ogg", "audio/amr", "audio/mp4", "audio/flac",
    "video/mp4",
)
"""Pictures and screenshots, documents, archives, call recordings and plain text; never
programs (``application/x-msdownload``) or anything unrecognised."""

_OTHER_VARIABLES = frozenset({
    ENV_PREFIX + name for name in (
        "CONFIG", "PASSWORD", "WORKER_DATABASE_URL", "WORKER_LOG_LEVEL",
        "TEST_DATABASE_URL", "BENCH_DATABASE_URL", "STARTUP_PROBE", "JEPSEN_TICKETS",
        "STATEMENT_TIMEOUT_MS", "LOCK_TIMEOUT_MS", "IDLE_IN_TRANSACTION_TIMEOUT_MS",
    )
})
"""TICKETDESK_* variables that are not settings (the CLI's, the worker processes', the
suite's and the benchmarks')."""

_file_values: ContextVar[dict[str, Any] | None] = ContextVar("settings_file_values", default=None)


class _FileSource(PydanticBaseSettingsSource):
    """The values of the configuration file being loaded (see `load`)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        values = _file_values.get() or {}
        return values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_file_values.get() or {})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="forbid", env_ignore_empty=True, validate_default=False
    )

    database_url: str | None = None
    """None runs the embedded PostgreSQL in ``data_dir``."""
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "0.0.0.0"
    port: int = Field(8470, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    """Worker processes of ``run`` on the one port (they cooperate through the database)."""
    server_name: str = Field(default_factory=socket.gethostname)
    session_hours: float = 12.0
    password_profile: str = "default"
    """``default`` (argon2 RFC 9106 low-memory) or ``fast`` (for test suites only)."""
    max_body_bytes: int = limits.MAX_REQUEST_BYTES
    request_threads: int = Field(16, ge=1, le=256)
    """Requests handled at once (each in a worker thread with its own database connection);
    more only crowd two cores, and slow the live pushes down (see docs/benchmarks.md)."""
    live_queue_size: int = 1000
    """Events buffered per WebSocket client before a client that does not read is dropped."""
    live_poll_seconds: float = 2.0
    """Backstop poll of the events table, for NOTIFYs lost while the listener reconnects."""
    live_replay_limit: int = 10_000
    """A client further behind than this many events is told to reload instead of replaying."""
    live_replay_batch: int = 200
    """Backlog events a resuming client is sent per read: what it holds in memory at most."""
    dispatch: bool = True
    """Run the assignment engine in this process (every process may; they coordinate)."""
    dispatch_tick_seconds: float = 1.0
    """How often timers (accept timeouts, shift starts) are checked without a wake-up."""
    presence_grace_seconds: float = 45.0
    """An agent with no live connection for this long is taken offline (0: never)."""
    idle_away_minutes: float = Field(10.0, ge=0, le=24 * 60)
    """A desktop client with no keyboard or mouse input for this long sets its agent away
    (and online again on input); 0: never. Clients learn it at login (``server`` in the
    answer, and ``GET /info``)."""
    login_max_delay_seconds: float = 4.0
    """Longest slow-down of a login answer after repeated failures."""
    login_lock_after: int = 10
    """Failures for one username (within 15 minutes) that lock it for 15 minutes."""
    discovery: bool = True
    tls_cert: Path | None = None
    tls_key: Path | None = None
    """PEM certificate and key: with both, the server speaks only HTTPS and WSS."""
    public_url: str | None = None
    """How workstations reach this server, e.g. ``https://desk1.office:8470`` (default: this
    host's address and port). Servers of one installation tell clients each other's, so a
    client can fail over when its server goes away."""
    log_levels: str = ""
    """Levels per logger, e.g. ``uvicorn.access=warning,ticketdesk.server.dispatch=debug``."""
    log_file: bool = True
    """Also log to ``<data dir>/logs/server.log`` (rotated at 10 MB, five kept)."""
    metrics_token: str | None = None
    """When set, ``/metrics`` answers only ``Authorization: Bearer <this token>``."""
    discovery_interfaces: list[str] | None = None
    """Interfaces zeroconf binds to; None means all. Tests bind to 127.0.0.1 only."""
    webhooks: bool = True
    """Deliver webhooks from this process (every process may; they claim with SKIP LOCKED)."""
    webhook_allowed_networks: list[str] = Field(default_factory=list)
    """Receiver addresses allowed although they are loopback, private, link-local or
    otherwise not public (CIDRs, e.g. ``["10.20.0.0/16"]``). Everything else of that kind
    is refused, at registration and again against the address resolved for each attempt."""
    webhook_timeout_seconds: float = Field(10.0, gt=0, le=120)
    """One attempt (connect, send, answer) at most this long; then it counts as failed."""
    webhook_concurrency: int = Field(16, ge=1, le=256)
    """Attempts in flight at once per endpoint in this process."""
    webhook_retry_base_seconds: float = Field(5.0, gt=0)
    """The wait after the first failure; it doubles after each (with jitter)."""
    webhook_retry_max_seconds: float = Field(3600.0, gt=0)
    """The longest wait between two attempts (a receiver's Retry-After may ask for longer)."""
    webhook_retry_budget_seconds: float = Field(86400.0, gt=0)
    """How long after its first attempt a delivery is retried before it is dead-lettered."""
    webhook_poll_seconds: float = Field(1.0, gt=0)
    """Backstop for wake-ups: due retries are looked for at least this often."""
    webhook_secret_overlap_hours: float = Field(24.0, ge=0)
    """After a secret rotation the old secret also signs for this long."""
    webhook_keep_delivered_days: float = Field(7.0, gt=0)
    """Delivered rows are kept this long for the admin screen, then removed."""

    attachment_max_bytes: int = Field(limits.ATTACHMENT_MAX_BYTES, ge=1, le=2**40)
    """Largest attachment accepted (bytes; default 20 MiB); a larger one is refused with
    413 and nothing of it is kept."""
    attachment_types: list[str] = Field(default_factory=lambda: list(DEFAULT_ATTACHMENT_TYPES))
    """Content types accepted as attachments, as the server finds them in the bytes (the
    client's word is not taken); others are refused with 415. ``*`` accepts any."""
    attachment_uploads_at_once: int = Field(8, ge=1, le=64)
    """Uploads this process writes at once (each piece in a short transaction of its own);
    more wait their turn without reading their bodies."""

    phone_region: str = Field("CN", pattern=r"^[A-Z]{2}$")
    """Where a phone number written without a country code is taken to be (ISO 3166 code)."""
    order_pull_url: str | None = None
    """The order system's URL for one order, ``{order_no}`` standing for its number, e.g.
    ``https://erp.office/api/orders/{order_no}``: an order a ticket names and TicketDesk does
    not know yet is fetched from there (GET, JSON as ``PUT /orders/{no}`` takes it)."""
    order_pull_token: str | None = None
    """Sent as ``Authorization: Bearer <token>`` to the order system."""
    order_pull_timeout_seconds: float = Field(2.0, gt=0, le=30)
    """A ticket's creation waits at most this long for the order; then goes on without it
    (the fetch goes on in the background and links the order when it arrives)."""
    order_pull_attempts: int = Field(3, ge=1, le=10)
    """Tries per fetch (timeouts, connection errors and 5xx are tried again)."""
    order_pull_ttl_seconds: float = Field(300.0, ge=0)
    """An order fetched (or found missing) is not asked for again within this long."""

    @field_validator("order_pull_url")
    @classmethod
    def _pull_url(cls, value: str | None) -> str | None:
        if value is not None and (
            "{order_no}" not in value or not value.startswith(("http://", "https://"))
        ):
            raise ValueError("an http(s) URL with {order_no} where the order number goes")
        return value

    @field_validator("attachment_types")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        for item in value:
            if item != "*" and not re.fullmatch(r"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*",
                                                item):
                raise ValueError(f"{item!r} is not a content type (e.g. image/png) or *")
        return value

    @field_validator("webhook_allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(f"{item!r} is not a network (e.g. 10.0.0.0/8): {exc}") from exc
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Highest first: flags (passed as arguments), the environment, the file.
        return init_settings, env_settings, _FileSource(settings_cls)


class SettingsError(Exception):
    """A setting that cannot be used; the message names the key and where it was set."""


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    sources: dict[str, str]
    """Per field: ``default``, ``<file>:<line>``, ``environment TICKETDESK_X`` or ``flag``."""
    config_file: Path | None


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def _file_lines(path: Path, text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=", line)
        if match:
            lines.setdefault(match.group(1).strip('"'), number)
    return lines


def load(*, flags: dict[str, Any] | None = None, config: Path | None = None) -> Loaded:
    """The effective settings and where each value came from. ``flags``: values given on
    the command line (None values are ignored). ``config``: the configuration file; else
    ``TICKETDESK_CONFIG``; else ``ticketdesk.toml`` in the data directory, if it exists."""
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    explicit = config or (Path(os.environ[ENV_PREFIX + "CONFIG"])
                          if os.environ.get(ENV_PREFIX + "CONFIG") else None)
    file_values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    path: Path | None = None
    if explicit is not None and not explicit.exists():
        raise SettingsError(f"configuration file {explicit} does not exist")
    if explicit is None:
        data_dir = flags.get("data_dir") or os.environ.get(env_name("data_dir")) or None
        candidate = Path(data_dir) if data_dir else default_data_dir()
        explicit = candidate / CONFIG_FILE
        path = explicit if explicit.exists() else None
    else:
        path = explicit
    if path is not None:
        text = path.read_text(encoding="utf-8")
        try:
            file_values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
        lines = _file_lines(path, text)
        unknown = sorted(set(file_values) - set(Settings.model_fields))
        if unknown:
            key = unknown[0]
            raise SettingsError(
                f"{path}:{lines.get(key, '?')}: unknown setting {key!r} "
                f"(known: {', '.join(sorted(Settings.model_fields))})"
            )

    def where(field: str) -> str:
        if field in flags:
            return "flag"
        if os.environ.get(env_name(field)):
            return f"environment {env_name(field)}"
        if field in file_values:
            return f"{path}:{lines.get(field, '?')}"
        return "default"

    token = _file_values.set(file_values)
    try:
        settings = Settings(**flags)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            problems.append(f"{field} (from {where(field)}): {error['msg']}")
        raise SettingsError("invalid setting: " + "; ".join(problems)) from exc
    finally:
        _file_values.reset(token)
    sources = {field: where(field) for field in Settings.model_fields}
    for name in sorted(os.environ):
        if name.startswith(ENV_PREFIX) and name not in _OTHER_VARIABLES and (
            name.removeprefix(ENV_PREFIX).lower() not in Settings.model_fields
        ):
            log.warning("ignoring %s: no such setting (a typo?)", name)
    return Loaded(settings=settings, sources=sources, config_file=path)


def shown(field: str, value: Any) -> str:
    """A value as ``config show`` prints it: secrets masked."""
    if value is None:
        return "(not set)"
    if field in SECRET_FIELDS:
        return "********"
    text = str(value)
    if field == "database_url":
        text = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1********@", text)
    return text


def as_environment(settings: Settings) -> dict[str, str]:
    """Every setting as the ``TICKETDESK_*`` variables that reproduce it (for processes
    started by this one)."""
    result = {}
    for field in Settings.model_fields:
        value = getattr(settings, field)
        if value is None:
            continue
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, list):
            import json

            text = json.dumps(value)
        else:
            text = str(value)
        result[env_name(field)] = text
    return result
