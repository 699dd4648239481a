"""TLS for the office network: self-signed certificates and the public-key pins clients trust.

A *pin* is the SHA-256 of the certificate's SubjectPublicKeyInfo, in base64 (as in RFC 7469).
Pinning the key rather than the certificate lets IT renew a certificate with the same key
(``tls self-signed --reuse-key``) without every workstation asking again; a new key is a
change the client refuses with a warning that says so.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from . import clock

if TYPE_CHECKING:
    from cryptography import x509

# cryptography is imported where a certificate is handled: a server without TLS does not
# carry it (8 MB for the process's whole life; docs/benchmarks.md, "1,000 connections").


class TlsError(Exception):
    """A certificate or key that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Files:
    cert: Path
    key: Path


def spki_pin(certificate: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import serialization

    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def load_certificate(path: Path) -> x509.Certificate:
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise TlsError(f"cannot read the certificate {path}: {exc}") from exc


def pin_of_file(path: Path) -> str:
    return spki_pin(load_certificate(path))


def check_pair(cert: Path | None, key: Path | None) -> str | None:
    """Validate the configured certificate and key (both or neither); their pin, or None."""
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise TlsError("TLS needs both tls_cert and tls_key (--tls-cert and --tls-key)")
    from cryptography.hazmat.primitives import serialization

    certificate = load_certificate(cert)
    try:
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise TlsError(f"cannot read the private key {key}: {exc}") from exc
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    expected = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if public != expected:
        raise TlsError(f"the key {key} does not belong to the certificate {cert}")
    return spki_pin(certificate)


def self_signed(
    *,
    name: str,
    out_dir: Path,
    days: int = 825,
    addresses: list[str] | None = None,
    reuse_key: bool = False,
) -> Files:
    """Write ``cert.pem`` and ``key.pem`` (readable by the owner only) for ``name``, valid for
    ``days``, with ``name``, ``localhost`` and ``addresses`` as subject alternative names.
    ``reuse_key`` keeps an existing key, so clients that pinned it accept the renewal."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    out_dir.mkdir(parents=True, exist_ok=True)
    files = Files(cert=out_dir / "cert.pem", key=out_dir / "key.pem")
    if reuse_key:
        if not files.key.exists():
            raise TlsError(f"--reuse-key: there is no {files.key} to reuse")
        key = serialization.load_pem_private_key(files.key.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise TlsError(f"{files.key} is not a key made by this command")
    else:
        key = ec.generate_private_key(ec.SECP256R1())
    alt_names: list[x509.GeneralName] = [x509.DNSName(name)]
    if name != "localhost":
        alt_names.append(x509.DNSName("localhost"))
    for address in addresses or []:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(address)))
        except ValueError as exc:
            raise TlsError(f"{address!r} is not an IP address") from exc
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = clock.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    if not reuse_key:
        _write_private(
            files.key,
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
    files.cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return files


def _write_private(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    partial.replace(path)
