"""The server's one source of the current time, so rules about time can be tested with a
controllable clock. Always timezone-aware UTC."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _source()


def set_source(source: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests only); None restores the real one."""
    global _source
    _source = source or (lambda: datetime.now(UTC))
