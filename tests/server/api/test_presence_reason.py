"""A desktop client's own presence changes say why on the record; a bad reason changes
nothing."""

from __future__ import annotations


def test_an_automatic_away_is_recorded_with_its_reason(org) -> None:
    agent = org.as_("as1")
    agent.ok("PUT", "/me/presence", {"presence": "online"})
    agent.ok("PUT", "/me/presence", {"presence": "away", "reason": "idle"})
    agent.ok("PUT", "/me/presence", {"presence": "online", "reason": "back"})
    refused = agent.put("/me/presence", {"presence": "offline", "reason": "bored"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "validation_failed"
    assert agent.ok("GET", "/me")["presence"] == "online"
    page = org.admin.ok("GET", "/events?kind=presence_changed")
    steps = [(e["data"]["to"], e["data"].get("reason")) for e in page["data"]
             if e["data"].get("user_id") == org.users["as1"]]
    assert sorted(steps, key=str) == sorted(
        [("online", None), ("away", "idle"), ("online", "back")], key=str)


def test_a_reason_that_contradicts_the_presence_is_refused(org, refused) -> None:
    # "online, because idle" was accepted and recorded as such.
    agent = org.as_("as1")
    agent.ok("PUT", "/me/presence", {"presence": "online"})
    for presence, reason in [("online", "idle"), ("offline", "idle"), ("away", "back"),
                             ("offline", "back")]:
        error = refused(agent, "PUT", "/me/presence", {"presence": presence, "reason": reason},
                        status=422, code="validation_failed")
        assert [p["loc"] for p in error["details"]] == [["body", "reason"]], error
    # Every presence may still be chosen without a reason.
    for presence in ("away", "offline", "online"):
        assert agent.ok("PUT", "/me/presence", {"presence": presence})["presence"] == presence
