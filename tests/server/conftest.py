"""Server-side helpers: proving that a refused call changed nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.support import (
    Api,
    ServerProcess,
    database_fingerprint,
    database_url,
    direct_session,
    truncate_all,
)

Refused = Callable[..., dict[str, Any]]


@pytest.fixture
def refused(pg_url: str) -> Refused:
    """Make a call that must fail with ``status`` (and ``code``), and check the database is
    exactly as it was before."""

    def check(
        client: Api,
        method: str,
        path: str,
        json: Any = None,
        *,
        status: int,
        code: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        before = database_fingerprint(pg_url)
        response = client.request(method, path, json=json, **kwargs)
        assert response.status_code == status, f"{response.status_code}: {response.text}"
        body = response.json()
        assert set(body) == {"error"}, body
        assert {"code", "message", "details"} <= set(body["error"]), body
        assert body["error"]["message"]
        if code is not None:
            assert body["error"]["code"] == code, body
        assert database_fingerprint(pg_url) == before, "a refused call changed the database"
        return body["error"]

    return check


@pytest.fixture
def anon(server: ServerProcess) -> Api:
    return Api(server.base_url)


@pytest.fixture(scope="session")
def unit_url(pg_url: str) -> Iterator[str]:
    """A second database for in-process service tests, with no server process acting on it
    (so a controllable clock can drive the engine)."""
    from ticketdesk.server.store.connect import open_migrated

    for url in database_url("ticketdesk_unit"):
        open_migrated(url).dispose()
        yield url


@pytest.fixture
def db(unit_url: str) -> Iterator[Session]:
    """A session on the emptied unit database."""
    from ticketdesk.server.services import passwords

    passwords.use_profile("fast")
    truncate_all(unit_url)
    with direct_session(unit_url) as session:
        yield session


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    from ticketdesk.server import clock as server_clock

    fake = FakeClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))  # Wed 10:00 in Shanghai
    server_clock.set_source(fake.now)
    yield fake
    server_clock.set_source(None)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, when: datetime) -> datetime:
        self.current = when
        return when
