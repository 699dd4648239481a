"""GET /events/export: the events the paged audit search lists for the same filters,
streamed as NDJSON (a header with columns and total, one array per event, an end line),
written as ``EventPublic`` writes them; bad filters and missing permissions refused before
anything streams. (The stream itself — slots, cut-offs, errors — is the ticket export's, and
tested there.)"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support import Api, direct_session
from ticketdesk.common.models import EVENT_EXPORT_COLUMNS
from ticketdesk.server.services import audit, event_export


def _export(client: Api, params: dict[str, Any] | None = None) -> tuple[dict, list[list], dict]:
    response = client.get("/events/export", params=params or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert response.headers["x-total-count"] == str(lines[0]["total"])
    return lines[0], lines[1:-1], lines[-1]


def _paged(client: Api, params: dict[str, Any] | None = None) -> list[list]:
    rows, cursor = [], None
    while True:
        page = client.get("/events", params={**(params or {}), "limit": 3,
                                             **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        rows += [[e[c] for c in EVENT_EXPORT_COLUMNS] for e in body["data"]]
        if not (cursor := body["next_cursor"]):
            return rows


@pytest.fixture
def record(org) -> dict[str, Any]:
    hotline = org.new_ticket("hl1", title="=HYPERLINK(\"x\") 退款", group="热线")
    sup = org.as_("sup")
    for body in ("@SUM(A1) 客户来电", "已回电\n第二行", "-2+3 减号开头"):
        sup.ok("POST", f"/tickets/{hotline['id']}/comments", {"body": body}, status=201)
    org.new_ticket("as1", title="换货", group="售后")
    org.admin.ok("PATCH", f"/groups/{org.groups['售后']}", {"accept_timeout_seconds": 45})
    return {"ticket": hotline}


def test_streamed_events_are_the_paged_searchs_for_each_filter(org, record) -> None:
    sup = org.as_("sup")
    for params in ({}, {"kind": ["commented"]}, {"ticket": record["ticket"]["id"]},
                   {"group": [org.groups["售后"]]}, {"subject": "admin"}, {"q": "客户来电"},
                   {"kind": ["resolved"]}):
        header, rows, end = _export(sup, params)
        assert header == {"columns": list(EVENT_EXPORT_COLUMNS), "total": len(rows)}, params
        assert rows == _paged(sup, params), params
        assert end == {"end": True, "rows": len(rows)}
    _, comments, _ = _export(sup, {"kind": ["commented"]})
    # Newest first, written as the event's wire model writes it (its data kept whole).
    assert [r[6]["body"] for r in comments] == [
        "-2+3 减号开头", "已回电\n第二行", "@SUM(A1) 客户来电"]
    assert {r[1] for r in comments} == {"commented"} and all(r[5].endswith("Z") for r in comments)


def test_an_export_longer_than_a_batch_reads_on_below_the_last_row(org, record, pg_url
                                                                   ) -> None:
    # The server runs in its own process: the batches are read here, three at a time,
    # against the same database, through the query the route streams.
    everything = _paged(org.as_("sup"))
    assert len(everything) > 7
    with direct_session(pg_url) as session:
        export = event_export.EventExport(audit.EventFilter())
        total, below = export.count(session)
        read: list[Any] = []
        while below is not None:
            rows = export.batch(session, below, size=3)
            if not rows:
                break
            read += rows
            below = export.after(rows)
    assert total == len(everything)
    assert [r[0] for r in read] == [r[0] for r in everything]


def test_bad_filters_and_missing_permissions_are_refused_before_streaming(org, record) -> None:
    sup = org.as_("sup")
    for params in ({"kind": "lost"}, {"created_from": "2026-11-01T00:00:00"}):
        response = sup.get("/events/export", params=params)
        assert response.status_code == 422, (params, response.text)
        assert "error" in response.json()
    response = org.as_("hl1").get("/events/export")
    assert response.status_code == 403 and response.json()["error"]["code"]
