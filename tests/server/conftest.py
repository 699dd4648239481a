"""Server-side helpers: proving that a refused call changed nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support import Api, ServerProcess, database_fingerprint

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
