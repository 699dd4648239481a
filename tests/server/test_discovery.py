"""The server announces itself on the LAN; in tests zeroconf is bound to 127.0.0.1."""

from __future__ import annotations

import ipaddress
import socket
import time

import psutil
from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

from tests.support import ServerProcess
from ticketdesk.server.discovery import advertise
from ticketdesk.server.public_url import public_url
from ticketdesk.server.settings import Settings

SERVICE = "_ticketdesk._tcp.local."


class Collector(ServiceListener):
    def __init__(self) -> None:
        self.names: list[str] = []

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.append(name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        pass

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        pass


def test_server_is_found_by_zeroconf_on_loopback(pg_url):
    server = ServerProcess(
        pg_url,
        discovery=True,
        extra_args=["--name", "测试服务器", "--discovery-interface", "127.0.0.1"],
    ).start()
    zc = Zeroconf(interfaces=["127.0.0.1"])
    try:
        collector = Collector()
        browser = ServiceBrowser(zc, SERVICE, collector)
        deadline = time.monotonic() + 10
        info = None
        while time.monotonic() < deadline and info is None:
            for name in collector.names:
                candidate = zc.get_service_info(SERVICE, name, timeout=2000)
                if candidate and candidate.port == server.port:
                    info = candidate
            time.sleep(0.1)
        browser.cancel()
        assert info is not None, "the server was not announced"
        assert info.properties[b"api"] == b"1"
        assert info.properties[b"name"].decode() == "测试服务器"
        assert "127.0.0.1" in info.parsed_addresses()
    finally:
        zc.close()
        server.stop()


def test_with_no_interface_named_zeroconf_is_asked_for_every_one() -> None:
    """The default (no ``discovery_interfaces``): zeroconf refused the string "all" that was
    passed, so a real server never announced itself — only the tests' 127.0.0.1 worked."""
    from zeroconf import InterfaceChoice
    from zeroconf._utils.net import normalize_interface_choice

    choice = advertise.interface_choice(None)
    assert choice is InterfaceChoice.All
    assert normalize_interface_choice(choice)  # what Zeroconf(interfaces=…) does with it
    assert advertise.interface_choice(["127.0.0.1"]) == ["127.0.0.1"]


def test_listening_on_all_announces_this_hosts_addresses_never_loopback_first() -> None:
    """Every non-loopback IPv4 address (the default route's first); before, only the default
    route's, and 127.0.0.1 on a LAN without a gateway, which no workstation can reach."""
    announced = [socket.inet_ntoa(a) for a in advertise._addresses("0.0.0.0", None)]
    others = _reachable_addresses()
    if others:
        assert sorted(announced) == sorted(set(others))
    else:
        assert announced == ["127.0.0.1"]
    assert [socket.inet_ntoa(a) for a in advertise._addresses("127.0.0.1", None)] == [
        "127.0.0.1"
    ]


def test_the_default_public_url_is_an_address_workstations_can_reach() -> None:
    """Clients learn every server's URL for failover: a server with no default route said
    https://127.0.0.1:8470, so a workstation would have failed over to itself."""
    others = _reachable_addresses()
    url = public_url(Settings(host="0.0.0.0", port=8470), tls=True)
    assert url.startswith("https://") and url.endswith(":8470")
    host = url.removeprefix("https://").removesuffix(":8470")
    assert host in others if others else host == "127.0.0.1"


def _reachable_addresses() -> list[str]:
    return [a.address for addresses in psutil.net_if_addrs().values() for a in addresses
            if a.family == socket.AF_INET and not ipaddress.ip_address(a.address).is_loopback]
