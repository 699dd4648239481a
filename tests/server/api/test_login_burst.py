"""A whole office logging in at once (the shift starts, the server was just restarted): every
login and every first request with the new token is answered, none with 503 or 500.

Before the fix, a burst of 50 logins deadlocked the server for 30 s: each login held a pooled
connection while waiting for a thread to commit on, while every thread waited for a connection."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.support import PASSWORD, raw_cursor
from ticketdesk.server.services import passwords

AGENTS = 50


def _seed_agents(pg_url: str) -> list[str]:
    passwords.use_profile("fast")
    digest = passwords.hash_password(PASSWORD)
    with raw_cursor(pg_url) as cur:
        cur.execute(
            "INSERT INTO users (username, display_name, role, password_hash, active, presence) "
            "SELECT 'burst' || a, 'burst' || a, 'agent', %s, true, 'offline' "
            "FROM generate_series(1, %s) a", (digest, AGENTS))
    return [f"burst{a}" for a in range(1, AGENTS + 1)]


async def _at_once(base_url: str, calls: list[tuple[str, str, dict]]) -> list[httpx.Response]:
    # Well under the server's old 30 s pool timeout: a regression fails here, not after it.
    limits = httpx.Limits(max_connections=len(calls))
    async with httpx.AsyncClient(base_url=f"{base_url}/api/v1", timeout=10,
                                 limits=limits) as http:
        return await asyncio.gather(*(
            http.request(method, path, **kwargs) for method, path, kwargs in calls))


def test_fifty_logins_at_once_all_succeed(server, pg_url):
    names = _seed_agents(pg_url)
    logins = asyncio.run(_at_once(server.base_url, [
        ("POST", "/auth/login", {"json": {"username": n, "password": PASSWORD}})
        for n in names]))
    assert Counter(r.status_code for r in logins) == {200: AGENTS}, [
        r.text for r in logins if r.status_code != 200][:3]
    assert sorted(r.json()["user"]["username"] for r in logins) == sorted(names)

    # Each token's first use is looked up in the database (nothing cached yet), then the
    # route runs: the lookup's connection must not be held while the route waits its turn.
    tokens = [r.json()["token"] for r in logins]
    first_use = asyncio.run(_at_once(server.base_url, [
        ("GET", "/me", {"headers": {"Authorization": f"Bearer {t}"}}) for t in tokens]))
    assert Counter(r.status_code for r in first_use) == {200: AGENTS}, [
        r.text for r in first_use if r.status_code != 200][:3]
    assert sorted(r.json()["username"] for r in first_use) == sorted(names)
