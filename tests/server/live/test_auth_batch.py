"""WebSocket handshakes arriving together have their tokens checked together: one query for
all of them, and each gets the verdict it would get alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import event
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support import PASSWORD, Api, ServerProcess, raw_cursor
from ticketdesk.server.live.token_batch import TokenBatcher
from ticketdesk.server.services import auth
from ticketdesk.server.services.errors import Unauthorized
from ticketdesk.server.store.database import make_engine, make_sessionmaker


def metric(server_url: str, name: str) -> int:
    for line in httpx.get(f"{server_url}/metrics").text.splitlines():
        if line.startswith(f"{name} "):
            return int(float(line.split()[1]))
    raise AssertionError(f"no metric {name}")


@pytest.fixture
def tokens(org, pg_url: str) -> dict[str, str]:
    """A token of each kind, by the close reason (or ``hello:<user>``) it must get."""
    good = {f"hello:{name}": org.as_(name).token or "" for name in ("hl1", "hl2", "as1", "sup")}
    out = Api(org.base_url).login("as2")
    out.post("/auth/logout")
    deactivated = Api(org.base_url).login("as2")
    org.admin.ok("PATCH", f"/users/{org.users['as2']}", {"active": False})
    expired = Api(org.base_url).login("hl1")
    org.admin.ok("POST", "/users", {"username": "gone", "display_name": "GONE",
                                    "role": "agent", "password": PASSWORD}, status=201)
    inactive = Api(org.base_url).login("gone")
    with raw_cursor(pg_url) as cur:
        cur.execute(
            "UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE token_hash = %s",
            (auth.token_digest(expired.token or ""),),
        )
        # An account switched off behind the server's back, its session not revoked: the
        # last rule of the list must still refuse it.
        cur.execute("UPDATE users SET active = false WHERE username = 'gone'")
    for client in (out, deactivated, expired, inactive):
        client.close()
    return {
        **good,
        "logged_out": out.token or "",
        "deactivated": deactivated.token or "",
        "session_expired": expired.token or "",
        "account_inactive": inactive.token or "",
        "invalid_token": "not-a-token-anyone-was-given",
    }


def test_simultaneous_handshakes_each_get_their_own_verdict(server: ServerProcess, tokens):
    url = server.base_url.replace("http://", "ws://") + "/api/v1/live"

    def outcome(token: str) -> str:
        try:
            with connect(url, additional_headers={"Authorization": f"Bearer {token}"},
                         open_timeout=10) as ws:
                message = ws.recv(timeout=10)
                return "hello" if '"hello"' in str(message) else f"message {message!r}"
        except ConnectionClosed as closed:
            assert closed.rcvd is not None
            return f"{closed.rcvd.code} {closed.rcvd.reason}"

    batches = metric(server.base_url, "ticketdesk_live_auth_batches_total")
    checked = metric(server.base_url, "ticketdesk_live_auth_tokens_total")
    attempts = [(expected, token) for expected, token in tokens.items() for _ in range(6)]
    with ThreadPoolExecutor(len(attempts)) as pool:
        got = list(pool.map(lambda case: outcome(case[1]), attempts))
    expected = [
        "hello" if want.startswith("hello:") else f"4401 {want}" for want, _ in attempts
    ]
    assert got == expected
    checked = metric(server.base_url, "ticketdesk_live_auth_tokens_total") - checked
    batches = metric(server.base_url, "ticketdesk_live_auth_batches_total") - batches
    assert checked == len(attempts)
    assert batches < checked  # gathered, not one by one


def test_a_batch_is_one_query_with_the_verdicts_of_the_single_check(org, tokens, pg_url: str):
    engine = make_engine(pg_url, pool_size=2)
    with engine.connect():
        pass  # the dialect's own first queries, before counting
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, sql, *args: statements.append(sql))
    sessions = make_sessionmaker(engine)
    batcher = TokenBatcher(sessions, window_seconds=0.05)
    cases = list(tokens.items()) * 3

    async def all_at_once() -> list[object]:
        return await asyncio.gather(
            *(batcher.authenticate(token, "127.0.0.1") for _, token in cases),
            return_exceptions=True,
        )

    try:
        verdicts = asyncio.run(all_at_once())
        batched = list(statements)
        singles: list[object] = []
        for _, token in cases:
            with sessions() as session:
                try:
                    singles.append(auth.authenticate(session=session, token=token,
                                                     source="127.0.0.1"))
                except Unauthorized as exc:
                    singles.append(exc)
    finally:
        engine.dispose()
    assert batcher.batches == 1 and batcher.tokens == len(cases)
    selects = [s for s in batched if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, batched  # sessions with their users; those users' memberships
    assert "sessions" in selects[0] and "memberships" in selects[1]
    for (want, _), verdict, single in zip(cases, verdicts, singles, strict=True):
        if want.startswith("hello:"):
            assert verdict == single and verdict.user_id == org.users[want[6:]]  # type: ignore[union-attr]
        else:
            assert isinstance(verdict, Unauthorized) and isinstance(single, Unauthorized)
            assert (verdict.code, str(verdict)) == (single.code, str(single)) == (
                want, str(single))
