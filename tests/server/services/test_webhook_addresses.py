"""The SSRF guard: receivers must be public unless the configuration allows a network, and
the address an attempt connects to is checked again (a name may resolve elsewhere later)."""

from __future__ import annotations

import asyncio

import pytest

from tests.webhook_receiver import Receiver
from ticketdesk.server.services.webhooks import addresses
from ticketdesk.server.services.webhooks.queue import Attempt
from ticketdesk.server.webhooks import http1, sender

LOOPBACK = addresses.networks(["127.0.0.0/8", "::1/128"])


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8470/", "http://localhost/hook", "http://[::1]/", "http://127.8.9.10/",
    "http://[::ffff:127.0.0.1]/",
])
def test_loopback_is_refused_unless_allowed(url):
    with pytest.raises(addresses.RefusedAddress, match="loopback"):
        addresses.resolve(url, ())
    assert addresses.resolve(url, LOOPBACK).address.is_loopback or (
        addresses.resolve(url, LOOPBACK).address.ipv4_mapped is not None)


def test_an_allowed_private_network_and_nothing_beyond_it():
    office = addresses.networks(["10.20.0.0/16"])
    assert str(addresses.resolve("https://10.20.1.5/hook", office).address) == "10.20.1.5"
    with pytest.raises(addresses.RefusedAddress, match="private"):
        addresses.resolve("https://10.21.1.5/hook", office)
    assert addresses.why_refused(addresses.resolve("http://93.184.215.14/", ()).address) is None


def test_an_attempt_to_a_refused_address_sends_nothing():
    """What registration allowed, the attempt checks again against what it connects to:
    a server whose configuration no longer allows loopback sends the receiver nothing."""
    r = Receiver().start()
    try:
        attempt = Attempt(delivery_id=1, endpoint_id=1, url=r.url, secrets=(
            "whsec_" + "A" * 43 + "=",), msg_id="msg_1", body="{}", attempt=1, ticket_id=None)

        async def go(allowed: tuple[addresses.Network, ...]) -> object:
            pool = http1.Pool(1)
            try:
                return await sender.send(pool, attempt, timeout=5, allowed=allowed)
            finally:
                pool.close()

        refused = asyncio.run(go(()))
        assert not refused.ok and "refused" in refused.error and "loopback" in refused.error
        assert r.snapshot() == []
        sent = asyncio.run(go(LOOPBACK))
        assert sent.ok is False and sent.status == 401  # it arrived (the test secret differs)
        assert len(r.snapshot()) == 1
    finally:
        r.stop()


def test_retry_after_in_seconds_or_as_a_date():
    assert sender.retry_after("120", 0) == 120
    assert sender.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10
    assert sender.retry_after("soon", 0) is None
