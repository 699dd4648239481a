"""Idempotent intake: one submission makes one ticket however often it is sent, a key is not
reused for another ticket, a key still in flight is said so; external references."""

from __future__ import annotations

import threading

import httpx

from tests.conftest import VALID_REFUND_FIELDS
from tests.support import raw_cursor

SUBMISSION_LOCK_SPACE = 0x7D5F


def _body(**extra):
    return {"type": "refund", "title": "来电退款", "fields": dict(VALID_REFUND_FIELDS), **extra}


def test_the_same_key_with_another_body_is_refused(org, refused):
    hl1 = org.as_("hl1")
    first = hl1.post("/tickets", _body(), headers={"Idempotency-Key": "call-1"})
    assert first.status_code == 201
    error = refused(hl1, "POST", "/tickets", _body(title="另一件事"),
                    headers={"Idempotency-Key": "call-1"}, status=422,
                    code="idempotency_key_reused")
    assert error["details"]["ticket_id"] == first.json()["id"]
    again = hl1.post("/tickets", _body(), headers={"Idempotency-Key": "call-1"})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


def test_a_key_still_in_flight_is_answered_409(org, pg_url):
    hl1 = org.as_("hl1")
    # A first request with this key, still running: it holds the key's lock.
    with raw_cursor(pg_url) as cur:
        cur.execute("SELECT pg_advisory_lock(%s, hashtext(%s))",
                    (SUBMISSION_LOCK_SPACE, f"{org.users['hl1']}:call-2"))
        r = hl1.post("/tickets", _body(), headers={"Idempotency-Key": "call-2"})
        assert r.status_code == 409 and r.json()["error"]["code"] == "idempotency_key_in_flight"
        assert hl1.ok("GET", "/tickets")["data"] == []
    r = hl1.post("/tickets", _body(), headers={"Idempotency-Key": "call-2"})
    assert r.status_code == 201


def test_twenty_concurrent_submissions_make_one_ticket(org):
    token = org.as_("hl1").token
    statuses: list[int] = []
    ids: set[int] = set()
    start = threading.Barrier(20)

    def submit() -> None:
        with httpx.Client(timeout=30) as http:
            start.wait()
            r = http.post(f"{org.base_url}/api/v1/tickets", json=_body(),
                          headers={"Authorization": f"Bearer {token}",
                                   "Idempotency-Key": "call-storm"})
            statuses.append(r.status_code)
            if r.status_code in (200, 201):
                ids.add(r.json()["id"])

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {200, 201, 409}, statuses
    assert len(ids) == 1
    assert [t["id"] for t in org.as_("sup").ok("GET", "/tickets")["data"]] == list(ids)


def test_one_reference_sent_twenty_times_at_once_makes_one_ticket(org):
    """The losers of the race on (source, external_id) are run again and find the winner:
    each is answered with the one ticket, none with an error."""
    token = org.as_("hl1").token
    answers: list[tuple[int, int | None]] = []
    start = threading.Barrier(20)

    def submit() -> None:
        with httpx.Client(timeout=30) as http:
            start.wait()
            r = http.post(f"{org.base_url}/api/v1/tickets",
                          json=_body(source="pbx", external_id="storm.1"),
                          headers={"Authorization": f"Bearer {token}"})
            answers.append((r.status_code, r.json().get("id")))

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * 19 + [201], statuses
    assert len({ticket_id for _, ticket_id in answers}) == 1
    assert len(org.as_("sup").ok("GET", "/tickets?source=pbx&external_id=storm.1")["data"]) == 1


def test_an_external_reference_makes_one_ticket_and_finds_it(org, refused):
    hl1 = org.as_("hl1")
    first = hl1.post("/tickets", _body(source="pbx", external_id="1701234567.42"))
    assert first.status_code == 201
    ticket = first.json()
    assert (ticket["source"], ticket["external_id"]) == ("pbx", "1701234567.42")
    # the PBX sends the call again (no idempotency key): the first ticket, not a new one
    again = hl1.post("/tickets", _body(title="重复", source="pbx", external_id="1701234567.42"))
    assert again.status_code == 200 and again.json()["id"] == ticket["id"]
    assert again.headers["existing-reference"] == "true"
    # unique per source: the chat system may use the same id for its own session
    chat = hl1.post("/tickets", _body(source="chat", external_id="1701234567.42"))
    assert chat.status_code == 201 and chat.json()["id"] != ticket["id"]
    sup = org.as_("sup")
    found = sup.ok("GET", "/tickets?source=pbx&external_id=1701234567.42")["data"]
    assert [t["id"] for t in found] == [ticket["id"]]
    by_q = {t["id"] for t in sup.ok("GET", "/tickets?q=1701234567.42")["data"]}
    assert by_q == {ticket["id"], chat.json()["id"]}
    refused(hl1, "POST", "/tickets", _body(source="pbx"), status=422)
    refused(hl1, "POST", "/tickets", _body(source="PBX hall", external_id="x"), status=422)
    # someone who may not see the first ticket learns only that the reference is taken
    refused(org.as_("hl2"), "POST", "/tickets", _body(group="热线", source="pbx",
                                                       external_id="1701234567.42"),
            status=409, code="external_reference_taken")


def test_the_answer_to_a_creation_is_the_ticket_as_stored(org):
    """The new ticket and its events are written in one statement and answered from what
    was written: the answer must be what reading the ticket back gives, event for event."""
    hl1 = org.as_("hl1")
    made = hl1.post("/tickets", _body(order_no="SO-4711", priority="urgent"))
    assert made.status_code == 201
    answered = made.json()
    stored = hl1.ok("GET", f"/tickets/{answered['id']}")
    assert answered == stored
    assert [e["kind"] for e in answered["events"]][:2] in (["created", "queued"],
                                                           ["created", "held"])
    assert [e["id"] for e in answered["events"]] == sorted(e["id"] for e in answered["events"])
