"""Domain errors. Services raise these; the HTTP layer maps each to its status code."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class Unauthorized(DomainError):
    code = "unauthorized"


class BadCredentials(Unauthorized):
    """A failed login; ``answer_after``: seconds the answer is held back (the throttle's
    slow-down), waited out by the HTTP layer without tying up a worker thread."""

    code = "bad_credentials"

    def __init__(self, message: str, *, answer_after: float = 0.0) -> None:
        super().__init__(message)
        self.answer_after = answer_after


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """The request is well-formed but the current state does not allow it."""

    code = "conflict"


class Invalid(DomainError):
    """The request is well-formed JSON but its content is refused (HTTP 422)."""

    code = "invalid"


class TooLarge(DomainError):
    """The content is over its size limit (HTTP 413)."""

    code = "payload_too_large"


class Unsupported(DomainError):
    """The content is of a kind that is not accepted (HTTP 415)."""

    code = "unsupported_media_type"


class TooManyAttempts(DomainError):
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Busy(TooManyAttempts):
    """Refused for now because enough of the same heavy work already runs (429)."""

    def __init__(self, message: str, *, code: str, retry_after: int) -> None:
        DomainError.__init__(self, message, code=code)
        self.retry_after = retry_after


class RunAgain(Exception):
    """What the transaction read changed under it in a way only a fresh start resolves (a
    ticket moved to another group between reading it and locking it, so its locks would be
    taken out of order). Not an answer: whoever owns the transaction runs it again, as for a
    deadlock; the HTTP layer's unit of work does, a bounded number of times."""
