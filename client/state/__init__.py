"""The client's cache (`ClientState`) and the `ClientSession` that fills it: login → load → live.

Names are imported from their modules when first asked for (`ticketdesk.client.lazy_import`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_import import module_getattr

_EXPORTS = {
    "ClientState": ".cache",
    "EndReason": ".login",
    "LoginAttempt": ".login",
    "LoginFailure": ".login",
    "LoginProblem": ".login",
    "OfferWatcher": ".offers",
    "ClientSession": ".session",
    "UserAdmin": ".admin",
}

__all__ = [
    "ClientSession",
    "ClientState",
    "EndReason",
    "LoginAttempt",
    "LoginFailure",
    "LoginProblem",
    "OfferWatcher",
    "UserAdmin",
]
__getattr__ = module_getattr(__name__, _EXPORTS)


if TYPE_CHECKING:
    from .admin import UserAdmin
    from .cache import ClientState
    from .login import EndReason, LoginAttempt, LoginFailure, LoginProblem
    from .offers import OfferWatcher
    from .session import ClientSession
