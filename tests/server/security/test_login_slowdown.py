"""A password-guessing client is slowed down without slowing anybody else: the held-back
answers wait in the event loop, not in the worker threads every other request needs."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.support import Api, ServerProcess, raw_cursor

GUESSED = [f"ghost{n}" for n in range(4)]


def _earlier_failures(pg_url: str, per_username: int) -> None:
    with raw_cursor(pg_url) as cur:
        for name in GUESSED:
            for _ in range(per_username):
                cur.execute("INSERT INTO login_failures (username, address) "
                            "VALUES (%s, '10.0.0.9')", (name,))


def test_slowed_logins_do_not_hold_up_other_requests(admin, pg_url):
    # Two request threads: four held-back answers waiting in threads would stall everyone.
    server = ServerProcess(pg_url, env={"TICKETDESK_REQUEST_THREADS": "2",
                                        "TICKETDESK_LOGIN_MAX_DELAY_SECONDS": "3"}).start()
    try:
        _earlier_failures(pg_url, per_username=7)  # the next failure is answered after 2 s
        api = Api(server.base_url, admin.token)
        assert api.get("/tickets").status_code == 200

        def guess(name: str) -> tuple[int, float]:
            start = time.perf_counter()
            r = httpx.post(f"{server.base_url}/api/v1/auth/login",
                           json={"username": name, "password": "wrong-guess-1"}, timeout=30)
            return r.status_code, time.perf_counter() - start

        with ThreadPoolExecutor(len(GUESSED)) as pool:
            guesses = [pool.submit(guess, name) for name in GUESSED]
            time.sleep(0.5)  # all four are now being held back
            start = time.perf_counter()
            meanwhile = [api.get("/tickets").status_code for _ in range(5)]
            elapsed = time.perf_counter() - start
            answers = [g.result() for g in guesses]
        assert meanwhile == [200] * 5
        assert elapsed < 1.0, f"other requests waited {elapsed:.2f}s behind the slowed logins"
        assert [status for status, _ in answers] == [401] * len(GUESSED)
        assert all(took >= 1.9 for _, took in answers), answers  # still slowed down
    finally:
        server.stop()
