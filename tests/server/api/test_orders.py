ORDER = {
    "customer_name": "张先生",
    "customer_phone": "138 0013 8000",
    "status": "已签收",
    "owner": "as1",
    "data": {"amount": 1299},
}


def test_order_system_puts_orders_and_users_read_them_with_tickets(org):
    sup = org.as_("sup")
    r = sup.put("/orders/TD1001", ORDER)
    assert r.status_code == 201 and r.json()["owner_id"] == org.users["as1"]
    assert sup.put("/orders/TD1001", {**ORDER, "status": "退款中"}).status_code == 200
    t = org.new_ticket()  # its order_no field is TD1001
    order = org.as_("as1").ok("GET", "/orders/TD1001")
    assert order["status"] == "退款中" and order["customer_name"] == "张先生"
    assert [x["id"] for x in order["tickets"]] == [t["id"]]
    # an agent outside the ticket's group sees the order but not the ticket
    assert org.as_("hl2").ok("GET", "/orders/TD1001")["tickets"] == []


def test_order_errors(org, refused):
    refused(org.as_("sup"), "GET", "/orders/NOPE404", status=404)
    refused(org.as_("sup"), "PUT", "/orders/bad%20no", ORDER, status=422)
    refused(
        org.as_("sup"),
        "PUT",
        "/orders/TD1",
        {**ORDER, "owner": "ghost"},
        status=422,
        code="unknown_user",
    )
    refused(org.as_("hl1"), "PUT", "/orders/TD1001", ORDER, status=403)
