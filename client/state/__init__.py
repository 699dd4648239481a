"""The client's cache (`ClientState`) and the `Session` that fills it: login → load → live."""

from .cache import ClientState
from .login import LoginAttempt, LoginFailure, LoginProblem
from .offers import OfferWatcher
from .session import EndReason, Session

__all__ = [
    "ClientState",
    "EndReason",
    "LoginAttempt",
    "LoginFailure",
    "LoginProblem",
    "OfferWatcher",
    "Session",
]
