"""Which receiver addresses the server may send to (SSRF guard).

A webhook makes the server send requests to a URL an admin typed. Left open, it reaches
what only the server can reach: the database port on loopback, a cloud metadata service on
a link-local address, the office's private hosts. So a receiver must resolve to public
addresses only, unless the configuration allows a network (``webhook_allowed_networks``).
The check runs at registration and again for every attempt against the very address the
attempt connects to, so a name that later resolves elsewhere (DNS rebinding) is caught."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedAddress(Exception):
    """The receiver's URL or the address it resolves to may not be used."""


@dataclass(frozen=True)
class Target:
    """Where one attempt goes: the URL as registered, and the checked address to connect to."""

    url: str
    host: str
    port: int
    address: IPAddress


def networks(allowed: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in allowed)


def why_refused(address: IPAddress) -> str | None:
    """The kind of address it is, if it is not a public one; None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return why_refused(address.ipv4_mapped)
    for kind in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if not address.is_global:  # shared address space (100.64/10), documentation ranges, …
        return "non-public"
    return None


def check_address(address: IPAddress, allowed: tuple[Network, ...]) -> None:
    kind = why_refused(address)
    if kind is None:
        return
    plain = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    if any(address in n or (plain is not None and plain in n) for n in allowed):
        return
    raise RefusedAddress(
        f"{address} is a {kind} address; receivers must be public unless "
        "webhook_allowed_networks allows it"
    )


def parse(url: str) -> tuple[str, int]:
    """Host and port of an http(s) URL, or RefusedAddress saying what is wrong with it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise RefusedAddress(f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise RefusedAddress("the URL must start with https:// (or http://)")
    if not parts.hostname:
        raise RefusedAddress("the URL has no host")
    if parts.username or parts.password:
        raise RefusedAddress("the URL must not carry a user name or password")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _checked(url: str, host: str, port: int, found: list[IPAddress],
             allowed: tuple[Network, ...]) -> Target:
    if not found:
        raise RefusedAddress(f"{host} does not resolve")
    for address in found:  # every address it may resolve to, or a retry could pick another
        check_address(address, allowed)
    return Target(url=url, host=host, port=port, address=found[0])


def _addresses(infos: list[tuple]) -> list[IPAddress]:
    out: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address not in out:
            out.append(address)
    return out


def resolve(url: str, allowed: tuple[Network, ...]) -> Target:
    """Blocking: at registration (a request thread)."""
    host, port = parse(url)
    literal = _literal(host)
    if literal is not None:
        return _checked(url, host, port, [literal], allowed)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise RefusedAddress(f"{host} does not resolve: {exc}") from exc
    return _checked(url, host, port, _addresses(infos), allowed)


async def resolve_async(url: str, allowed: tuple[Network, ...]) -> Target:
    """For an attempt, in the delivery loop."""
    host, port = parse(url)
    literal = _literal(host)
    if literal is not None:
        return _checked(url, host, port, [literal], allowed)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise RefusedAddress(f"{host} does not resolve: {exc}") from exc
    return _checked(url, host, port, _addresses(infos), allowed)
