"""KPIs from the record: counts per group and per agent, durations, backlog."""

from datetime import UTC, datetime, timedelta

import pytest


def period():
    now = datetime.now(UTC)
    return ((now - timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
            (now + timedelta(hours=1)).isoformat().replace("+00:00", "Z"))


@pytest.fixture
def worked(org):
    """Five tickets into 售后: two resolved by as1, one transferred to 热线, one lapsed
    offer reassigned by a supervisor, one still waiting."""
    as1, sup = org.as_("as1"), org.as_("sup")
    ids = [org.new_ticket()["id"] for _ in range(5)]
    for tid in ids[:2]:
        as1.ok("POST", f"/tickets/{tid}/accept")
        as1.ok("POST", f"/tickets/{tid}/resolve")
    as1.ok("POST", f"/tickets/{ids[2]}/transfer", {"group": "热线", "note": "转热线"})
    sup.ok("POST", f"/tickets/{ids[3]}/assign", {"agent": "as2"})
    return ids


def test_group_kpis(org, worked):
    start, end = period()
    report = org.as_("sup").ok("GET", f"/kpis?from={start}&to={end}")
    rows = {r["name"]: r for r in report["rows"]}
    after_sales, hotline = rows["售后"], rows["热线"]
    assert after_sales["created"] == 5 and hotline["created"] == 0
    assert after_sales["accepted"] == 2 and after_sales["resolved"] == 2
    assert after_sales["assigned"] == 3  # two taken by as1, one by hand to as2
    assert (after_sales["transferred_out"], hotline["transferred_in"]) == (1, 1)
    assert after_sales["backlog"] == 2 and hotline["backlog"] == 1  # waiting + offered; moved
    assert after_sales["handling_avg_seconds"] >= 0
    assert after_sales["first_response_avg_seconds"] >= 0
    assert after_sales["backlog_oldest_seconds"] >= 0


def test_agent_kpis_and_group_filter(org, worked):
    start, end = period()
    report = org.as_("sup").ok(
        "GET", f"/kpis?from={start}&to={end}&by=agent&group={org.groups['售后']}")
    rows = {r["name"]: r for r in report["rows"]}
    assert set(rows) == {"AS1", "AS2"}
    assert (rows["AS1"]["accepted"], rows["AS1"]["resolved"], rows["AS1"]["assigned"]) == (2, 2, 2)
    assert rows["AS1"]["transferred_out"] == 1
    assert (rows["AS2"]["assigned"], rows["AS2"]["backlog"]) == (1, 1)


def test_a_period_before_any_work_is_all_zero(org, worked):
    report = org.as_("sup").ok("GET", "/kpis?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z")
    for row in report["rows"]:
        assert row["created"] == row["resolved"] == row["assigned"] == 0


def test_kpis_are_for_supervisors_and_need_a_sane_period(org, refused):
    start, end = period()
    refused(org.as_("as1"), "GET", f"/kpis?from={start}&to={end}", status=403)
    refused(org.as_("sup"), "GET", f"/kpis?from={end}&to={start}", status=422)
    refused(org.as_("sup"), "GET", "/kpis?from=2026-01-01T00:00:00&to=2026-02-01T00:00:00Z",
            status=422)
    refused(org.as_("sup"), "GET", f"/kpis?from={start}&to={end}&by=planet", status=422)
