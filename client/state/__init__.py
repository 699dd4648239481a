"""The client's cache (`ClientState`) and the `Session` that fills it: login → load → live."""

from .cache import ClientState
from .login import LoginAttempt, LoginFailure, LoginProblem
from .session import Session

__all__ = ["ClientState", "LoginAttempt", "LoginFailure", "LoginProblem", "Session"]
