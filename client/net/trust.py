"""Trust on first use for servers with a self-signed certificate.

A certificate that the system's certificate authorities vouch for is trusted as usual and
never comes here. For one they do not (IT's self-signed certificate), the user is shown the
SHA-256 pin of the server's public key on the first connection — the same pin the server
prints, and announces on the LAN — and, once they accept it, that key is trusted for that
server from then on. The key is pinned, not the certificate, so a renewal that keeps the key
passes; a different key is refused with a warning that says it *changed*.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, QUrl
from PySide6.QtNetwork import QSslCertificate, QSslError

_GROUP = "trusted_server_keys"


def spki_pin(certificate: QSslCertificate) -> str:
    """SHA-256 of the certificate's SubjectPublicKeyInfo, in base64 (RFC 7469's pin)."""
    spki = bytes(certificate.publicKey().toDer().data())
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def origin(url: QUrl) -> str:
    """``host:port`` of a URL, the key pins are kept under."""
    return f"{url.host().lower()}:{url.port(443)}"


@dataclass(frozen=True)
class TrustProblem:
    """A server whose certificate no authority vouches for and whose key is not (or no
    longer) the one trusted for it."""

    origin: str
    pin: str
    """The pin of the key the server presented."""
    trusted_pin: str | None
    """The pin trusted before: set means the key *changed*."""
    subject: str
    reasons: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.trusted_pin is not None


class KeyPins(QObject):
    """The keys the user chose to trust, per server; kept in the settings once given them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings: QSettings | None = None
        self._pins: dict[str, str] = {}
        self._problems: dict[str, TrustProblem] = {}

    def remember_in(self, settings: QSettings) -> None:
        """Keep pins in ``settings`` (and take those already there)."""
        self._settings = settings
        settings.beginGroup(_GROUP)
        try:
            for key in settings.childKeys():
                self._pins[_unescape(key)] = str(settings.value(key))
        finally:
            settings.endGroup()

    def pinned(self, server: str) -> str | None:
        return self._pins.get(server)

    def trust(self, server: str, pin: str) -> None:
        self._pins[server] = pin
        self._problems.pop(server, None)
        if self._settings is not None:
            self._settings.setValue(f"{_GROUP}/{_escape(server)}", pin)
            self._settings.sync()

    def judge(
        self, url: QUrl, chain: Sequence[QSslCertificate], errors: Sequence[QSslError]
    ) -> bool:
        """Whether a connection whose certificate failed normal verification may go on:
        only when the server's key is the one trusted for it. Otherwise the problem is kept
        for `problem` to explain."""
        server = origin(url)
        if not chain:
            return False
        leaf = chain[0]
        pin = spki_pin(leaf)
        trusted = self._pins.get(server)
        if trusted == pin:
            self._problems.pop(server, None)
            return True
        self._problems[server] = TrustProblem(
            origin=server,
            pin=pin,
            trusted_pin=trusted,
            subject=", ".join(leaf.subjectInfo(QSslCertificate.SubjectInfo.CommonName)),
            reasons=tuple(e.errorString() for e in errors),
        )
        return False

    def problem(self, url: QUrl) -> TrustProblem | None:
        return self._problems.get(origin(url))


def _escape(server: str) -> str:
    # QSettings treats '/' and '\\' as separators; host:port holds neither, but IPv6 may
    # hold ':' in numbers — all fine in keys. Escape only what QSettings cannot keep.
    return server.replace("/", "%2F").replace("\\", "%5C")


def _unescape(key: str) -> str:
    return key.replace("%2F", "/").replace("%5C", "\\")
