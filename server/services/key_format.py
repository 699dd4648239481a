"""The API key format: ``tdk_`` + 30 random base62 characters + a 6-character checksum.

Like GitHub's tokens, the fixed prefix lets secret scanners recognise a leaked key, and the
checksum (CRC32 of prefix and random part, in base62) tells a mistyped or made-up key from
a real one without asking the database."""

from __future__ import annotations

import hashlib
import secrets
import zlib

PREFIX = "tdk_"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
RANDOM_LENGTH = 30
"""62**30 ≈ 2**178: far beyond guessing, so a plain SHA-256 of the key is a safe digest."""
CHECKSUM_LENGTH = 6
LENGTH = len(PREFIX) + RANDOM_LENGTH + CHECKSUM_LENGTH
SHOWN = len(PREFIX) + 6
"""How much of a key lists show (``tdk_Ab12Cd…``): enough to tell keys apart."""


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode("ascii")), CHECKSUM_LENGTH)


def generate() -> str:
    body = PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _checksum(body)


def looks_like_key(token: str) -> bool:
    """Whether a bearer token is meant as an API key (rather than a session token)."""
    return token.startswith(PREFIX)


def well_formed(token: str) -> bool:
    if len(token) != LENGTH or not token.startswith(PREFIX):
        return False
    if any(c not in ALPHABET for c in token[len(PREFIX):]):
        return False
    body, check = token[:-CHECKSUM_LENGTH], token[-CHECKSUM_LENGTH:]
    return secrets.compare_digest(_checksum(body), check)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def shown(token: str) -> str:
    return token[:SHOWN]
