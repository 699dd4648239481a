"""Lists read again against the real server never go back in time: an answer to a read made
before a change, arriving after the read made once it was done, is not shown; and a change
that asks for the directory while a read of it is on its way is read after all. A proxy
holds the first read's answer back, as a slow connection does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import HoldingProxy
from ticketdesk.client.state.api_keys import ApiKeyList
from ticketdesk.client.state.quick_replies import QuickReplies
from ticketdesk.client.state.saved_views import SavedViews
from ticketdesk.client.state.session import ClientSession
from ticketdesk.client.state.webhooks import WebhookList


def _keys(org, session: ClientSession):
    keys = ApiKeyList(session)
    return (b"GET /api/v1/api-keys", keys.load, lambda: len(keys.keys), lambda: org.admin.ok(
        "POST", "/api-keys", {"account": "telephony", "scopes": ["tickets:read"]}, status=201))


def _quick_replies(org, session: ClientSession):
    replies = QuickReplies(session)
    return (b"GET /api/v1/quick-replies", replies.load, lambda: len(replies.replies),
            lambda: org.admin.ok("POST", "/quick-replies",
                                 {"name": "到账", "body": "退款三日内到账。"}, status=201))


def _views(org, session: ClientSession):
    views = SavedViews(session, lambda ticket, words: True)
    return (b"GET /api/v1/views", views.load, lambda: len(views.views),
            lambda: org.admin.ok("POST", "/views", {"name": "我的"}, status=201))


def _webhooks(org, session: ClientSession):
    hooks = WebhookList(session)
    return (b"GET /api/v1/webhooks", hooks.load, lambda: len(hooks.endpoints),
            lambda: org.admin.ok("POST", "/webhooks", {"url": "http://127.0.0.1:9/hook"},
                                 status=201))


@pytest.mark.parametrize("make_list", [_keys, _quick_replies, _views, _webhooks],
                         ids=["api keys", "quick replies", "saved views", "webhooks"])
def test_an_answer_older_than_the_one_shown_is_not_shown(
    qtbot: QtBot, org, proxy: HoldingProxy, make_session: MakeSession, make_list: Callable
) -> None:
    session = make_session("admin", address=proxy.address)
    request, load, shown, make_one = make_list(org, session)
    qtbot.waitUntil(lambda: session.api.pending == 0, timeout=TIMEOUT_MS)
    proxy.hold(request)
    before = load()
    qtbot.waitUntil(proxy.holding.is_set, timeout=TIMEOUT_MS)  # read, its answer held
    make_one()
    with qtbot.waitSignal(load().finished, timeout=TIMEOUT_MS):
        pass
    assert shown() == 1
    proxy.release()  # the first read's answer (without the new one) arrives last
    with qtbot.waitSignal(before.finished, timeout=TIMEOUT_MS):
        pass
    assert shown() == 1


def test_a_directory_change_during_a_read_of_it_is_read_after_all(
    qtbot: QtBot, org, proxy: HoldingProxy, make_session: MakeSession
) -> None:
    session = make_session("admin", address=proxy.address)
    group_id = org.groups["售后"]
    proxy.hold(b"GET /api/v1/groups")
    session.refresh("groups")
    qtbot.waitUntil(proxy.holding.is_set, timeout=TIMEOUT_MS)
    # The rename's live event asks for the groups again while the read is on its way.
    with qtbot.waitSignal(session.live_event, timeout=TIMEOUT_MS):
        org.admin.ok("PATCH", f"/groups/{group_id}", {"name": "售后服务"})
    proxy.release()
    qtbot.waitUntil(lambda: session.state.groups[group_id].name == "售后服务",
                    timeout=TIMEOUT_MS)
