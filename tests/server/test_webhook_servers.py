"""Webhook delivery across server processes on one database of its own: a restart loses
nothing, and two servers never send the same attempt twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import WEBHOOK_TEST_ENV, make_org
from tests.support import ServerProcess, database_url, make_admin, truncate_all
from tests.webhook_receiver import Receiver, wait_for

# An attempt's timeout makes the lease a killed server leaves (2 × timeout + 2 s); long
# enough that a stall on a busy machine is not taken for a failure and sent again (which
# "sent twice" would then count), short enough that the lease runs out within the test.
ENV = {**WEBHOOK_TEST_ENV, "TICKETDESK_WEBHOOK_TIMEOUT_SECONDS": "2",
       # A restart takes seconds on a busy machine: no message may run out of budget then.
       "TICKETDESK_WEBHOOK_RETRY_BUDGET_SECONDS": "120",
       "TICKETDESK_DISPATCH_TICK_SECONDS": "0.5"}


@pytest.fixture(scope="module")
def hooks_url() -> Iterator[str]:
    yield from database_url("ticketdesk_hooks")


@pytest.fixture(scope="module")
def first(hooks_url: str) -> Iterator[ServerProcess]:
    """One server for the module (starting one takes seconds); a test may restart it."""
    server = ServerProcess(hooks_url, env=ENV).start()
    yield server
    server.stop(kill=True)


def _org(server: ServerProcess, url: str) -> Any:
    truncate_all(url)
    return make_org(make_admin(server.base_url, url), server.base_url)


def _in_order(receiver: Receiver) -> dict[int, list[int]]:
    per_ticket: dict[int, list[int]] = {}
    for m in receiver.delivered():
        per_ticket.setdefault(m.body["data"]["ticket_id"], []).append(m.body["data"]["event_id"])
    return per_ticket


def test_a_server_killed_mid_retries_loses_nothing(first, hooks_url):
    a = first
    org = _org(a, hooks_url)
    down = {"yes": True}
    r = Receiver(status=lambda n: 503 if down["yes"] else 200).start()
    try:
        r.secret = org.admin.ok("POST", "/webhooks", {
            "url": r.url, "kinds": ["created", "commented"]}, status=201)["secret"]
        tickets = [org.new_ticket()["id"] for _ in range(3)]
        for t in tickets:
            org.admin.ok("POST", f"/tickets/{t}/comments", {"body": "一"}, status=201)
        wait_for(lambda: len(r.snapshot()) >= 4, what="failing attempts")
        a.stop(kill=True)  # mid-retry, some attempts leased: nothing of it is recorded
        a.start()
        down["yes"] = False
        org.admin.ok("POST", f"/tickets/{tickets[0]}/comments", {"body": "二"}, status=201)
        wait_for(lambda: len(r.delivered()) >= 7, what="every message after the restart")
        per_ticket = _in_order(r)
        assert sorted(per_ticket) == tickets
        assert [len(per_ticket[t]) for t in tickets] == [3, 2, 2]
        assert all(ids == sorted(ids) for ids in per_ticket.values())
        assert all(m.verified for m in r.delivered())
    finally:
        r.stop()


def test_two_servers_never_send_the_same_attempt_twice(first, hooks_url):
    org = _org(first, hooks_url)
    second = ServerProcess(hooks_url, env=ENV).start()  # on the same database, delivering too
    r = Receiver().start()
    try:
        r.secret = org.admin.ok("POST", "/webhooks", {
            "url": r.url, "kinds": ["created", "commented"]}, status=201)["secret"]
        tickets = [org.new_ticket()["id"] for _ in range(6)]
        for i in range(3):
            for t in tickets:
                org.admin.ok("POST", f"/tickets/{t}/comments", {"body": f"跟进{i}"}, status=201)
        wait_for(lambda: len(r.delivered()) >= 24, what="every message")
        ids = [m.msg_id for m in r.snapshot()]
        assert len(ids) == len(set(ids)) == 24, "a message was sent twice"
        assert all(ids == sorted(ids) for ids in _in_order(r).values())
    finally:
        r.stop()
        second.stop(kill=True)


def test_the_cli_registers_rotates_disables_and_removes(first, hooks_url, capsys,
                                                        monkeypatch):
    """``ticketdesk-server webhook …``, run in this process (a subprocess per command would
    cost seconds each) against the server's database while it runs."""
    from ticketdesk.server.cli import main

    def cli(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--database-url", hooks_url])
        out = capsys.readouterr()
        return code, out.out, out.err

    org = _org(first, hooks_url)
    r = Receiver().start()
    try:
        code, _, err = cli("webhook", "add", "http://10.0.0.7/hook")
        assert code == 1 and "private" in err
        for key, value in WEBHOOK_TEST_ENV.items():
            monkeypatch.setenv(key, value)
        code, out, err = cli("webhook", "add", r.url, "--kind", "created", "--group", "售后",
                             "--description", "CRM")
        assert code == 0, err
        r.secret = out.strip().splitlines()[-1]
        assert r.secret.startswith("whsec_")
        org.new_ticket()
        wait_for(lambda: r.delivered(), what="a message signed with the printed secret")
        assert r.delivered()[0].verified
        # The receiver has the message a moment before the sender records its answer.
        wait_for(lambda: "delivered 1" in cli("webhook", "list")[1],
                 what="the delivery recorded as delivered")
        listed = cli("webhook", "list")[1]
        assert f"[created; groups {org.groups['售后']}]" in listed and "delivered 1" in listed
        rotated = cli("webhook", "rotate-secret", "1")[1]
        assert rotated.strip().splitlines()[-1] not in (r.secret, "")
        assert "disabled (disabled by CLI" in cli("webhook", "disable", "1")[1]
        assert "ticket.created" in cli("webhook", "deliveries", "1")[1]
        assert cli("webhook", "remove", "1")[0] == 0
        assert cli("webhook", "list")[1].strip() == ""
    finally:
        r.stop()
