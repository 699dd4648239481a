"""The servers of the installation last logged in to, remembered between runs of the client.

A multi-server installation lists all its servers in `GET /info`. The live session fails over
between them (`net.failover`); this keeps the list after the client exits, so that the next
login, when the server the user typed (or last used) does not answer, tries the installation's
other servers before giving up — the workstation needs no new address when one server is down
for maintenance.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ..net.api import server_url

INSTALLATION_KEY = "login/installation"
LIMIT = 16
"""Servers kept; an installation larger than this lists its first ones, which is enough to
reach one that answers."""


def _key(address: str) -> str:
    return server_url(address).lower()


def remembered(settings: QSettings) -> list[str]:
    value = settings.value(INSTALLATION_KEY, [])
    # QSettings (INI) reads a list of one back as a plain string, and an empty one as None.
    if isinstance(value, str):
        value = [value] if value else []
    return [str(address) for address in value or [] if str(address).strip()]


def remember(settings: QSettings, used: str, servers: list[str]) -> None:
    """After a login through ``used``, whose server listed ``servers`` (those running now):
    remember them, and keep the servers remembered before if this is the same installation
    (one of them answered), since a server down for maintenance today is back tomorrow."""
    before = remembered(settings)
    now = [used, *servers]
    same = any(_key(a) == _key(b) for a in now for b in before)
    kept: list[str] = []
    for address in now + (before if same else []):
        address = address.strip().rstrip("/")
        if address and all(_key(address) != _key(other) for other in kept):
            kept.append(address)
    settings.setValue(INSTALLATION_KEY, kept[:LIMIT])


def fallbacks_for(settings: QSettings, typed: str) -> list[str]:
    """The other servers to try when ``typed`` does not answer: those of the remembered
    installation, if ``typed`` is one of them (a different address is a different
    installation, perhaps a test server, and must not silently log in elsewhere)."""
    known = remembered(settings)
    if all(_key(typed) != _key(address) for address in known):
        return []
    return [address for address in known if _key(address) != _key(typed)]
