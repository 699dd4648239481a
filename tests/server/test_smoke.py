def test_ticket_roundtrip(org):
    t = org.new_ticket()
    assert t["status"] == "queued"
    assert t["group_id"] == org.groups["售后"]
    kinds = [e["kind"] for e in t["events"]]
    assert kinds == ["created", "queued"]
