"""GET /tickets/export: the rows the paged search lists for the same filters and the same
caller, streamed as NDJSON with a header (columns, total) and an end line; bad input and
missing permissions refused before anything is streamed."""

from __future__ import annotations

import gc
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.server.api.test_api_keys import as_key, make_key
from tests.support import Api
from ticketdesk.common import limits
from ticketdesk.common.models import TICKET_EXPORT_COLUMNS
from ticketdesk.server.api.routes.exports import ExportSlots, holding
from ticketdesk.server.services.errors import Busy


def _export(client: Api, params: dict[str, Any] | None = None) -> tuple[dict, list[list], dict]:
    """The header, the rows and the end line of one export."""
    response = client.get("/tickets/export", params=params or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    header, rows, end = lines[0], lines[1:-1], lines[-1]
    assert response.headers["x-total-count"] == str(header["total"])
    return header, rows, end


def _paged(client: Api, params: dict[str, Any] | None = None) -> list[list]:
    """What the screen lists for the same filters, page by page, as export rows."""
    rows, cursor = [], None
    while True:
        page = client.get("/tickets", params={**(params or {}), "limit": 2,
                                              **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        rows += [[t[c] for c in TICKET_EXPORT_COLUMNS] for t in body["data"]]
        if not (cursor := body["next_cursor"]):
            return rows


@pytest.fixture
def tickets(org) -> dict[str, list[dict]]:
    hotline = [org.new_ticket("hl1", title=t, group="热线")
               for t in ("=HYPERLINK(\"x\") 退款", "快递丢件 \"破损\"\n第二行", "发票\t抬头")]
    hotline.append(org.new_ticket("hl1", title="订单号查询", group="热线",
                                  fields={"order_no": "TD2002", "amount": 5, "reason": "其他"}))
    after_sales = [org.new_ticket("as1", title="换货 a\\b", group="售后") for _ in range(2)]
    sup = org.as_("sup")
    sup.ok("POST", f"/tickets/{after_sales[0]['id']}/assign", {"agent": org.users["as2"]})
    return {"热线": hotline, "售后": after_sales}


def test_streamed_rows_are_the_paged_searchs_rows_for_each_filter(org, tickets) -> None:
    sup = org.as_("sup")
    now = datetime.now(UTC)
    filters: list[dict[str, Any]] = [
        {},
        {"group": [org.groups["热线"]]},
        {"status": ["assigned"]},
        {"status": ["queued", "assigned"], "group": [org.groups["售后"]]},
        {"assignee": org.users["as2"]},
        {"assignee": "none"},
        {"q": "退款"},
        {"q": f"#{tickets['售后'][1]['id']}"},
        {"order_no": "TD2002"},
        {"created_from": (now - timedelta(hours=1)).isoformat(),
         "created_to": (now + timedelta(hours=1)).isoformat()},
        {"created_to": (now - timedelta(days=1)).isoformat()},  # nothing
    ]
    for params in filters:
        header, rows, end = _export(sup, params)
        assert header == {"columns": list(TICKET_EXPORT_COLUMNS), "total": len(rows)}, params
        assert end == {"end": True, "rows": len(rows)}, params
        assert rows == _paged(sup, params), params
    everything = _export(sup)[1]
    assert [r[0] for r in everything] == sorted((t["id"] for g in tickets.values() for t in g),
                                                reverse=True)  # newest first
    # Values as the ticket itself says them (the titles' quotes, tabs and newlines intact).
    made = {t["id"]: t for g in tickets.values() for t in g}
    for row in everything:
        values = dict(zip(TICKET_EXPORT_COLUMNS, row, strict=True))
        for column in ("title", "group_id", "order_no", "created_at"):
            assert values[column] == made[row[0]][column]
    assert _export(sup, {"assignee": org.users["as2"]})[1][0][2:5] == [
        "assigned", org.groups["售后"], org.users["as2"]]


def test_callers_export_only_what_they_may_see(org, tickets) -> None:
    hotline = sorted((t["id"] for t in tickets["热线"]), reverse=True)
    after_sales = sorted((t["id"] for t in tickets["售后"]), reverse=True)
    hl2 = org.as_("hl2")  # a member of 热线 who made none of them
    assert [r[0] for r in _export(hl2)[1]] == hotline == [r[0] for r in _paged(hl2)]
    as2 = org.as_("as2")
    assert [r[0] for r in _export(as2)[1]] == after_sales
    assert _export(as2, {"group": [org.groups["热线"]]})[1] == []  # asked for, still not seen
    reader = as_key(org, make_key(org, ["tickets:read"]))  # a reading key sees every ticket
    assert [r[0] for r in _export(reader)[1]] == sorted(hotline + after_sales, reverse=True)
    # Refused as the search refuses them: a key that only creates tickets, or reads events;
    # no token at all.
    for refused in (as_key(org, make_key(org, ["tickets:write"], account="webform")),
                    as_key(org, make_key(org, ["events:read"], account="bi")),
                    Api(org.base_url)):
        response = refused.get("/tickets/export")
        assert response.status_code in (401, 403), response.text
        assert set(response.json()["error"]) == {"code", "message", "details"}
        assert refused.get("/tickets").status_code == response.status_code


BAD_FILTERS = [
    ({"status": "lost"}, "status"),
    ({"group": "1_000"}, "group"),
    ({"group": "0"}, "group"),
    ({"assignee": "someone"}, "assignee"),
    ({"created_from": "2026-12-01T00:00:00"}, "created_from"),  # no timezone
    ({"q": "x" * 201}, "q"),
    ({"priority": "now"}, "priority"),
]


def test_bad_filters_are_refused_before_anything_streams(org) -> None:
    sup = org.as_("sup")
    for params, field in BAD_FILTERS:  # (one test: each case costs milliseconds, an org seconds)
        response = sup.get("/tickets/export", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/json")
        assert field in response.text
        assert set(response.json()["error"]) == {"code", "message", "details"}
        assert sup.get("/tickets", params=params).status_code == 422  # as the search says


def test_exports_give_their_slot_back(org, tickets) -> None:
    sup = org.as_("sup")
    for _ in range(limits.EXPORTS_AT_ONCE + 2):  # refused or streamed, each frees its slot
        assert sup.get("/tickets/export", params={"status": "lost"}).status_code == 422
        assert _export(sup)[2]["rows"] == 6
    slots = ExportSlots(size=1)
    slot = slots.take()
    with pytest.raises(Busy) as busy:
        slots.take()
    assert busy.value.code == "too_many_exports" and busy.value.retry_after > 0
    slot.give_back()
    slot.give_back()  # its end noticed twice: still one place back, not two
    slot = slots.take()
    with pytest.raises(Busy):
        slots.take()
    slot.give_back()

    async def never_run():
        yield b""

    # A stream dropped without ever running (its request failed to commit, its client left
    # before the first byte) gives its slot back too.
    stream = holding(slots.take(), never_run())
    with pytest.raises(Busy):
        slots.take()
    del stream
    gc.collect()
    slots.take()
