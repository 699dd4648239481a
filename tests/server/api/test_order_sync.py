"""Orders pushed by the order system (older writes never win), phone numbers compared in
E.164, and a caller's lookup."""

from __future__ import annotations

from tests.conftest import VALID_REFUND_FIELDS

ORDER = {
    "customer_name": "陈女士",
    "customer_phone": "021-6234 5678",
    "status": "已付款",
    "owner": "as1",
    "amount": 1299.0,
    "items": [{"sku": "AP-200", "name": "空气净化器", "quantity": 1, "price": 1299.0}],
}


def test_an_older_write_never_overwrites_newer_data(org, refused):
    sup = org.as_("sup")
    newer = sup.put("/orders/SO-1", json={**ORDER, "status": "已发货",
                                          "updated_at": "2026-12-01T10:00:00+08:00"})
    assert newer.status_code == 201
    body = newer.json()
    assert body["items"][0]["name"] == "空气净化器" and body["amount"] == 1299.0
    assert body["owner_id"] == org.users["as1"]
    assert body["customer_phone"] == "021-6234 5678"
    assert body["customer_phone_e164"] == "+862162345678"
    assert body["updated_at"] == "2026-12-01T02:00:00Z"
    # a delayed, older message arrives after the newer one
    older = sup.put("/orders/SO-1", json={**ORDER, "status": "已付款", "owner": None,
                                          "updated_at": "2026-12-01T09:00:00+08:00"})
    assert older.status_code == 200 and older.headers["stale-write"] == "ignored"
    assert older.json()["status"] == "已发货" and older.json()["owner_id"] == org.users["as1"]
    assert sup.ok("GET", "/orders/SO-1")["status"] == "已发货"
    later = sup.put("/orders/SO-1", json={**ORDER, "status": "已签收",
                                          "updated_at": "2026-12-01T11:00:00+08:00"})
    assert later.status_code == 200 and "stale-write" not in later.headers
    assert later.json()["status"] == "已签收"
    refused(sup, "PUT", "/orders/SO-1", {**ORDER, "amount": -1}, status=422)
    refused(sup, "PUT", "/orders/SO-1", {**ORDER, "items": [{"name": "x", "colour": "red"}]},
            status=422)
    refused(sup, "PUT", "/orders/SO-1", {**ORDER, "updated_at": "2026-12-01T11:00:00"},
            status=422)


FORMATS = ("021-6234 5678", "+86 21 62345678", "862162345678", "0086 21 6234 5678",
           "021/62345678")


def test_a_caller_is_found_however_the_number_is_written(org, refused):
    sup = org.as_("sup")
    sup.ok("PUT", "/orders/SO-2", {**ORDER, "customer_phone": "(021) 6234-5678"}, status=201)
    sup.ok("PUT", "/orders/SO-3", {**ORDER, "customer_phone": "+86 21 6234 5678",
                                   "status": "已签收"}, status=201)
    sup.ok("PUT", "/orders/SO-9", {**ORDER, "customer_phone": "138 0013 8000"}, status=201)
    by_order = org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": "SO-2"})
    by_phone = org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": "OTHER-1",
                                             "phone": "862162345678"})
    done = org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": "SO-3"})
    org.as_("sup").ok("POST", f"/tickets/{done['id']}/resolve")  # not open: not listed
    other = org.new_ticket("hl1", fields={**VALID_REFUND_FIELDS, "order_no": "SO-9"})
    for raw in FORMATS:
        found = sup.get("/lookup", params={"phone": raw}).json()
        assert found["phone_e164"] == "+862162345678", raw
        assert {o["order_no"] for o in found["orders"]} == {"SO-2", "SO-3"}, raw
        assert [t["id"] for t in found["open_tickets"]] == [by_phone["id"], by_order["id"]], raw
    by_no = sup.ok("GET", "/lookup?order_no=SO-9")
    assert [o["order_no"] for o in by_no["orders"]] == ["SO-9"]
    assert [t["id"] for t in by_no["open_tickets"]] == [other["id"]]
    refused(sup, "GET", "/lookup?phone=12", status=422, code="invalid_phone")
    refused(sup, "GET", "/lookup", status=422, code="invalid_filter")
    # telephony looks callers up with a tickets:read key
    key = org.admin.ok("POST", "/api-keys", {"account": "telephony", "scopes": ["tickets:read"]},
                       status=201)["key"]
    from tests.support import Api
    assert Api(org.base_url, key).ok("GET", "/lookup?phone=02162345678")["orders"]


def test_orders_are_imported_from_a_csv_file_all_or_nothing(server, org, tmp_path):
    good = tmp_path / "orders.csv"
    good.write_text(
        "order_no,updated_at,customer_name,customer_phone,status,owner,amount,items\n"
        'SO-10,2026-12-01T09:00:00+08:00,陈女士,021-6234 5678,已付款,as1,99.5,'
        '"[{""name"": ""滤网"", ""quantity"": 2}]"\n'
        "SO-11,,王先生,138 0013 8000,已发货,,,\n", encoding="utf-8")
    r = server.cli("orders", "import", str(good))
    assert r.returncode == 0, r.stderr
    assert "imported 2 orders: 2 new" in r.stdout
    sup = org.as_("sup")
    so10 = sup.ok("GET", "/orders/SO-10")
    assert so10["items"] == [{"sku": "", "name": "滤网", "quantity": 2, "price": None}]
    assert so10["owner_id"] == org.users["as1"] and so10["amount"] == 99.5
    assert sup.ok("GET", "/lookup?phone=862162345678")["orders"][0]["order_no"] == "SO-10"

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "order_no,customer_name,status,owner,amount\n"
        "SO-20,赵女士,已付款,,10\n"
        "SO-21,钱先生,已付款,ghost,10\n"
        "x,孙女士,已付款,,10\n"
        "SO-23,李女士,已付款,,ten\n", encoding="utf-8")
    r = server.cli("orders", "import", str(bad))
    assert r.returncode == 1
    assert "line 4: order_no 'x'" in r.stderr and "line 5: amount 'ten'" in r.stderr
    assert "nothing imported" in r.stderr
    assert sup.get("/orders/SO-20").status_code == 404  # not even the good line
    only_owner = tmp_path / "owner.csv"
    only_owner.write_text("order_no,owner\nSO-30,as1\nSO-31,ghost\n", encoding="utf-8")
    r = server.cli("orders", "import", str(only_owner))
    assert r.returncode == 1 and "line 3: no user 'ghost'" in r.stderr
    assert sup.get("/orders/SO-30").status_code == 404
