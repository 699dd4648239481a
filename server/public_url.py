"""The address clients use to reach this server, and how servers of one installation find
each other: each names itself in its database connections' ``application_name``
(``ticketdesk@<url>``), so ``pg_stat_activity`` lists every server running right now — no
table to keep, nothing stale after a crash (a dead server's connections are gone)."""

from __future__ import annotations

import socket

from .settings import Settings

PREFIX = "ticketdesk@"
MAX_APPLICATION_NAME = 63
"""PostgreSQL keeps this many bytes of application_name (NAMEDATALEN - 1)."""


def primary_address(host: str) -> str:
    """The IPv4 address this host is reached at: ``host`` itself unless it is a wildcard,
    else the address the default route would use (no packet is sent by a UDP connect)."""
    if host not in ("0.0.0.0", "", "::"):
        try:
            return socket.gethostbyname(host)
        except OSError:
            return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def public_url(settings: Settings, *, tls: bool) -> str:
    """``settings.public_url`` if set, else ``http(s)://<primary address>:<port>``."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    scheme = "https" if tls else "http"
    return f"{scheme}://{primary_address(settings.host)}:{settings.port}"


def application_name(url: str) -> str:
    """The connection name that announces ``url`` to the other servers (plain ``ticketdesk``
    when the URL is too long to survive PostgreSQL's truncation)."""
    name = PREFIX + url
    return name if len(name.encode()) <= MAX_APPLICATION_NAME else "ticketdesk"
