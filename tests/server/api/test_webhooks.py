"""Webhooks against the running server and real receivers on loopback that verify every
message with the ``standardwebhooks`` package, as an integrator's code would."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from tests.support import direct_session
from tests.webhook_receiver import Receiver, wait_for


@pytest.fixture
def receivers() -> Iterator[list[Receiver]]:
    made: list[Receiver] = []
    yield made
    for r in made:
        r.stop()


def _receiver(made: list[Receiver], **kw: Any) -> Receiver:
    r = Receiver(**kw).start()
    made.append(r)
    return r


def _register(org: Any, receiver: Receiver, **body: Any) -> dict[str, Any]:
    created = org.admin.ok("POST", "/webhooks", {"url": receiver.url, **body}, status=201)
    receiver.secret = created["secret"]
    return created


def _comment(org: Any, ticket_id: int, text: str) -> None:
    org.admin.ok("POST", f"/tickets/{ticket_id}/comments", {"body": text}, status=201)


def _events(org: Any, ticket_id: int) -> list[int]:
    return [e["id"] for e in org.admin.ok("GET", f"/tickets/{ticket_id}")["events"]]


def test_admin_registers_an_endpoint_and_gets_its_secret_once(org, receivers, refused):
    r = _receiver(receivers)
    created = _register(org, r, description="CRM", kinds=["created", "resolved"],
                        groups=[org.groups["售后"]])
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    assert created["kinds"] == ["created", "resolved"] and created["enabled"] is True
    listed = org.admin.ok("GET", "/webhooks")
    assert [w["id"] for w in listed] == [created["id"]]
    assert "secret" not in listed[0]
    changed = org.admin.ok("PATCH", f"/webhooks/{created['id']}",
                           {"enabled": False, "kinds": []})
    assert changed["enabled"] is False and changed["kinds"] == []
    assert "Admin" in changed["disabled_reason"]
    rotated = org.admin.ok("POST", f"/webhooks/{created['id']}/rotate-secret")
    assert rotated["secret"] != secret and rotated["previous_secret_until"]
    audit = org.admin.ok("GET", "/events?kind=webhook_created&kind=webhook_updated")["data"]
    assert sorted(e["kind"] for e in audit) == ["webhook_created", "webhook_updated",
                                                 "webhook_updated"]
    assert not any(secret in str(e) or rotated["secret"] in str(e) for e in audit)
    # Only admins; and bad input changes nothing.
    refused(org.as_("sup"), "GET", "/webhooks", status=403)
    refused(org.as_("hl1"), "POST", "/webhooks", {"url": r.url}, status=403)
    refused(org.admin, "POST", "/webhooks", {"url": r.url, "groups": [999]}, status=422,
            code="unknown_group")
    refused(org.admin, "POST", "/webhooks", {"url": r.url, "kinds": ["nonsense"]},
            status=422)
    refused(org.admin, "PATCH", f"/webhooks/{created['id'] + 1}", {"enabled": True},
            status=404)
    org.admin.ok("DELETE", f"/webhooks/{created['id']}", status=204)
    assert org.admin.ok("GET", "/webhooks") == []


INTERNAL = [
    "http://10.1.2.3/hook",  # private
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data",  # link-local: cloud metadata
    "http://[fe80::1]/hook",
    "http://0.0.0.0:8470/",  # unspecified
    "http://224.0.0.1/",  # multicast
    "http://[::ffff:10.0.0.1]/",  # a private IPv4 inside IPv6
    "ftp://127.0.0.1/hook",  # not http(s)
    "http://user:pw@127.0.0.1/hook",
    "http://no-such-host.invalid/hook",
]


def test_receivers_on_internal_addresses_are_refused(org, refused):
    for url in INTERNAL:
        body = refused(org.admin, "POST", "/webhooks", {"url": url}, status=422,
                       code="webhook_url_refused")
        assert body["details"]["field"] == "url", url


def test_signed_messages_arrive_in_order_per_ticket_after_failures(org, receivers):
    """The receiver fails its first four requests; everything still arrives, each ticket's
    messages in the order of its events, and every message verifies."""
    r = _receiver(receivers, status=lambda n: 500 if n < 4 else 200)
    hook = _register(org, r, kinds=["created", "commented"])
    only_after_sales = _receiver(receivers)
    _register(org, only_after_sales, kinds=["created"], groups=[org.groups["售后"]])
    tickets = [org.new_ticket()["id"] for _ in range(3)]
    for i in range(4):
        for t in tickets:
            _comment(org, t, f"第{i}次跟进")
    expected = 3 * 5
    wait_for(lambda: len(r.delivered()) >= expected, what="all messages delivered")
    delivered = r.delivered()
    assert len(delivered) == expected and all(m.verified for m in delivered)
    first_tries = [m for m in r.snapshot() if m.answered == 500]
    assert len(first_tries) == 4
    # The webhook-id of a failed attempt is the id the retry brought.
    assert {m.msg_id for m in first_tries} <= {m.msg_id for m in delivered}
    for t in tickets:
        ids = [m.body["data"]["event_id"] for m in delivered if m.body["data"]["ticket_id"] == t]
        assert ids == sorted(ids) and len(ids) == 5
        wanted = [e for e in _events(org, t)]
        assert set(ids) <= set(wanted)
    sample = delivered[0].body
    assert sample["type"] == "ticket.created" and sample["data"]["kind"] == "created"
    # The filtered endpoint had only the creations of its group's tickets.
    wait_for(lambda: len(only_after_sales.delivered()) >= 3, what="filtered deliveries")
    assert sorted(m.body["data"]["ticket_id"] for m in only_after_sales.delivered()) == tickets
    assert {m.body["type"] for m in only_after_sales.delivered()} == {"ticket.created"}
    # The receiver has a message a moment before the sender records its answer.
    path = f"/webhooks/{hook['id']}/deliveries?state=delivered&limit=100"
    wait_for(lambda: len(org.admin.ok("GET", path)["data"]) == expected,
             what="every delivery recorded")
    page = org.admin.ok("GET", path)
    retried = [d for d in page["data"] if d["attempts"] > 1]
    assert retried and all(d["last_status"] == 200 for d in retried)


def test_an_endpoint_that_hangs_does_not_delay_another(org, receivers):
    stuck = _receiver(receivers, hang=threading.Event())
    _register(org, stuck)
    healthy = _receiver(receivers)
    _register(org, healthy)
    for _ in range(3):
        t = org.new_ticket()["id"]
        _comment(org, t, "催办")
    wait_for(lambda: len(healthy.delivered()) >= 6, what="the healthy endpoint's messages")
    # Meanwhile the stuck one holds its first attempts, answered none.
    assert stuck.snapshot() and not stuck.delivered()


def test_a_poison_message_holds_up_only_its_own_ticket(org, receivers):
    """The receiver chokes on one message: its ticket's later messages wait behind it (in
    order), every other ticket's arrive."""
    choke = "接收方解析不了的内容"
    r = _receiver(receivers, poison=lambda body: choke in body.decode())
    _register(org, r, kinds=["commented"])
    bad = org.new_ticket()["id"]
    _comment(org, bad, choke)
    _comment(org, bad, "之后的跟进")
    good = [org.new_ticket()["id"] for _ in range(2)]
    for t in good:
        _comment(org, t, "正常")
        _comment(org, t, "正常二")
    hook = org.admin.ok("GET", "/webhooks")[0]

    def of(tickets: list[int]) -> list[Any]:
        return [m for m in r.delivered() if m.body["data"]["ticket_id"] in tickets]

    wait_for(lambda: len(of(good)) == 4, what="the other tickets' messages")
    # The poison was tried, and failed every time; the follow-up behind it was not sent
    # while the poison was still being tried: only once it was dead-lettered (the test
    # server's retry budget is 2.5 s, which a loaded machine may use up meanwhile).
    mine = [m for m in r.snapshot() if m.body["data"]["ticket_id"] == bad]
    tries = [i for i, m in enumerate(mine) if choke in m.raw.decode()]
    assert tries and all(mine[i].answered == 500 for i in tries)
    followed = [i for i, m in enumerate(mine) if choke not in m.raw.decode()]
    assert all(i > max(tries) for i in followed)
    if followed:
        dead = org.admin.ok("GET", f"/webhooks/{hook['id']}/deliveries?state=dead")["data"]
        assert [d["ticket_id"] for d in dead] == [bad]


def test_dead_letter_after_the_retry_budget_then_redeliver(org, receivers):
    """A receiver that redirects (a failure: redirects are not followed) until the budget
    runs out: dead-lettered with the last error; redelivered once it is fixed."""
    answer = {"status": 302}
    r = _receiver(receivers, status=lambda n: answer["status"],
                  headers=lambda n: {"location": "https://elsewhere.example/"})
    hook = _register(org, r, kinds=["created"])
    org.new_ticket()
    dead = wait_for(lambda: org.admin.ok(
        "GET", f"/webhooks/{hook['id']}/deliveries?state=dead")["data"], what="a dead letter")
    assert dead[0]["last_status"] == 302 and "redirect" in dead[0]["last_error"]
    assert dead[0]["attempts"] >= 3
    assert org.admin.ok("GET", f"/webhooks/{hook['id']}")["counts"]["dead"] == 1
    answer["status"] = 200
    assert org.admin.ok("POST", f"/webhooks/{hook['id']}/redeliver", {}) == {"redelivered": 1}
    wait_for(lambda: r.delivered(), what="the redelivered message")
    assert r.delivered()[0].msg_id == dead[0]["message_id"]
    assert {m.msg_id for m in r.snapshot()} == {dead[0]["message_id"]}


def test_410_gone_disables_the_endpoint(org, receivers):
    r = _receiver(receivers, status=lambda n: 410)
    hook = _register(org, r, kinds=["created"])
    org.new_ticket()
    wait_for(lambda: not org.admin.ok("GET", f"/webhooks/{hook['id']}")["enabled"],
             what="the endpoint disabled")
    shown = org.admin.ok("GET", f"/webhooks/{hook['id']}")
    assert "410" in shown["disabled_reason"]
    audit = org.admin.ok("GET", "/events?kind=webhook_updated")["data"]
    assert audit[0]["actor_name"] == "webhooks"
    org.new_ticket()  # nothing new is queued for a disabled endpoint
    assert len(r.snapshot()) == 1
    assert shown["counts"]["pending"] == 1  # what it had waits for it to be enabled again


def test_retry_after_is_honoured(org, receivers):
    r = _receiver(receivers, status=lambda n: 429 if n == 0 else 200,
                  headers=lambda n: {"retry-after": "1"} if n == 0 else {})
    _register(org, r, kinds=["created"])
    org.new_ticket()
    wait_for(lambda: r.delivered(), what="the retried message")
    first, second = r.snapshot()[:2]
    # Without Retry-After the test server retries after ~0.05 s.
    assert second.at - first.at >= 0.95
    assert second.msg_id == first.msg_id and second.timestamp >= first.timestamp


def test_during_a_rotation_messages_carry_both_signatures(org, receivers):
    r = _receiver(receivers)
    hook = _register(org, r, kinds=["created"])
    old = r.secret
    rotated = org.admin.ok("POST", f"/webhooks/{hook['id']}/rotate-secret")
    r.secret = rotated["secret"]
    org.new_ticket()
    wait_for(lambda: r.delivered(), what="a message")
    message = r.delivered()[0]
    assert message.verified and len(message.signature.split(" ")) == 2
    # A receiver not yet switched over verifies it with the old secret just the same.
    assert Webhook(old).verify(message.raw, message.headers) == message.body
    assert Webhook(rotated["secret"]).verify(message.raw, message.headers) == message.body


def test_a_claim_sees_the_endpoint_as_its_statement_does(org, receivers, pg_url):
    """The deliverer reads the enabled endpoints, then claims their due rows in a second
    statement; an endpoint disabled in between (a 410 recorded, an admin's PATCH) must not
    have its rows sent — the first CI run of the batched queue sent a 410'd message twice."""
    from datetime import timedelta

    from ticketdesk.server import clock
    from ticketdesk.server.services.webhooks import queue
    from ticketdesk.server.store.schema import WebhookDelivery

    r = _receiver(receivers, status=lambda n: 503)
    hook = _register(org, r, kinds=["created"])
    org.new_ticket()
    wait_for(lambda: r.snapshot(), what="the first attempt")
    with direct_session(pg_url) as session:
        stale = {e.id: e for e in queue.enabled_endpoints(session)}  # read while enabled
        session.expunge_all()
        session.commit()
    org.admin.ok("PATCH", f"/webhooks/{hook['id']}", {"enabled": False})
    with direct_session(pg_url) as session:
        wait_for(lambda: session.scalars(select(WebhookDelivery.state)).all() == ["pending"],
                 what="the row back in the queue")
        claimed = queue.claim(session, {hook["id"]: 5}, now=clock.now() + timedelta(hours=2),
                              policy=queue.Policy(), endpoints=stale)
        assert claimed.attempts == []
        assert session.scalars(select(WebhookDelivery.state)).all() == ["pending"]
