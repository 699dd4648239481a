"""The wire models' examples, as the OpenAPI document shows them (``/api/v1/docs``): one
office on one morning — 李娜 of the hotline takes a call about order TD2026110100123, the
refund request goes to after-sales (售后服务), where 杨磊 accepts it.

Each model names its example(s) in its ``model_config`` (`base.example`), so a route that
sends or answers the model shows it without saying so, and lists of a model show its
example as their item. Built from one another (a ticket's example is inside a page's), so
the same ticket is the same everywhere. ``tests/server/api/test_openapi_examples.py`` checks
that every operation has one and that each matches its schema."""

from __future__ import annotations

from typing import Any

Example = dict[str, Any]

# --------------------------------------------------------------------- people and server

SERVER_INFO: Example = {
    "name": "客服中心 desk1",
    "api_version": "1",
    "server_version": "0.1.0",
    "time": "2026-12-01T01:58:04.213000Z",
    "servers": ["http://desk1.office:8470", "http://desk2.office:8470"],
    "idle_away_minutes": 10.0,
}

USER: Example = {
    "id": 4,
    "username": "li.na",
    "display_name": "李娜",
    "role": "agent",
    "active": True,
    "presence": "online",
    "group_ids": [1],
    "overseen_group_ids": [],
    "presence_changed_at": "2026-12-01T00:58:12Z",
    "capacities": {"1": None},
}

USER_CREATE: Example = {
    "username": "chen.yu", "display_name": "陈雨", "role": "agent", "password": "Hotline-2026",
}

USER_UPDATE: Example = {"display_name": "陈雨（夜班）", "active": True}

LOGIN_REQUEST: Example = {"username": "li.na", "password": "demo1234"}

LOGIN_RESPONSE: Example = {
    "token": "i3NDeXuZBDC-nrIKK8TGj7MvjF20WKkwedLlC33hUkM",
    "expires_at": "2026-12-01T12:58:04Z",
    "user": USER,
    "server": SERVER_INFO,
}

PRESENCE_UPDATE: Example = {"presence": "away", "reason": "idle"}

# --------------------------------------------------------------------- groups

WEEKDAY_HOURS = [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]

WORKING_HOURS: Example = {
    "timezone": "Asia/Shanghai",
    "weekly": {day: WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri", "sat")},
    "holidays": ["2027-01-01", "2027-02-16", "2027-02-17"],
}

GROUP: Example = {
    "id": 3,
    "name": "售后服务",
    "description": "After-sales: refunds, returns and order changes; Mon–Sat 09:00–18:00",
    "working_hours": WORKING_HOURS,
    "accept_timeout_seconds": 300,
    "default_capacity": 5,
    "active": True,
    "load": {"queued": 2, "held": 0, "assigned": 1, "in_progress": 6, "pending": 1,
             "members": 5, "online": 3},
    "supervisor_ids": [2],
}

GROUP_CREATE: Example = {
    "name": "大客户服务",
    "description": "Key accounts: one named contact per customer",
    "working_hours": {"timezone": "Asia/Shanghai",
                      "weekly": {day: [{"start": "09:00", "end": "18:00"}]
                                 for day in ("mon", "tue", "wed", "thu", "fri")},
                      "holidays": ["2027-01-01"]},
    "accept_timeout_seconds": 180,
    "default_capacity": 3,
}

GROUP_UPDATE: Example = {"accept_timeout_seconds": 240, "default_capacity": 6}

MEMBERSHIP: Example = {"group_id": 3, "user_id": 9, "capacity": 4}

MEMBERSHIP_SET: Example = {"capacity": 4}

# --------------------------------------------------------------------- ticket types

TICKET_TYPE: Example = {
    "id": 1,
    "key": "refund_request",
    "name": "退款申请",
    "description": "Refund request: a customer wants money back for an order.",
    "fields": [
        {"key": "order_no", "label": "订单号", "kind": "order_no", "required": True,
         "options": [], "min_length": None, "max_length": None, "min_value": None,
         "max_value": None, "help": ""},
        {"key": "amount", "label": "退款金额（元）", "kind": "number", "required": True,
         "options": [], "min_length": None, "max_length": None, "min_value": 0.01,
         "max_value": 100000.0, "help": ""},
        {"key": "reason", "label": "退款原因", "kind": "choice", "required": True,
         "options": ["商品质量问题", "发错货", "未收到货", "七天无理由", "其他"],
         "min_length": None, "max_length": None, "min_value": None, "max_value": None,
         "help": ""},
        {"key": "customer_phone", "label": "客户电话", "kind": "phone", "required": True,
         "options": [], "min_length": None, "max_length": None, "min_value": None,
         "max_value": None, "help": ""},
    ],
    "body_template": "客户诉求：\n已核实情况：\n建议处理方式：",
    "default_group_id": 3,
    "default_priority": "normal",
    "sla_first_response_minutes": 30,
    "sla_resolution_minutes": 1440,
    "sla_policy": {"clock": "business", "warn_percent": 80, "warn_minutes_before": None,
                   "by_priority": {"urgent": {"first_response_minutes": 10,
                                              "resolution_minutes": 240}},
                   "on_warning": None,
                   "on_breach": {"raise_priority": "urgent", "notify_group": "投诉处理"}},
    "active": True,
    "version": 2,
}

TICKET_TYPE_CREATE: Example = {
    "key": "invoice_request",
    "name": "发票申请",
    "description": "A customer asks for an invoice (发票) for an order.",
    "fields": [
        {"key": "order_no", "label": "订单号", "kind": "order_no", "required": True},
        {"key": "invoice_kind", "label": "发票类型", "kind": "choice", "required": True,
         "options": ["电子普通发票", "增值税专用发票"]},
        {"key": "tax_id", "label": "纳税人识别号", "kind": "text", "max_length": 20},
    ],
    "body_template": "开票抬头：\n收票邮箱：",
    "default_group": "售后服务",
    "default_priority": "normal",
    "sla_first_response_minutes": 60,
    "sla_resolution_minutes": 2880,
}

TICKET_TYPE_UPDATE: Example = {
    "sla_first_response_minutes": 20,
    "sla_policy": {"clock": "business", "warn_percent": 75,
                   "on_breach": {"raise_priority": "urgent"}},
}

# --------------------------------------------------------------------- tickets

TICKET: Example = {
    "id": 1,
    "type_id": 1,
    "type_key": "refund_request",
    "type_version": 2,
    "title": "空气净化器滤网破损，客户要求全额退款",
    "body": "客户诉求：全额退款\n已核实情况：客户提供了开箱照片，滤网外框断裂\n"
            "建议处理方式：上门取件后退款",
    "fields": {"order_no": "TD2026110100123", "amount": 1299, "reason": "商品质量问题",
               "customer_phone": "138 0013 8000"},
    "group_id": 3,
    "priority": "normal",
    "status": "in_progress",
    "assignee_id": 9,
    "order_no": "TD2026110100123",
    "source": None,
    "external_id": None,
    "created_by_id": 4,
    "created_by_name": "李娜",
    "created_at": "2026-12-01T01:12:40Z",
    "updated_at": "2026-12-01T01:15:02Z",
    "assigned_at": "2026-12-01T01:12:41Z",
    "accepted_at": "2026-12-01T01:14:10Z",
    "first_response_at": "2026-12-01T01:14:10Z",
    "resolved_at": None,
    "held_until": None,
    "accept_deadline": None,
    "first_response_due_at": "2026-12-01T01:42:40Z",
    "resolution_due_at": "2026-12-02T05:12:40Z",
    "first_response_warn_at": "2026-12-01T01:36:40Z",
    "resolution_warn_at": "2026-12-02T01:00:40Z",
    "sla_anchor_at": "2026-12-01T01:12:40Z",
    "sla_first_response_used_s": 90,
    "sla_resolution_used_s": 142,
    "transfer_count": 0,
    "version": 4,
}

PHONE_TICKET: Example = {
    **TICKET,
    "id": 42, "type_id": 5, "type_key": "callback", "type_version": 1,
    "title": "来电 021-6234 5678", "body": "", "fields": {"phone": "021-6234 5678"},
    "group_id": 1, "status": "assigned", "assignee_id": 4, "order_no": None,
    "source": "pbx", "external_id": "1701234567.42",
    "created_by_id": 16, "created_by_name": "呼叫中心 telephony",
    "created_at": "2026-12-01T02:03:11Z", "updated_at": "2026-12-01T02:03:11Z",
    "assigned_at": "2026-12-01T02:03:11Z", "accepted_at": None, "first_response_at": None,
    "accept_deadline": "2026-12-01T02:05:11Z",
    "first_response_due_at": "2026-12-01T02:18:11Z", "resolution_due_at": None,
    "first_response_warn_at": "2026-12-01T02:15:11Z", "resolution_warn_at": None,
    "sla_anchor_at": "2026-12-01T02:03:11Z",
    "sla_first_response_used_s": 0, "sla_resolution_used_s": 0, "version": 1,
}

EVENTS: list[Example] = [
    {"id": 301, "kind": "created", "ticket_id": 1, "actor_id": 4, "actor_name": "李娜",
     "created_at": "2026-12-01T01:12:40Z",
     "data": {"type": "refund_request", "title": "空气净化器滤网破损，客户要求全额退款",
              "group": "售后服务", "group_id": 3, "order_no": "TD2026110100123",
              "priority": "normal"}},
    {"id": 302, "kind": "assigned", "ticket_id": 1, "actor_id": None, "actor_name": "",
     "created_at": "2026-12-01T01:12:41Z",
     "data": {"agent": "杨磊", "agent_id": 9, "reason": "order_owner",
              "why": "owner of order TD2026110100123, online, 2 of 5 in hand"}},
    {"id": 305, "kind": "accepted", "ticket_id": 1, "actor_id": 9, "actor_name": "杨磊",
     "created_at": "2026-12-01T01:14:10Z", "data": {}},
    {"id": 311, "kind": "commented", "ticket_id": 1, "actor_id": 9, "actor_name": "杨磊",
     "created_at": "2026-12-01T01:15:02Z",
     "data": {"body": "已联系快递上门取件，收到退货后当天退款。"}},
]

TICKET_DETAIL: Example = {**TICKET, "events": EVENTS}

TICKETS_PAGE: Example = {"data": [TICKET, PHONE_TICKET], "next_cursor": "dDQx"}

TICKET_CREATE: Example = {
    "type": "refund_request",
    "title": "空气净化器滤网破损，客户要求全额退款",
    "fields": {"order_no": "TD2026110100123", "amount": 1299, "reason": "商品质量问题",
               "customer_phone": "138 0013 8000"},
    "body": "客户诉求：全额退款\n已核实情况：客户提供了开箱照片，滤网外框断裂\n"
            "建议处理方式：上门取件后退款",
    "order_no": "TD2026110100123",
}

TICKET_CREATE_FROM_CALL: Example = {
    "type": "callback", "title": "来电 021-6234 5678", "fields": {"phone": "021-6234 5678"},
    "source": "pbx", "external_id": "1701234567.42",
}
"""A ticket from an incoming call (API key with ``tickets:write``)."""

COMMENT_CREATE: Example = {"body": "已联系快递上门取件，收到退货后当天退款。"}

TRANSFER_REQUEST: Example = {
    "group": "投诉处理", "note": "客户要求投诉配送员，转投诉处理跟进", "version": 4,
}

ACTION_NOTE: Example = {"note": "等待仓库确认退货入库"}

ASSIGN_REQUEST: Example = {
    "agent": "zhou.jie", "override_capacity": False, "note": "周杰熟悉该客户", "version": 4,
}

BULK_MOVE_REQUEST: Example = {"moves": [
    {"action": "assign", "ticket": 1, "version": 4, "agent": "zhou.jie"},
    {"action": "transfer", "ticket": 3, "version": 2, "group": "投诉处理",
     "note": "配送投诉，转投诉处理"},
    {"action": "unassign", "ticket": 5, "version": 6, "note": "杨磊下班，放回队列"},
]}

BULK_MOVE_RESULT: Example = {"tickets": [
    {**TICKET, "assignee_id": 11, "status": "assigned", "version": 5},
]}

TICKET_EXPORT_NDJSON = (
    '{"columns":["id","title","status","group_id","assignee_id","order_no","created_at"],'
    '"total":2}\n'
    '[42,"来电 021-6234 5678","assigned",1,4,null,"2026-12-01T02:03:11Z"]\n'
    '[1,"空气净化器滤网破损，客户要求全额退款","in_progress",3,9,"TD2026110100123",'
    '"2026-12-01T01:12:40Z"]\n'
    '{"end":true,"rows":2}\n'
)
"""``GET /tickets/export`` as it streams (NDJSON: a header, rows, an end line)."""

# --------------------------------------------------------------------- attachments

ATTACHMENT: Example = {
    "id": 7,
    "ticket_id": 1,
    "name": "滤网破损.png",
    "content_type": "image/png",
    "size": 482113,
    "sha256": "93497ee4808a75d08c0cef2583b1a78511253a7bf06a909fb489a0a32d9e3456",
    "comment_id": 311,
    "event_id": 312,
    "created_by_id": 9,
    "created_by_name": "杨磊",
    "created_at": "2026-12-01T01:15:09Z",
}

ATTACHMENT_LIST: Example = {"data": [ATTACHMENT]}

# --------------------------------------------------------------------- audit

EVENTS_PAGE: Example = {
    "data": [
        {"id": 318, "kind": "group_updated", "ticket_id": None, "actor_id": 1,
         "actor_name": "王海（管理员）", "created_at": "2026-12-01T01:40:00Z",
         "data": {"group_id": 3, "name": "售后服务",
                  "changes": {"accept_timeout_seconds": {"from": 300, "to": 240}}}},
        *reversed(EVENTS),
    ],
    "next_cursor": "ZTE3OTYyMjIzNzg1MTYyMDYuOTQ",
}

EVENT_EXPORT_NDJSON = (
    '{"columns":["id","kind","ticket_id","actor_id","actor_name","created_at","data"],'
    '"total":2}\n'
    '[311,"commented",1,9,"杨磊","2026-12-01T01:15:02Z",'
    '{"body":"已联系快递上门取件，收到退货后当天退款。"}]\n'
    '[305,"accepted",1,9,"杨磊","2026-12-01T01:14:10Z",{}]\n'
    '{"end":true,"rows":2}\n'
)
"""``GET /events/export`` as it streams (NDJSON: a header, rows, an end line)."""

# --------------------------------------------------------------------- orders

ORDER_ITEMS = [{"sku": "AP-200", "name": "空气净化器", "quantity": 1, "price": 1299.0}]

ORDER_UPSERT: Example = {
    "updated_at": "2026-12-01T09:30:00+08:00",
    "customer_name": "张先生",
    "customer_phone": "138 0013 8000",
    "status": "已签收",
    "owner": "yang.lei",
    "amount": 1299.0,
    "items": ORDER_ITEMS,
}

ORDER: Example = {
    "order_no": "TD2026110100123",
    "customer_name": "张先生",
    "customer_phone": "138 0013 8000",
    "customer_phone_e164": "+8613800138000",
    "status": "已签收",
    "owner_id": 9,
    "amount": 1299.0,
    "items": ORDER_ITEMS,
    "data": {"channel": "天猫旗舰店"},
    "updated_at": "2026-12-01T01:30:00Z",
    "tickets": [TICKET],
}

LOOKUP_RESULT: Example = {
    "phone_e164": "+8613800138000",
    "orders": [{**ORDER, "tickets": []}],
    "open_tickets": [TICKET],
}

# --------------------------------------------------------------------- KPIs

_KPI_FIGURES: Example = {
    "created": 46, "assigned": 51, "accepted": 49, "resolved": 41, "reopened": 2,
    "transferred_in": 5, "transferred_out": 3, "lapsed": 2, "first_responses": 44,
    "first_response_avg_seconds": 312.5, "first_response_median_seconds": 240.0,
    "first_response_p90_seconds": 780.0, "handling_avg_seconds": 5410.0,
    "handling_median_seconds": 3900.0, "handling_p90_seconds": 14200.0,
    "sla_first_response_breaches": 1, "sla_resolution_breaches": 2,
    "escalation_warnings": 4, "escalation_breaches": 1, "backlog": 9,
    "backlog_oldest_seconds": 190800.0, "backlog_by_age": [3, 2, 2, 1, 1],
    "online_seconds": None, "away_seconds": None, "offline_seconds": None,
}

KPI_GROUP_ROW: Example = {"group_id": 3, "agent_id": None, "name": "售后服务", **_KPI_FIGURES}

KPI_REPORT: Example = {
    "period_from": "2026-11-22T16:00:00Z",
    "period_to": "2026-11-29T16:00:00Z",
    "by": "group",
    "rows": [KPI_GROUP_ROW],
    "timezone": "Asia/Shanghai",
    "total": {**KPI_GROUP_ROW, "group_id": None, "name": ""},
    "groups": [KPI_GROUP_ROW],
    "agents": [{
        **_KPI_FIGURES, "group_id": None, "agent_id": 9, "name": "杨磊", "created": 0,
        "assigned": 14, "accepted": 14, "resolved": 12, "reopened": 1, "transferred_in": 0,
        "transferred_out": 1, "lapsed": 0, "first_responses": 13, "backlog": 2,
        "backlog_oldest_seconds": 7200.0, "backlog_by_age": [1, 1, 0, 0, 0],
        "online_seconds": 129600.0, "away_seconds": 5400.0, "offline_seconds": 469800.0,
    }],
    "step": "day",
    "series": [{"start": "2026-11-22T16:00:00Z", "created": 8, "resolved": 6},
               {"start": "2026-11-23T16:00:00Z", "created": 7, "resolved": 7}],
    "first_response_histogram": [
        {"from_seconds": 0, "to_seconds": 60, "count": 5},
        {"from_seconds": 60, "to_seconds": 300, "count": 21},
        {"from_seconds": 300, "to_seconds": 900, "count": 14},
        {"from_seconds": 900, "to_seconds": 1800, "count": 3},
        {"from_seconds": 1800, "to_seconds": None, "count": 1},
    ],
    "backlog_age": [
        {"from_seconds": 0, "to_seconds": 3600, "count": 3},
        {"from_seconds": 3600, "to_seconds": 14400, "count": 2},
        {"from_seconds": 14400, "to_seconds": 86400, "count": 2},
        {"from_seconds": 86400, "to_seconds": 259200, "count": 1},
        {"from_seconds": 259200, "to_seconds": None, "count": 1},
    ],
}

# --------------------------------------------------------------------- routing

ROUTING_HINTS: Example = {
    "at": "2026-12-01T01:12:41Z",
    "ticket_id": 1,
    "order_no": "TD2026110100123",
    "order_owner": {"id": 9, "name": "杨磊"},
    "previous_handlers": [{"id": 11, "name": "周杰"}],
    "groups": [{
        "id": 3, "name": "售后服务", "active": True, "queued": 2, "held": 0, "members": 5,
        "online": 3, "free_capacity": 7, "open_now": True, "opens_at": None,
        "pick": {"agent_id": 9, "name": "杨磊", "rule": "order_owner", "load": 2,
                 "capacity": 5},
        "no_pick": None, "has_order_owner": True, "has_previous_handler": True,
        "agents": [
            {"id": 9, "name": "杨磊", "presence": "online", "load": 2, "capacity": 5,
             "eligible": True, "order_owner": True, "previous_handler": False},
            {"id": 11, "name": "周杰", "presence": "online", "load": 5, "capacity": 5,
             "eligible": False, "order_owner": False, "previous_handler": True},
        ],
    }],
}

# --------------------------------------------------------------------- API keys

API_KEY_CREATE: Example = {
    "account": "telephony", "display_name": "呼叫中心 telephony", "name": "PBX hall 2",
    "scopes": ["tickets:read", "tickets:write"], "expires_at": "2027-06-30T00:00:00+08:00",
}

API_KEY: Example = {
    "id": 3,
    "account_id": 16,
    "account": "telephony",
    "account_display_name": "呼叫中心 telephony",
    "name": "PBX hall 2",
    "prefix": "tdk_wrm6B7",
    "scopes": ["tickets:read", "tickets:write"],
    "expires_at": "2027-06-29T16:00:00Z",
    "created_at": "2026-12-01T01:20:27Z",
    "last_used_at": "2026-12-01T02:03:11Z",
    "revoked_at": None,
    "replaced_by_id": None,
    "active": True,
}

API_KEY_CREATED: Example = {
    **API_KEY, "last_used_at": None, "key": "tdk_wrm6B7JnLwbF56XbhzxRw5b35873Hu2yybwf",
}

# --------------------------------------------------------------------- webhooks

WEBHOOK_CREATE: Example = {
    "url": "https://crm.example.com/hooks/ticketdesk",
    "description": "CRM: new and resolved after-sales tickets",
    "kinds": ["created", "resolved"],
    "groups": [3],
}

WEBHOOK_UPDATES: list[Example] = [
    {"enabled": False},
    {"kinds": ["created", "transferred"], "groups": []},
]

WEBHOOK: Example = {
    "id": 2,
    **WEBHOOK_CREATE,
    "enabled": True,
    "disabled_reason": "",
    "previous_secret_until": None,
    "created_at": "2026-11-20T03:00:00Z",
    "updated_at": "2026-11-20T03:00:00Z",
    "counts": {"pending": 1, "delivered": 1834, "dead": 2},
}

WEBHOOK_WITH_SECRET: Example = {
    **WEBHOOK, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
}

DELIVERIES_PAGE: Example = {
    "data": [
        {"id": 1202, "endpoint_id": 2, "event_id": 301, "message_id": "msg_td301",
         "type": "ticket.created", "ticket_id": 1, "state": "delivered", "attempts": 1,
         "next_attempt_at": None, "last_attempt_at": "2026-12-01T01:12:41Z",
         "last_status": 200, "last_error": "", "delivered_at": "2026-12-01T01:12:41Z",
         "created_at": "2026-12-01T01:12:40Z"},
        {"id": 1201, "endpoint_id": 2, "event_id": 288, "message_id": "msg_td288",
         "type": "ticket.resolved", "ticket_id": 38, "state": "dead", "attempts": 17,
         "next_attempt_at": None, "last_attempt_at": "2026-11-30T09:41:07Z",
         "last_status": 503, "last_error": "503 Service Unavailable", "delivered_at": None,
         "created_at": "2026-11-29T09:40:02Z"},
    ],
    "next_cursor": "1201",
}

REDELIVER_REQUESTS: list[Example] = [{}, {"deliveries": [1201]}]

REDELIVER_RESULT: Example = {"redelivered": 1}

# --------------------------------------------------------------------- quick replies, views

QUICK_REPLY_CREATE: Example = {
    "name": "退款到账时间",
    "body": "您好 {customer_name}，订单 {order_number} 的退款已提交，预计 1–3 个工作日原路退回。",
    "group_id": 3,
}

QUICK_REPLY: Example = {
    "id": 12, "name": QUICK_REPLY_CREATE["name"], "body": QUICK_REPLY_CREATE["body"],
    "group_id": 3, "owner_id": None, "updated_at": "2026-11-28T08:00:00Z",
}

QUICK_REPLY_UPDATE: Example = {"body": "您好 {customer_name}，退款已原路退回，请留意到账。"}

VIEW_CREATE: Example = {
    "name": "售后加急", "filter": {"group": [3], "priority": ["urgent"]},
    "sort_column": "age", "sort_descending": True,
    "columns": ["number", "title", "status", "assignee", "age", "sla"], "group_id": 3,
}

VIEW: Example = {
    "id": 5,
    "name": "售后加急",
    "filter": {"status": [], "group": [3], "assignee": None, "type": [],
               "priority": ["urgent"], "order_no": None, "q": None},
    "sort_column": "age",
    "sort_descending": True,
    "columns": ["number", "title", "status", "assignee", "age", "sla"],
    "group_id": 3,
    "owner_id": 2,
    "editable": True,
    "updated_at": "2026-11-30T07:45:00Z",
}

VIEW_UPDATE: Example = {"name": "售后加急（本周）", "columns": ["number", "title", "sla"]}
