"""Announce the server on the LAN (mDNS/DNS-SD) so clients can find it without typing an address."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from zeroconf import InterfaceChoice, IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from ticketdesk.common import API_VERSION

from .. import tls
from ..public_url import host_addresses
from ..settings import Settings

log = logging.getLogger(__name__)

SERVICE_TYPE = "_ticketdesk._tcp.local."


def interface_choice(interfaces: list[str] | None) -> list[str] | InterfaceChoice:
    """What zeroconf takes for "these addresses" or, with none named, every interface
    (zeroconf refuses a string such as ``"all"``: the announcement then never went out)."""
    return list(interfaces) if interfaces else InterfaceChoice.All


def _addresses(host: str, interfaces: list[str] | None) -> list[bytes]:
    """The IPv4 addresses to announce: the named interfaces, the one ``host`` is bound to,
    or — listening on all — every address of this host that others can reach, the default
    route's first (clients try the first)."""
    if interfaces:
        return [socket.inet_aton(i) for i in interfaces if ":" not in i]
    if host not in ("0.0.0.0", "", "::"):
        return [socket.inet_aton(socket.gethostbyname(host))]
    return [socket.inet_aton(a) for a in host_addresses()]


def txt_record(name: str, tls_pin: str | None) -> dict[str, str]:
    """The TXT record (RFC 6763: short keys, well under 400 bytes): API version, server
    name, whether it speaks TLS and, if so, the SHA-256 pin of its public key, so a client
    can show the user the fingerprint it should expect before trusting it."""
    record = {"api": API_VERSION, "name": name[:100], "tls": "1" if tls_pin else "0"}
    if tls_pin:
        record["pin"] = tls_pin
    return record


class Advertiser:
    def __init__(
        self,
        *,
        name: str,
        host: str,
        port: int,
        interfaces: list[str] | None,
        tls_pin: str | None = None,
    ) -> None:
        self._zc: AsyncZeroconf | None = None
        self._interfaces = interfaces
        safe = "".join(c for c in name if c.isalnum() or c in "-_ ")[:50] or "TicketDesk"
        self.info = AsyncServiceInfo(
            SERVICE_TYPE,
            f"{safe} ({port}).{SERVICE_TYPE}",
            addresses=_addresses(host, interfaces),
            port=port,
            properties=txt_record(name, tls_pin),
        )

    async def start(self) -> None:
        try:
            self._zc = AsyncZeroconf(
                interfaces=interface_choice(self._interfaces), ip_version=IPVersion.V4Only
            )
            await self._zc.async_register_service(self.info, allow_name_change=True)
            log.info("announced on the LAN as %s", self.info.name)
        except Exception as exc:  # no multicast here: the server works without discovery
            log.warning("LAN discovery unavailable: %s", exc)
            await self.stop()

    async def stop(self) -> None:
        zc, self._zc = self._zc, None
        if zc is None:
            return
        try:
            await zc.async_unregister_service(self.info)
        finally:
            await zc.async_close()


@contextmanager
def announce_blocking(settings: Settings) -> Iterator[None]:
    """Announce from a process without an event loop (the supervisor of worker processes)."""
    from zeroconf import Zeroconf

    advertiser = Advertiser(name=settings.server_name, host=settings.host, port=settings.port,
                            interfaces=settings.discovery_interfaces,
                            tls_pin=tls.check_pair(settings.tls_cert, settings.tls_key))
    zc = None
    try:
        zc = Zeroconf(interfaces=interface_choice(settings.discovery_interfaces),
                      ip_version=IPVersion.V4Only)
        zc.register_service(advertiser.info, allow_name_change=True)
    except Exception as exc:  # no multicast here: the server works without discovery
        log.warning("LAN discovery unavailable: %s", exc)
    try:
        yield
    finally:
        if zc is not None:
            zc.unregister_service(advertiser.info)
            zc.close()
