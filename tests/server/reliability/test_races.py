"""Concurrent requests on the same names, a stale cached identity, and a real deadlock:
each answers in the error shape (201/200 or 409/403), never a 500 or "database unavailable"."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import psycopg2

from tests.support import PASSWORD, libpq_url, raw_cursor

N = 20


def _all_at_once(count: int, call: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """``count`` calls released at the same instant from their own threads."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def worker(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call(i)
        except Exception as exc:  # recorded, so the assertion shows it
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@contextmanager
def _held_back(pg_url: str, table: str, changes: str, waiters: int) -> Iterator[None]:
    """Make the race certain: while the calls run, our own transaction holds an uncommitted
    row with the contested name, so every call finds the name free and then waits at its
    INSERT on the unique index. Once ``waiters`` of them wait, we roll back: one INSERT
    proceeds, the others collide with it — the lost race, every time."""
    conn = psycopg2.connect(libpq_url(pg_url))
    try:
        cur = conn.cursor()
        cur.execute(f"CREATE TEMP TABLE copy AS SELECT * FROM {table} LIMIT 1")
        cur.execute(f"UPDATE copy SET {changes}")
        cur.execute(f"INSERT INTO {table} SELECT * FROM copy")
        done = threading.Event()

        def release() -> None:
            with raw_cursor(pg_url) as watch:
                # Well inside the server's lock_timeout (10 s), however slow the machine is.
                deadline = time.monotonic() + 4
                while _waiting_backends(watch) < waiters and time.monotonic() < deadline:
                    time.sleep(0.02)
            conn.rollback()
            done.set()

        releaser = threading.Thread(target=release)
        releaser.start()
        yield
        releaser.join(30)
        assert done.is_set()
    finally:
        conn.close()


def _statuses(results: list[Any]) -> Counter[int]:
    for r in results:
        assert isinstance(r, httpx.Response), r
        assert r.status_code < 500, r.text
        if r.status_code >= 400:
            body = r.json()
            assert set(body) == {"error"} and body["error"]["code"], body
    return Counter(r.status_code for r in results)


def _client(org) -> Callable[[str, str, Any], httpx.Response]:
    token = org.admin.token

    def call(method: str, path: str, body: Any) -> httpx.Response:
        with httpx.Client(base_url=f"{org.base_url}/api/v1", timeout=60) as http:
            return http.request(method, path, json=body,
                                headers={"Authorization": f"Bearer {token}"})

    return call


def test_twenty_simultaneous_creates_of_one_group_name(org, pg_url):
    call = _client(org)
    with _held_back(pg_url, "groups", "id = 9999, name = '同名组'", waiters=10):
        results = _all_at_once(N, lambda i: call("POST", "/groups", {"name": "同名组"}))
    assert _statuses(results) == {201: 1, 409: N - 1}
    assert {r.json()["error"]["code"] for r in results if r.status_code == 409} == {
        "group_name_taken"}
    names = [g["name"] for g in org.admin.ok("GET", "/groups")]
    assert names.count("同名组") == 1


def test_simultaneous_creates_of_one_type_key_and_one_username(org, pg_url):
    call = _client(org)
    with _held_back(pg_url, "ticket_types", "id = 9999, key = 'same_key'", waiters=6):
        results = _all_at_once(
            N // 2, lambda i: call("POST", "/ticket-types", {"key": "same_key", "name": f"T{i}"}))
    assert _statuses(results) == {201: 1, 409: N // 2 - 1}
    results = _all_at_once(N // 2, lambda i: call(
        "POST", "/users", {"username": "twin", "display_name": f"T{i}", "password": PASSWORD}))
    assert _statuses(results) == {201: 1, 409: N // 2 - 1}


def test_simultaneous_first_puts_of_an_order_and_of_a_membership(org, pg_url):
    call = _client(org)
    org.as_("sup").ok("PUT", "/orders/OLD0001", {}, status=201)  # a row to copy
    with _held_back(pg_url, "orders", "order_no = 'NEW0001'", waiters=6):
        results = _all_at_once(
            N // 2, lambda i: call("PUT", "/orders/NEW0001", {"status": f"s{i}"}))
    statuses = _statuses(results)
    assert statuses[201] == 1 and statuses[201] + statuses[200] == N // 2, statuses
    user = org.admin.ok("POST", "/users", {"username": "newbie", "display_name": "N",
                                           "password": PASSWORD}, status=201)
    group = org.groups["售后"]
    with _held_back(pg_url, "memberships",
                    f"group_id = {group}, user_id = {user['id']}", waiters=6):
        results = _all_at_once(N // 2, lambda i: call(
            "PUT", f"/groups/{group}/members/{user['id']}", {"capacity": i + 1}))
    assert set(_statuses(results)) <= {200, 409}
    members = org.admin.ok("GET", f"/groups/{group}/members")
    assert [m["user_id"] for m in members].count(user["id"]) == 1


def test_a_member_removed_a_moment_ago_gets_403_not_500(org, pg_url, refused):
    ticket = org.new_ticket(creator="sup", group="热线")  # agents offline: it waits queued
    assert ticket["status"] == "queued"
    hl1 = org.as_("hl1")
    hl1.ok("GET", "/me")  # hl1's identity (with 热线) is now cached by the server
    # Removed by another server process (or the CLI): this one's cache has not heard yet.
    with raw_cursor(pg_url) as cur:
        cur.execute("DELETE FROM memberships WHERE group_id = %s AND user_id = %s",
                    (org.groups["热线"], org.users["hl1"]))
    refused(hl1, "POST", f"/tickets/{ticket['id']}/accept", {}, status=403, code="not_a_member")


def _waiting_backends(cur) -> int:
    cur.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'ticketdesk%' "
                "AND wait_event_type = 'Lock'")
    return cur.fetchone()[0]


def test_a_real_deadlock_is_retried_not_reported_as_unavailable(org, pg_url):
    """The comment route locks the ticket, then (inserting its event) the actor's user row.
    A transaction of our own takes them in the other order: PostgreSQL must kill one; with our
    deadlock_timeout long, it picks the request, whose unit of work is then run again."""
    ticket = org.new_ticket(creator="sup")
    sup_id = org.users["sup"]
    conn = psycopg2.connect(libpq_url(pg_url))
    watch = psycopg2.connect(libpq_url(pg_url))
    watch.autocommit = True
    result: dict[str, Any] = {}
    try:
        cur = conn.cursor()
        cur.execute("SET deadlock_timeout = '30s'")  # so the request's backend detects it
        cur.execute("SELECT 1 FROM users WHERE id = %s FOR UPDATE", (sup_id,))

        def comment() -> None:
            result["response"] = org.as_("sup").post(
                f"/tickets/{ticket['id']}/comments", {"body": "在死锁中"})

        thread = threading.Thread(target=comment)
        thread.start()
        deadline = time.monotonic() + 20
        with watch.cursor() as wcur:
            while _waiting_backends(wcur) == 0:
                assert time.monotonic() < deadline, "the request never waited on our lock"
                time.sleep(0.02)
            # The request holds the ticket row and waits for the user row; now we want the
            # ticket row: a cycle. The request is the victim (its deadlock_timeout is 1 s).
            cur.execute("SELECT 1 FROM tickets WHERE id = %s FOR UPDATE", (ticket["id"],))
        # Our statement got the row, so the request's first transaction was rolled back.
        conn.commit()
        thread.join(30)
    finally:
        conn.close()
        watch.close()
    response = result["response"]
    assert response.status_code == 201, response.text
    comments = [e for e in org.as_("sup").ok("GET", f"/tickets/{ticket['id']}")["events"]
                if e["kind"] == "commented"]
    assert len(comments) == 1  # the retried unit of work ran once to completion


def test_an_account_deactivated_a_moment_ago_cannot_come_back_online(org, pg_url, refused):
    hl1 = org.as_("hl1")
    hl1.ok("GET", "/me")  # hl1's identity is now cached by the server
    # Deactivated by another server process (or the CLI): this one's cache has not heard yet.
    with raw_cursor(pg_url) as cur:
        cur.execute("UPDATE users SET active = false, presence = 'offline' WHERE id = %s",
                    (org.users["hl1"],))
    refused(hl1, "PUT", "/me/presence", {"presence": "online"}, status=401,
            code="account_inactive")
    with raw_cursor(pg_url) as cur:
        cur.execute("SELECT presence FROM users WHERE id = %s", (org.users["hl1"],))
        assert cur.fetchone()[0] == "offline"
