"""Password hashing with argon2id."""

from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_PROFILES = {
    "default": PasswordHasher(),
    # Test suites create many accounts; this profile keeps argon2id but with minimal cost.
    "fast": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
_hasher = _PROFILES["default"]

_DUMMY_HASH: str | None = None


def checks_at_once() -> int:
    """How many hashes to compute at once: one per core this process may run on. More only
    share the cores (each check is pure CPU) and take 64 MiB more each (the default profile)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def use_profile(name: str) -> None:
    global _hasher, _DUMMY_HASH
    if name not in _PROFILES:
        raise ValueError(f"unknown password profile {name!r}; use one of {sorted(_PROFILES)}")
    _hasher = _PROFILES[name]
    _DUMMY_HASH = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def burn_time(password: str) -> None:
    """Spend the time a real verification takes, so an unknown username answers as slowly."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("not a real password")
    verify(_DUMMY_HASH, password)
