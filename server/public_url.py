"""The address clients use to reach this server, and how servers of one installation find
each other: each names itself in its database connections' ``application_name``
(``ticketdesk@<url>``), so ``pg_stat_activity`` lists every server running right now — no
table to keep, nothing stale after a crash (a dead server's connections are gone)."""

from __future__ import annotations

import ipaddress
import socket

from .settings import Settings

PREFIX = "ticketdesk@"
MAX_APPLICATION_NAME = 63
"""PostgreSQL keeps this many bytes of application_name (NAMEDATALEN - 1)."""


def host_addresses() -> list[str]:
    """This host's IPv4 addresses that other machines can reach: the one the default route
    uses first (no packet is sent by a UDP connect), then every other interface's; 127.0.0.1
    only when there is none. (A LAN without a gateway has no default route: taking
    127.0.0.1 then told workstations to reach the server at their own address.)"""
    import psutil

    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            found.append(str(s.getsockname()[0]))
    except OSError:  # no default route
        pass
    found.extend(
        a.address for addresses in psutil.net_if_addrs().values() for a in addresses
        if a.family == socket.AF_INET
    )
    reachable = [a for a in dict.fromkeys(found) if not ipaddress.ip_address(a).is_loopback]
    return reachable or ["127.0.0.1"]


def primary_address(host: str) -> str:
    """The IPv4 address this host is reached at: ``host`` itself unless it is a wildcard,
    else the first of `host_addresses`."""
    if host not in ("0.0.0.0", "", "::"):
        try:
            return socket.gethostbyname(host)
        except OSError:
            return host
    return host_addresses()[0]


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
