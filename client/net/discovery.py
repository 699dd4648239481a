"""Finding TicketDesk servers on the LAN (mDNS/DNS-SD, ``_ticketdesk._tcp.local.``).

zeroconf runs in threads of its own; its callbacks may block (``get_service_info`` waits for
answers), so they never run on the GUI thread. They only emit Qt signals, which Qt queues
over to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

SERVICE_TYPE = "_ticketdesk._tcp.local."
"""As the server announces it (ticketdesk.server.discovery)."""

INFO_TIMEOUT_MS = 3000


@dataclass(frozen=True)
class FoundServer:
    key: str
    """The service's instance name: stable while the server runs."""
    name: str
    address: str
    """``host:port`` to log in to (``https://host:port`` when it speaks TLS)."""
    api_version: str
    key_pin: str = ""
    """The SHA-256 pin of its TLS key, as it announced it (empty without TLS)."""


class Discovery(QObject):
    found = Signal(object)  # FoundServer, also when an announced server changes
    lost = Signal(str)  # FoundServer.key

    def __init__(
        self, parent: QObject | None = None, *, interfaces: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self._interfaces = interfaces
        self._lock = threading.Lock()
        self._zeroconf = None
        self._browser = None
        self._stopped = False

    def start(self) -> None:
        """Begin browsing in the background; returns at once."""
        threading.Thread(target=self._run, name="ticketdesk-discovery", daemon=True).start()

    def stop(self) -> None:
        """Stop browsing; the sockets close in the background."""
        with self._lock:
            self._stopped = True
            zeroconf, browser = self._zeroconf, self._browser
            self._zeroconf = self._browser = None
        if zeroconf is not None:
            threading.Thread(target=_close, args=(zeroconf, browser), daemon=True).start()

    def _run(self) -> None:
        try:
            from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, Zeroconf

            # zeroconf takes InterfaceChoice.All, not a string: "all" made it refuse, and
            # the login window found nothing on a real network.
            zeroconf = Zeroconf(
                interfaces=self._interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only
            )
        except Exception as exc:  # no multicast here: the address can still be typed
            log.info("LAN discovery unavailable: %s", exc)
            return
        with self._lock:
            if self._stopped:
                _close(zeroconf, None)
                return
            self._zeroconf = zeroconf
            self._browser = ServiceBrowser(zeroconf, SERVICE_TYPE, handlers=[self._on_change])

    def _on_change(self, zeroconf, service_type: str, name: str, state_change) -> None:
        """Called in zeroconf's browser thread, where blocking is allowed."""
        from zeroconf import ServiceStateChange

        if self._stopped:
            return
        if state_change is ServiceStateChange.Removed:
            self.lost.emit(name)
            return
        try:
            info = zeroconf.get_service_info(service_type, name, timeout=INFO_TIMEOUT_MS)
        except Exception as exc:  # the browser is closing, or the network went away
            log.debug("no details for %s: %s", name, exc)
            return
        if info is None or not info.parsed_addresses() or self._stopped:
            return
        properties = {
            (k.decode(errors="replace") if isinstance(k, bytes) else str(k)): (
                v.decode(errors="replace") if isinstance(v, bytes) else ""
            )
            for k, v in (info.properties or {}).items()
        }
        host = info.parsed_addresses()[0]
        tls = properties.get("tls") == "1"
        self.found.emit(
            FoundServer(
                key=name,
                name=properties.get("name") or name.removesuffix(f".{SERVICE_TYPE}"),
                address=f"https://{host}:{info.port}" if tls else f"{host}:{info.port}",
                api_version=properties.get("api", ""),
                key_pin=properties.get("pin", "") if tls else "",
            )
        )


def _close(zeroconf, browser) -> None:
    try:
        if browser is not None:
            browser.cancel()
        zeroconf.close()
    except Exception as exc:  # closing on the way out: nothing left to tell
        log.debug("closing zeroconf: %s", exc)
