"""/metrics in Prometheus's own format, read back with its own parser; figures move with work."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support import ServerProcess


def scrape(base_url: str, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = httpx.get(f"{base_url}/metrics", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_counters_move_when_work_happens(org, server) -> None:
    before = scrape(server.base_url)
    org.new_ticket("hl1")  # 售后 has no one online: the ticket waits in its queue
    after = scrape(server.base_url)
    created = dict(route="/api/v1/tickets", method="POST", status="201")
    assert value(after, "ticketdesk_http_requests_total", **created) == (
        value(before, "ticketdesk_http_requests_total", **created) + 1
    )
    assert value(
        after, "ticketdesk_http_request_duration_seconds_count",
        route="/api/v1/tickets", method="POST",
    ) >= 1
    assert value(after, "ticketdesk_tickets_waiting", group="售后", status="queued") == 1
    assert value(after, "ticketdesk_tickets", status="queued") == 1
    assert value(after, "ticketdesk_database_up") == 1

    # A supervisor's assignment is counted under its rule.
    ticket = org.new_ticket("hl1")
    org.as_("sup").ok("POST", f"/tickets/{ticket['id']}/assign", {"agent": org.users["as1"]})
    final = scrape(server.base_url)
    assert value(final, "ticketdesk_assignments_total", rule="manual") == (
        value(after, "ticketdesk_assignments_total", rule="manual") + 1
    )


def test_no_ids_or_people_become_labels(org, server) -> None:
    ticket = org.new_ticket("hl1")
    org.as_("hl1").request("GET", f"/tickets/{ticket['id']}")
    org.as_("hl1").request("GET", "/tickets/999999")
    samples = scrape(server.base_url)
    routes = {dict(labels).get("route") for (_, labels) in samples}
    assert "/api/v1/tickets/{ticket_id}" in routes
    segments = {part for r in routes if r for part in r.split("/")}
    assert str(ticket["id"]) not in segments and "999999" not in segments
    for (_, labels) in samples:
        assert not {"user", "agent", "username"} & set(dict(labels))


def test_a_metrics_token_keeps_strangers_out(pg_url: str) -> None:
    server = ServerProcess(pg_url, env={"TICKETDESK_METRICS_TOKEN": "s3cret-metrics"}).start()
    try:
        refused = httpx.get(f"{server.base_url}/metrics", timeout=10)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "metrics_token_required"
        assert scrape(server.base_url, authorization="Bearer s3cret-metrics")
    finally:
        server.stop()


def test_health_says_the_migration_level_and_ready_says_whether_to_send_traffic(server) -> None:
    health = httpx.get(f"{server.base_url}/healthz", timeout=10).json()
    assert health["migrated"] is True and health["migration"] == health["migration_head"]
    ready = httpx.get(f"{server.base_url}/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json() == {"ready": True, "reasons": []}


def test_a_pushed_event_is_timed_stage_by_stage(org, server) -> None:
    """An operator asking "why are pushes late" reads where they wait: the reader, the
    database, the hand-over to the event loop, the send — and the loop's own lag."""
    from tests.server.live.test_live import events_until, live

    before = scrape(server.base_url)
    with live(org.as_("as1")) as ws:
        events_until(ws, lambda m: m["type"] == "hello")
        ticket = org.new_ticket("hl1")
        events_until(ws, lambda m: m["type"] == "event"
                     and m["event"]["ticket_id"] == ticket["id"])
    after = scrape(server.base_url)
    for stage in ("wait", "read", "handoff", "send", "total"):
        count = "ticketdesk_live_push_seconds_count"
        assert value(after, count, stage=stage) > value(before, count, stage=stage), stage
    # the whole is no shorter than its last part
    assert value(after, "ticketdesk_live_push_seconds_sum", stage="total") >= value(
        after, "ticketdesk_live_push_seconds_sum", stage="send")
    assert value(after, "ticketdesk_event_loop_lag_seconds_count") > 0
