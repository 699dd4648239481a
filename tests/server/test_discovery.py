"""The server announces itself on the LAN; in tests zeroconf is bound to 127.0.0.1."""

from __future__ import annotations

import time

from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

from tests.support import ServerProcess

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
