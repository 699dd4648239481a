"""The client's cache (`ClientState`) and the `Session` that fills it: login → load → live.

Names are imported from their modules when first asked for, so that the login window
can use one module of this package without loading all the others (start-up time).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "ClientState": ".cache",
    "EndReason": ".login",
    "LoginAttempt": ".login",
    "LoginFailure": ".login",
    "LoginProblem": ".login",
    "OfferWatcher": ".offers",
    "Session": ".session",
}

__all__ = [
    "ClientState",
    "EndReason",
    "LoginAttempt",
    "LoginFailure",
    "LoginProblem",
    "OfferWatcher",
    "Session",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .cache import ClientState
    from .login import EndReason, LoginAttempt, LoginFailure, LoginProblem
    from .offers import OfferWatcher
    from .session import Session
